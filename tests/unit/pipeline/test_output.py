"""Table output people can read, and data formats that carry every column whole."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rich.console import Console

from pipeline.output import OutputFormat, fit_widths, render

LONG = "Online grooming is when someone builds a relationship with a child " * 4
ROWS = [
    {"region": "Brighton and Hove", "harm": "Eating disorders and pro-eating-disorder content",
     "evidence": LONG, "documents": ["8.45 Online Safety"], "harm_id": "harm:eating-disorders",
     "contact": "contact:phone:08001111 [bold]x[/bold]", "ok": True},
    {"region": "Dudley", "harm": "Online grooming", "evidence": "short", "documents": [],
     "harm_id": "harm:grooming", "contact": "", "ok": False},
]
COLS = list(ROWS[0])


def _out(capsys, fmt, *, terminal=False, width=80, **kw) -> str:
    console = Console(force_terminal=terminal, width=width, color_system=None)
    render(ROWS, fmt, COLS, console=console, **kw)
    return capsys.readouterr().out


def test_plain_table_when_not_a_terminal_is_one_line_per_row_with_ids_hidden(capsys):
    out = _out(capsys, OutputFormat.table, show_ids=False)
    lines = out.splitlines()
    assert len(lines) == 1 + len(ROWS)
    assert "harm_id" not in lines[0] and "harm:grooming" not in out
    assert "Eating disorders and pro-eating-disorder content" in lines[1]  # names whole
    assert "…" in lines[1] and LONG not in out  # long evidence is cut


def test_full_shows_long_text_and_ids_flag_shows_id_columns(capsys):
    out = _out(capsys, OutputFormat.table, full=True, show_ids=True)
    assert LONG.strip() in out and "harm:eating-disorders" in out


def test_cells_are_never_parsed_as_markup_or_emoji(capsys):
    out = _out(capsys, OutputFormat.table, terminal=True, width=300)
    assert "contact:phone:08001111 [bold]x[/bold]" in out and "☎" not in out


def test_terminal_table_at_80_columns_fits_and_never_breaks_a_name(capsys):
    out = _out(capsys, OutputFormat.table, terminal=True, width=80, show_ids=False)
    body = out.splitlines()
    assert all(len(line) <= 80 for line in body if not line.startswith("(not shown"))
    assert "not shown at this width" in out  # what did not fit is said, not silently dropped
    # the evidence wraps at words; the region and harm columns stay on their row's first line
    assert sum("Brighton and Hove" in line for line in body) == 1
    assert not any(line.strip() in ("Hove", "and Hove") for line in body)


def test_fit_widths_keeps_the_first_two_name_columns_readable():
    cells = [["Brighton and Hove", "Online grooming", LONG[:100], "x" * 50]]
    widths = fit_widths(["region", "harm", "evidence", "documents"], cells, 80)
    assert widths[0] == len("Brighton and Hove") and widths[1] == len("Online grooming")


def test_csv_and_tsv_carry_every_column_with_json_lists_and_true_false(capsys):
    rows = list(csv.DictReader(io.StringIO(_out(capsys, OutputFormat.csv))))
    assert rows[0]["harm_id"] == "harm:eating-disorders" and rows[0]["evidence"] == LONG
    assert json.loads(rows[0]["documents"]) == ["8.45 Online Safety"] and rows[1]["ok"] == "false"
    tsv = _out(capsys, OutputFormat.tsv).splitlines()
    assert tsv[0].split("\t") == COLS and len(tsv) == 3 and tsv[1].split("\t")[6] == "true"


@pytest.mark.parametrize("fmt", [OutputFormat.json, OutputFormat.jsonl])
def test_json_formats_keep_values_typed(capsys, fmt):
    out = _out(capsys, fmt)
    rows = json.loads(out) if fmt is OutputFormat.json else [json.loads(x) for x in out.splitlines()]
    assert rows == ROWS


def test_markdown_is_a_pipe_table(capsys):
    out = _out(capsys, OutputFormat.markdown, show_ids=False).splitlines()
    assert out[0].startswith("| region | harm |") and out[1].startswith("| --- |") and len(out) == 4
