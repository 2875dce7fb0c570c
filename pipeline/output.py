"""Rows on stdout in the formats of ``--format``: a table people can read, or data for scripts.

Table view (``table``, ``markdown``) is for reading: id columns are hidden unless asked for
(``--ids``), long text is cut with "…" (``--full`` shows it), name and number columns never wrap,
cells are plain text (never rich markup or emoji codes). When stdout is not a terminal, ``table``
is a plain aligned table, one line per row, so a file or ``less -S`` reads well and ``grep`` finds
whole rows. The data formats (``json``, ``jsonl``, ``csv``, ``tsv``) always carry every column,
whole.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import textwrap
from collections.abc import Sequence
from enum import Enum
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from queries.format import cell_text, cut


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


#: Columns of running text: they wrap at word boundaries and are cut to TEXT_LIMIT characters.
TEXT_COLUMNS = frozenset({"evidence", "sentences", "description", "text", "title", "reason"})
TEXT_LIMIT = 100
#: Every other cell (names, lists of names, numbers) stays on one line, cut to NAME_LIMIT.
NAME_LIMIT = 60
#: In a terminal too narrow for the whole table: running text wraps down to TEXT_MIN columns,
#: secondary names are cut down to NAME_MIN.
TEXT_MIN = 30
NAME_MIN = 12
PRIMARY_MIN = 24
TEXT_FLOOR = 20
NAME_CAP = 30
GAP = "  "


def is_id_column(name: str) -> bool:
    """``id``, ``harm_id``, ``sha256``: machine keys, hidden in table view unless ``--ids``."""
    return name in ("id", "sha256") or name.endswith("_id")


def data_text(value: Any) -> str:
    """A cell for CSV/TSV: lists and maps as JSON, booleans ``true``/``false``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def view_columns(columns: Sequence[str], show_ids: bool) -> list[str]:
    """The columns a table view shows."""
    return [c for c in columns if show_ids or not is_id_column(c)]


def view_cell(column: str, value: Any, full: bool) -> str:
    text = cell_text(value)
    if full:
        return text
    return cut(text, TEXT_LIMIT if column in TEXT_COLUMNS else NAME_LIMIT)


def render(
    rows: Sequence[dict[str, Any]],
    fmt: OutputFormat,
    columns: Sequence[str],
    *,
    console: Console,
    title: str | None = None,
    full: bool = False,
    show_ids: bool = True,
) -> None:
    """Write ``rows`` to stdout in ``fmt`` (see the module docstring for what each does)."""
    out = sys.stdout
    if fmt is OutputFormat.json:
        out.write(json.dumps(list(rows), indent=2, ensure_ascii=False, default=str) + "\n")
    elif fmt is OutputFormat.jsonl:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        writer.writerows([data_text(row.get(c)) for c in columns] for row in rows)
        out.write(buf.getvalue())
    elif fmt is OutputFormat.tsv:
        out.write("\t".join(columns) + "\n")
        for row in rows:
            out.write("\t".join(" ".join(data_text(row.get(c)).split()) for c in columns) + "\n")
    else:
        cols = view_columns(columns, show_ids)
        cells = [[view_cell(c, row.get(c), full) for c in cols] for row in rows]
        if fmt is OutputFormat.markdown:
            out.write(_markdown(cols, cells))
        elif console.is_terminal:
            _rich_table(cols, cells, title, console)
        else:
            out.write(_plain(cols, cells))


def _markdown(cols: list[str], cells: list[list[str]]) -> str:
    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |\n"

    return line(cols) + line(["---"] * len(cols)) + "".join(line(r) for r in cells)


def _widths(cols: list[str], cells: list[list[str]]) -> list[int]:
    return [max([cell_len(c), *(cell_len(r[i]) for r in cells)]) for i, c in enumerate(cols)]


def _line(values: Sequence[str], widths: Sequence[int]) -> str:
    return GAP.join(v + " " * (w - cell_len(v)) for v, w in zip(values, widths, strict=True)).rstrip()


def _plain(cols: list[str], cells: list[list[str]]) -> str:
    widths = _widths(cols, cells)
    return "".join(_line(r, widths) + "\n" for r in [cols, *cells])


def fit_widths(cols: list[str], cells: list[list[str]], width: int) -> dict[int, int]:
    """Column index -> width for a terminal ``width`` wide. Until the table fits: the name
    columns after the first one are cut with "…" to NAME_CAP; running text shrinks (it wraps) to
    TEXT_MIN; the secondary names, widest first, are cut down to NAME_MIN; the rightmost
    secondary columns are left out (the caller says which); the second name column is cut down
    to PRIMARY_MIN; text shrinks on to TEXT_FLOOR. The first column (the row's key: a query
    name, a region) is never cut."""
    natural = _widths(cols, cells)
    widths = dict(enumerate(natural))
    text = [i for i, c in enumerate(cols) if c in TEXT_COLUMNS]
    names = [i for i, c in enumerate(cols) if c not in TEXT_COLUMNS]

    def excess() -> int:
        return sum(widths.values()) + cell_len(GAP) * (len(widths) - 1) - width

    for i in [*names[2:], *names[1:2]]:
        if excess() > 0:
            widths[i] = min(widths[i], max(NAME_CAP, cell_len(cols[i])))
    for i in text:
        if excess() > 0:
            widths[i] = min(widths[i], TEXT_MIN)

    def shrink(group: list[int], floor: int) -> None:
        for i in sorted(group, key=lambda i: -widths[i]):
            if excess() > 0:
                widths[i] = max(min(floor, widths[i]), cell_len(cols[i]), widths[i] - excess())

    shrink(names[2:], NAME_MIN)
    for i in reversed(names[2:]):
        if excess() > 0:
            del widths[i]
    shrink(names[1:2], PRIMARY_MIN)
    shrink(text, TEXT_FLOOR)
    for i in text:  # the text columns share what is left
        spare = -excess()
        if spare > 0:
            widths[i] += min(natural[i] - widths[i], spare)
    return widths


def _fitted(cols: list[str], cells: list[list[str]], width: int) -> tuple[list[str], list[str]]:
    """The table as lines at most ``width`` wide where it can be: text wraps, names are cut.
    Returns the lines and the columns left out for width."""
    fit = fit_widths(cols, cells, width)
    keep = sorted(fit)
    widths = [fit[i] for i in keep]
    lines = [_line([cols[i] for i in keep], widths), _line(["─" * w for w in widths], widths)]
    for r in cells:
        parts = [(textwrap.wrap(r[i], fit[i]) or [""]) if cols[i] in TEXT_COLUMNS
                 else [_cut_cells(r[i], fit[i])] for i in keep]
        for k in range(max(len(p) for p in parts)):
            lines.append(_line([p[k] if k < len(p) else "" for p in parts], widths))
    return lines, [c for i, c in enumerate(cols) if i not in fit]


def _cut_cells(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    return text[: max(1, width - 1)].rstrip() + "…"


def _rich_table(cols: list[str], cells: list[list[str]], title: str | None, console: Console) -> None:
    if title:
        console.print(Text(title, style="bold"), soft_wrap=True)
    lines, hidden = _fitted(cols, cells, console.width)
    console.print(Text(lines[0], style="bold"), soft_wrap=True)
    for line in lines[1:]:
        console.print(Text(line), soft_wrap=True)
    if hidden:
        console.print(Text(f"(not shown at this width: {', '.join(hidden)}; widen the terminal or "
                           "use --format tsv)", style="dim"), soft_wrap=True)
