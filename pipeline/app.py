"""The shared Typer application, output helpers and error translation for every command.

Command modules in ``pipeline/commands/`` register themselves on :data:`app`. They import heavy
libraries (spaCy, Prefect, pdfplumber, the drivers) inside the command body, so that
``skg --help`` and the quick commands stay fast.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from extractors.errors import SkgError

app = typer.Typer(
    name="skg",
    help=(
        "Safeguarding Graph: turn regional online-safeguarding guidance into a knowledge graph "
        "of harms, offences and reporting routes, and ask where each region falls short.\n\n"
        "Start with `skg ingest data/raw`, then `skg query` to list the analyst queries."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)

console = Console()
err_console = Console(stderr=True)

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_PARTIAL = 2


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class State:
    verbose: bool = False


state = State()


@app.callback()
def _main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show tracebacks and Prefect logs."),
) -> None:
    state.verbose = verbose
    from pipeline.settings import get_settings

    with user_errors():
        get_settings()  # a bad SKG_* value is one Error line here, whichever command runs


def printable(message: str) -> str:
    """``message`` safe to print: URI credentials redacted (D19), undecodable file-name bytes
    shown as ``\xff`` escapes rather than crashing the terminal encoder (D5)."""
    from extractors.errors import redact

    return redact(message).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def fail(message: str, code: int = EXIT_USER_ERROR) -> NoReturn:
    """Print ``Error: message`` on stderr and exit with ``code``."""
    # The message is data (file names may hold "[...]"): never parse it as rich markup.
    err_console.print(Text.assemble(("Error:", "bold red"), " ", printable(message)), highlight=False,
                      soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Translate the package's errors into one ``Error: …`` line and exit 1."""
    try:
        yield
    except SkgError as e:
        if state.verbose:
            err_console.print_exception()
        fail(str(e))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except OSError as e:  # a read-only or full disk, a path that is a file: not a traceback (D13)
        if state.verbose:
            err_console.print_exception()
        where = f"{e.filename}: " if e.filename else ""
        fail(f"{where}{e.strerror or e}")


def print_json(data: Any) -> None:
    """Print JSON on stdout without rich markup, so scripts can parse it."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def print_rows(
    rows: Sequence[dict[str, Any]],
    fmt: OutputFormat = OutputFormat.table,
    title: str | None = None,
    columns: Sequence[str] | None = None,
) -> None:
    """Print rows as a rich table, JSON array or CSV (the shared ``--format`` option)."""
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt is OutputFormat.json:
        print_json(list(rows))
        return
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in cols})
        sys.stdout.write(buf.getvalue())
        return
    table = Table(title=title, show_lines=False, highlight=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in cols))
    console.print(table)
    if not rows:
        console.print("[dim](no rows)[/]")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


FormatOption: Callable[..., Any] = lambda: typer.Option(  # noqa: E731
    OutputFormat.table, "--format", "-f", help="Output as a table, JSON or CSV."
)
