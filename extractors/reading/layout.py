"""Reading order on a PDF page from word boxes alone: rows, columns, table rows, paragraphs.

Both PDF engines (:mod:`extractors.reading.pdfium`, :mod:`extractors.reading.plumber`) turn a
page into :class:`Word` boxes in the frame where the words read left to right (rotated text
gets its own frame); everything after that is this module and :mod:`extractors.reading.columns`
(where the gutters between columns are found), so both engines order text alike.

Rows that cross a gutter (a title, a full-width paragraph) split the page into bands; each band
is read left column first, then right, and each side is searched again, so any number of
columns is read in order. A grid or table has no prose on one side of its gaps, so it is read
row by row; cells far apart on one row are joined with " — " ("Police — 101") and the line is
marked as a table row, which is never taken for a heading.
"""

from __future__ import annotations

from operator import itemgetter
from typing import NamedTuple

from extractors.reading.columns import CELL_GAP, Grid, crossing_rows, find_band, find_gutter, row_size


class Word(NamedTuple):
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float = 10.0  # font size, in points


class TextLine(NamedTuple):
    """A line of words in reading order; ``para`` is True when a paragraph starts here."""

    text: str
    top: float
    bottom: float
    para: bool
    table: bool = False  # cells of a table or grid row, joined with CELL_JOIN

__all__ = ["CELL_JOIN", "TextLine", "Word", "find_band", "find_gutter", "reading_order", "rows"]

CELL_JOIN = " \u2014 "
MAX_DEPTH = 4  # nested gutter searches: up to five columns


def rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped into rows, rows top to bottom, words left to right.

    A word joins the row when it overlaps the row's tallest word by half its own height or
    more: a superscript ("10th") or a word in a bigger font stays on its line, while lines
    set close together (leading = font size) do not merge.
    """
    out: list[list[Word]] = []
    current: list[Word] = []
    main: Word | None = None
    for w in sorted(words, key=_TOP_LEFT):
        if main is not None and _same_line(w, main):
            # a big word (a drop cap) spans two small lines: they must also share a line
            last = current[-1]
            peer: Word | None = last if _similar_size(last, w) else next(
                (p for p in reversed(current) if _similar_size(p, w)), None)
            if peer is None or peer is main or _same_line(w, peer):
                current.append(w)
                if w.bottom - w.top > main.bottom - main.top:
                    main = w
                continue
        if current:
            current.sort(key=_LEFT)
            out.append(current)
        current, main = [w], w
    if current:
        current.sort(key=_LEFT)
        out.append(current)
    return out


_TOP_LEFT = itemgetter(2, 0)
_LEFT = itemgetter(0)


def _similar_size(a: Word, b: Word) -> bool:
    sa, sb = a.size, b.size
    return abs(sa - sb) <= 0.25 * (sa if sa > sb else sb)


def _same_line(a: Word, b: Word) -> bool:
    # plain comparisons, not min()/max(): this runs for every word of every page
    lo = a.bottom if a.bottom < b.bottom else b.bottom
    hi = a.top if a.top > b.top else b.top
    ha, hb = a.bottom - a.top, b.bottom - b.top
    return lo - hi >= 0.5 * (ha if ha < hb else hb)


def reading_order(words: list[Word]) -> list[TextLine]:
    """The lines of one frame (a page, or its rotated text) in reading order, paragraphs marked."""
    return _paragraphs(_streams(rows(words), 0))


def _streams(page_rows: list[list[Word]], depth: int) -> list[list[list[Word]]]:
    """Runs of rows to be read one after another (a band of full-width rows, or one column).

    A gutter through the whole block splits it; failing that, a gutter through a run of its
    rows splits that run, and the rows above and below it are searched again."""
    if not page_rows or depth > MAX_DEPTH:
        return [page_rows] if page_rows else []
    grid = Grid.of(page_rows)
    if grid is None:
        return [page_rows]
    gutter = find_gutter(page_rows, grid)
    if gutter is not None:
        return _columns(page_rows, gutter, depth)
    band = find_band(page_rows, grid)
    if band is None:
        return [page_rows]
    x, first, stop = band
    return [*_streams(page_rows[:first], depth), *_columns(page_rows[first:stop], x, depth),
            *_streams(page_rows[stop:], depth)]


def _columns(page_rows: list[list[Word]], gutter: float, depth: int) -> list[list[list[Word]]]:
    """Rows split at ``gutter``: each run of rows between rows that cross it is read left side
    first, then right; the crossing rows stay whole."""
    streams: list[list[list[Word]]] = []
    span: list[list[Word]] = []  # consecutive rows crossing the gutter
    left: list[list[Word]] = []
    right: list[list[Word]] = []

    def flush_sides() -> None:
        for side in (left, right):
            if side:
                streams.extend(_streams(list(side), depth + 1))
        left.clear()
        right.clear()

    crossing = crossing_rows(page_rows, gutter)
    for row, across in zip(page_rows, crossing, strict=True):
        if across:
            flush_sides()
            span.append(row)
            continue
        if span:
            streams.append(span)
            span = []
        lpart = [w for w in row if w.x1 <= gutter]
        rpart = [w for w in row if w.x0 >= gutter]
        if lpart:
            left.append(lpart)
        if rpart:
            right.append(rpart)
    flush_sides()
    if span:
        streams.append(span)
    return streams


def _line_text(row: list[Word]) -> tuple[str, bool]:
    """The row's text, cells far apart joined with CELL_JOIN; True when it has cells."""
    gap = CELL_GAP * row_size(row)
    cells: list[list[str]] = [[row[0].text]]
    for a, b in zip(row, row[1:], strict=False):
        if b.x0 - a.x1 > gap:
            cells.append([])
        cells[-1].append(b.text)
    return CELL_JOIN.join(" ".join(c) for c in cells), len(cells) > 1


def _paragraphs(streams: list[list[list[Word]]]) -> list[TextLine]:
    """Lines of each stream, a paragraph starting at each stream and at each large gap."""
    out: list[TextLine] = []
    for stream in streams:
        prev: TextLine | None = None
        for row in stream:
            top = min(w.top for w in row)
            bottom = max(w.bottom for w in row)
            height = max(bottom - top, 1.0)
            para = prev is None or (top - prev.bottom) > 0.45 * height or top < prev.top
            text, table = _line_text(row)
            if prev is not None and (table or prev.table):
                para = para or table != prev.table
            line = TextLine(text, top, bottom, para, table)
            out.append(line)
            prev = line
    return out
