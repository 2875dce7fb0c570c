"""The shared Typer application, output helpers and error translation for every command.

Command modules in ``pipeline/commands/`` register themselves on :data:`app`. They import heavy
libraries (spaCy, Prefect, pdfplumber, the drivers) inside the command body, so that
``skg --help`` and the quick commands stay fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from extractors.errors import SkgError
from pipeline.output import OutputFormat, render

__all__ = ["OutputFormat", "app", "console", "err_console", "fail", "print_json", "print_rows",
           "state", "user_errors"]

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

# Exit codes (README "Exit codes"): 2 is "some inputs failed", so usage errors (an unknown
# command or option, a malformed option value), which click gives 2, get 64 (EX_USAGE, sysexits.h).
EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_PARTIAL = 2
EXIT_USAGE = 64


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
    fmt: OutputFormat | None = None,
    title: str | None = None,
    columns: Sequence[str] | None = None,
    *,
    full: bool = False,
    ids: bool = True,
    empty_note: str | None = None,
) -> None:
    """Print rows in ``fmt`` (the shared ``--format`` option; see :mod:`pipeline.output`).

    ``ids=False`` hides id columns in table view; ``full`` turns off the cutting of long cells.
    With no rows, ``empty_note`` (or "no rows") is said on stderr, or below an empty table.
    """
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    fmt = fmt or OutputFormat.table
    render(rows, fmt, cols, console=console, title=title, full=full, show_ids=ids)
    if not rows:
        note = empty_note or "no rows"
        if fmt is OutputFormat.table and console.is_terminal:
            console.print(Text(f"({note})", style="dim"))
        else:
            err_console.print(Text(f"({note})"), highlight=False, soft_wrap=True)


FormatOption: Callable[..., Any] = lambda: typer.Option(  # noqa: E731
    None, "--format", "-f", show_default=False,
    help="table (default; plain aligned text when stdout is not a terminal), json, jsonl, csv, "
         "tsv or markdown.",
)
FullOption: Callable[..., Any] = lambda: typer.Option(  # noqa: E731
    False, "--full", help="Table view: show long text whole instead of cut with '…'.")
IdsOption: Callable[..., Any] = lambda: typer.Option(  # noqa: E731
    False, "--ids", help="Table view: show the id columns (JSON, CSV and TSV always have them).")
