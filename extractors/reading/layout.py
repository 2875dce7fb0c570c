"""Reading order on a PDF page from word positions alone: rows, columns, paragraphs.

Works on the words pdfplumber already made (``page.extract_words()``), so finding the columns
costs a pass over a few hundred boxes rather than a second pass over every character.

A page is two-column when some vertical strip in its middle is crossed by few rows and has
at least three lines of text on each side. Rows that cross the strip (a title, a full-width
paragraph) split the page into bands; each band is read left column first, then right.
"""

from __future__ import annotations

from typing import NamedTuple


class Word(NamedTuple):
    x0: float
    x1: float
    top: float
    bottom: float
    text: str


class TextLine(NamedTuple):
    """A line of words in reading order; ``para`` is True when a paragraph starts here."""

    text: str
    top: float
    bottom: float
    para: bool


BIN = 2.0  # points per histogram bin when looking for a gutter
MIN_GUTTER = 6.0  # narrowest gap between columns, in points
MAX_CROSSING = 0.35  # share of rows that may cross the gutter (titles, full-width lines)


def rows(words: list[Word], tolerance: float = 2.5) -> list[list[Word]]:
    """Words grouped into rows by their top edge, rows top to bottom, words left to right."""
    out: list[list[Word]] = []
    current: list[Word] = []
    top = None
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if top is None or abs(w.top - top) <= tolerance:
            current.append(w)
            top = w.top if top is None else top
        else:
            out.append(sorted(current, key=lambda w: w.x0))
            current, top = [w], w.top
    if current:
        out.append(sorted(current, key=lambda w: w.x0))
    return out


def find_gutter(page_rows: list[list[Word]]) -> float | None:
    """The x of the gap between two columns, or None for a single-column page."""
    if len(page_rows) < 6:
        return None
    left = min(w.x0 for r in page_rows for w in r)
    right = max(w.x1 for r in page_rows for w in r)
    width = right - left
    if width < 100:
        return None
    nbins = int(width / BIN) + 1
    cover = [0] * nbins
    for row in page_rows:
        for w in row:
            for b in range(int((w.x0 - left) / BIN), min(nbins, int((w.x1 - left) / BIN) + 1)):
                cover[b] += 1
    limit = MAX_CROSSING * len(page_rows)
    lo, hi = int(nbins * 0.25), int(nbins * 0.75)
    best: tuple[int, float] | None = None  # (crossings, x)
    b = lo
    while b < hi:
        if cover[b] > limit:
            b += 1
            continue
        start = b
        while b < nbins and cover[b] <= limit:
            b += 1
        if (b - start) * BIN >= MIN_GUTTER:
            low = min(cover[start:b])
            mid = start + min(range(b - start), key=lambda k: (cover[start + k], abs(k - (b - start) / 2)))
            x = left + (mid + 0.5) * BIN
            if best is None or low < best[0]:
                best = (low, x)
    if best is None:
        return None
    x = best[1]
    left_rows = right_rows = 0
    for row in page_rows:
        if any(w.x0 < x < w.x1 for w in row):
            continue
        left_rows += any(w.x1 <= x for w in row)
        right_rows += any(w.x0 >= x for w in row)
    return x if left_rows >= 3 and right_rows >= 3 else None


def reading_order(words: list[Word]) -> list[TextLine]:
    """The page's lines in reading order, with paragraph starts marked."""
    page_rows = rows(words)
    gutter = find_gutter(page_rows)
    if gutter is None:
        return _paragraphs([page_rows])
    streams: list[list[list[Word]]] = []
    span: list[list[Word]] = []  # consecutive full-width rows
    left: list[list[Word]] = []
    right: list[list[Word]] = []
    for row in page_rows:
        if any(w.x0 < gutter < w.x1 for w in row):
            streams.extend(s for s in (left, right) if s)
            left, right = [], []
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
    streams.extend(s for s in (span, left, right) if s)
    return _paragraphs(streams)


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
            line = TextLine(" ".join(w.text for w in row), top, bottom, para)
            out.append(line)
            prev = line
    return out
