"""Reading order on a PDF page from word boxes alone: rows, columns, table rows, paragraphs.

Both PDF engines (:mod:`extractors.reading.pdfium`, :mod:`extractors.reading.plumber`) turn a
page into :class:`Word` boxes in the frame where the words read left to right (rotated text
gets its own frame); everything after that is this module, so both engines order text alike.

A column boundary is a *gutter*: a vertical strip that no row's words cover, wider than a
word space, with prose on both sides (several words per line, lines filling their column).
Rows that cross the strip (a title, a full-width paragraph) split the page into bands; each
band is read left column first, then right, and each side is searched again, so any number
of columns is read in order. A grid or table has no prose on one side of its gaps, so it is
read row by row; cells far apart on one row are joined with " — " ("Police — 101") and the
line is marked as a table row, which is never taken for a heading.
"""

from __future__ import annotations

from statistics import median
from typing import NamedTuple


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


CELL_JOIN = " \u2014 "
CELL_GAP = 2.0  # a gap wider than this many font sizes separates two cells of a row
SPACE = 0.6  # word boxes are widened by this many font sizes: a word space is never a gutter
MAX_CROSSING = 0.35  # share of rows that may cross the gutter (titles, full-width lines)
MIN_SIDE_ROWS = 3
MIN_PROSE_WORDS = 3  # median words per line on each side of a gutter
MIN_FILL = 0.6  # median line width / column width on each side of a gutter
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
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if main is not None and _same_line(w, main):
            # a big word (a drop cap) spans two small lines: they must also share a line
            peer = next((p for p in reversed(current) if abs(p.size - w.size) <= 0.25 * max(p.size, w.size)), None)
            if peer is None or _same_line(w, peer):
                current.append(w)
                if w.bottom - w.top > main.bottom - main.top:
                    main = w
                continue
        if current:
            out.append(sorted(current, key=lambda w: w.x0))
        current, main = [w], w
    if current:
        out.append(sorted(current, key=lambda w: w.x0))
    return out


def _same_line(a: Word, b: Word) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap >= 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def _size(row: list[Word]) -> float:
    return max(w.size for w in row) or 10.0


def _crosses(row: list[Word], x: float) -> bool:
    """A word covers x, or the words either side of x are no further apart than a word space."""
    left = [w for w in row if w.x1 <= x]
    right = [w for w in row if w.x0 >= x]
    if len(left) + len(right) < len(row):
        return True
    if not left or not right:
        return False
    return right[0].x0 - left[-1].x1 < 1.2 * _size(row)


def find_gutter(page_rows: list[list[Word]]) -> float | None:
    """The x of the gap between two columns of prose, or None if there is none."""
    if len(page_rows) < 2 * MIN_SIDE_ROWS:
        return None
    left = min(w.x0 for r in page_rows for w in r)
    right = max(w.x1 for r in page_rows for w in r)
    width = right - left
    if width < 100:
        return None
    step = 2.0
    nbins = int(width / step) + 2
    delta = [0] * (nbins + 1)  # +1 where a row's covered stretch starts, -1 after it ends
    for row in page_rows:
        pad = SPACE * _size(row)
        stretches: list[list[int]] = []
        for w in row:  # left to right: merge the padded boxes into stretches
            a = max(0, int((w.x0 - left) / step))
            b = min(nbins - 1, int((w.x1 + pad - left) / step))
            if stretches and a <= stretches[-1][1] + 1:
                stretches[-1][1] = max(stretches[-1][1], b)
            else:
                stretches.append([a, b])
        for a, b in stretches:
            delta[a] += 1
            delta[b + 1] -= 1
    cover = [0] * nbins
    running = 0
    for b in range(nbins):
        running += delta[b]
        cover[b] = running
    limit = MAX_CROSSING * len(page_rows)
    lo, hi = int(nbins * 0.2), int(nbins * 0.8)
    candidates: list[tuple[int, float]] = []  # (crossings, x)
    b = lo
    while b < hi:
        if cover[b] > limit:
            b += 1
            continue
        start = b
        while b < nbins and cover[b] <= limit:
            b += 1
        mid = start + min(range(b - start), key=lambda k: (cover[start + k], abs(k - (b - start) / 2)))
        candidates.append((min(cover[start:b]), left + (mid + 0.5) * step))
    for _, x in sorted(candidates):
        if _prose_both_sides(page_rows, x):
            return x
    return None


def _prose_both_sides(page_rows: list[list[Word]], x: float) -> bool:
    """Several lines of several words on each side, filling their column: text, not cells."""
    lparts: list[list[Word]] = []
    rparts: list[list[Word]] = []
    for row in page_rows:
        if _crosses(row, x):
            continue
        lp = [w for w in row if w.x1 <= x]
        rp = [w for w in row if w.x0 >= x]
        if lp:
            lparts.append(lp)
        if rp:
            rparts.append(rp)
    if len(lparts) < MIN_SIDE_ROWS or len(rparts) < MIN_SIDE_ROWS:
        return False
    return _is_prose(lparts) and _is_prose(rparts)


def _is_prose(parts: list[list[Word]]) -> bool:
    if median(len(p) for p in parts) < MIN_PROSE_WORDS:
        return False
    x0 = min(p[0].x0 for p in parts)
    x1 = max(p[-1].x1 for p in parts)
    if x1 - x0 < 30:
        return False
    if median((p[-1].x1 - p[0].x0) / (x1 - x0) for p in parts) < MIN_FILL:
        return False
    # A table column has cells far apart inside it; a column of prose does not, unless the
    # gaps line up into a further gutter (three or more columns).
    gappy = sum(1 for p in parts if _has_cell_gap(p))
    return gappy <= 0.25 * len(parts) or find_gutter(parts) is not None


def _has_cell_gap(part: list[Word]) -> bool:
    gap = CELL_GAP * _size(part)
    return any(b.x0 - a.x1 > gap for a, b in zip(part, part[1:], strict=False))


def reading_order(words: list[Word]) -> list[TextLine]:
    """The lines of one frame (a page, or its rotated text) in reading order, paragraphs marked."""
    return _paragraphs(_streams(rows(words), 0))


def _streams(page_rows: list[list[Word]], depth: int) -> list[list[list[Word]]]:
    """Runs of rows to be read one after another (a band of full-width rows, or one column)."""
    gutter = find_gutter(page_rows) if depth <= MAX_DEPTH else None
    if gutter is None:
        return [page_rows] if page_rows else []
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

    for row in page_rows:
        if _crosses(row, gutter):
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
    gap = CELL_GAP * _size(row)
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
