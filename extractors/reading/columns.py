"""Where the columns of a PDF page are: gutters between columns of prose, never between cells.

A column boundary is a *gutter*: a vertical strip that no row's words cover, wider than a
word space, with prose on both sides (several words per line, lines filling their column).
:func:`find_gutter` looks for one through a whole block of rows; :func:`find_band` for one
through a run of consecutive rows only (a two-column passage between full-width paragraphs, a
title block or a table). :func:`crossing_rows` says which rows run across a gutter.
:mod:`extractors.reading.layout` reads the columns in order.
"""

from __future__ import annotations

from itertools import accumulate, chain
from operator import itemgetter
from statistics import median
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from extractors.reading.layout import Word

CELL_GAP = 2.0  # a gap wider than this many font sizes separates two cells of a row
SPACE = 0.6  # word boxes are widened by this many font sizes: a word space is never a gutter
MAX_CROSSING = 0.35  # share of rows that may cross the gutter (titles, full-width lines)
MIN_SIDE_ROWS = 3
MIN_PROSE_WORDS = 3  # mean words per line on each side of a gutter
MIN_FILL = 0.6  # median line width / column width on each side of a gutter
_SIZE = itemgetter(5)
_X1 = itemgetter(1)


def row_size(row: list[Word]) -> float:
    return max(map(_SIZE, row)) or 10.0


def crosses(row: list[Word], x: float, size: float | None = None) -> bool:
    """A word covers x, or the words either side of x are no further apart than a word space.

    ``row`` is sorted by x0, so one pass finds the last word left of x and the first right of it."""
    prev: Word | None = None
    for w in row:
        if w.x0 >= x:
            if prev is None:
                return False
            return w.x0 - prev.x1 < 1.2 * (row_size(row) if size is None else size)
        if w.x1 > x:
            return True
        prev = w
    return False


def find_gutter(page_rows: list[list[Word]], grid: Grid | None = None) -> float | None:
    """The x of the gap between two columns of prose, or None if there is none."""
    grid = grid or Grid.of(page_rows)
    if grid is None:
        return None
    cover = grid.cover()
    limit = MAX_CROSSING * len(page_rows)
    candidates: list[tuple[int, float]] = []  # (crossings, x)
    for start, stop in _runs([c <= limit for c in cover[grid.lo:]], grid.lo):
        if start >= grid.hi:  # a gap may run on past 80% of the width, but must start before it
            break
        mid = start + min(range(stop - start), key=lambda k: (cover[start + k], abs(k - (stop - start) / 2)))
        candidates.append((min(cover[start:stop]), grid.x(mid)))
    for _, x in sorted(candidates):
        if _prose_both_sides(page_rows, x, grid.sizes):
            return x
    return None


def find_band(page_rows: list[list[Word]], grid: Grid | None = None) -> tuple[float, int, int] | None:
    """A gutter through part of the page only: (x, first row, row after the last) of a run of
    consecutive rows that a gap at x separates into two columns of prose (a two-column passage
    between full-width paragraphs, tables or a title block), or None."""
    grid = grid or Grid.of(page_rows)
    if grid is None:
        return None
    free = ~grid.covered()[:, grid.lo:grid.hi]  # rows x bins: the row leaves the bin empty
    run = np.zeros(free.shape[1], dtype=np.int32)
    best = np.zeros(free.shape[1], dtype=np.int32)
    best_end = np.zeros(free.shape[1], dtype=np.int32)
    for i in range(free.shape[0]):  # the longest run of consecutive rows leaving each bin empty
        run = np.where(free[i], run + 1, 0)
        longer = run > best
        best = np.where(longer, run, best)
        best_end = np.where(longer, i + 1, best_end)
    found: list[tuple[int, float, int, int]] = []  # (-rows, x, first, stop)
    for a, b in _runs(list(best >= 2 * MIN_SIDE_ROWS), 0):
        k = a + int(np.argmax(best[a:b]))
        stop = int(best_end[k])
        found.append((-int(best[k]), grid.x(k + grid.lo), stop - int(best[k]), stop))
    for _, x, first, stop in sorted(found):
        # a table below or above the passage may leave the same gap empty: its rows (cells
        # far apart elsewhere than at x) end the passage
        breaks = [not _cell_gaps_only_at(page_rows[i], x, grid.sizes[i]) for i in range(first, stop)]
        parts = _runs([not b for b in breaks], first)
        for a, b in sorted(parts, key=lambda r: r[0] - r[1]):
            if b - a > MIN_SIDE_ROWS and _prose_both_sides(page_rows[a:b], x, grid.sizes[a:b]):
                return x, a, b
    return None


def _cell_gaps_only_at(row: list[Word], x: float, size: float) -> bool:
    """No gap between neighbours in ``row`` is as wide as a table's, except one across x."""
    gap = CELL_GAP * size
    return all(b.x0 - a.x1 <= gap or a.x1 <= x <= b.x0 for a, b in zip(row, row[1:], strict=False))


class Grid:
    """Rows' word boxes (widened by a word space) as covered stretches of 2-pt bins."""

    STEP = 2.0

    def __init__(self, page_rows: list[list[Word]], left: float, nbins: int) -> None:
        self.left, self.nbins = left, nbins
        self.lo, self.hi = int(nbins * 0.2), int(nbins * 0.8)
        self.sizes = [row_size(r) for r in page_rows]
        self.stretches: list[list[list[int]]] = []
        step, last = self.STEP, nbins - 1
        for row, size in zip(page_rows, self.sizes, strict=True):
            pad = SPACE * size
            stretches: list[list[int]] = []
            for w in row:  # left to right: merge the padded boxes into stretches
                a = int((w.x0 - left) / step)
                b = int((w.x1 + pad - left) / step)
                a, b = (a if a > 0 else 0), (b if b < last else last)
                if stretches and a <= stretches[-1][1] + 1:
                    if b > stretches[-1][1]:
                        stretches[-1][1] = b
                else:
                    stretches.append([a, b])
            self.stretches.append(stretches)

    @classmethod
    def of(cls, page_rows: list[list[Word]]) -> Grid | None:
        if len(page_rows) < 2 * MIN_SIDE_ROWS:
            return None
        left = min(r[0].x0 for r in page_rows)
        right = max(map(_X1, chain.from_iterable(page_rows)))
        if right - left < 100:
            return None
        return cls(page_rows, left, int((right - left) / cls.STEP) + 2)

    def x(self, b: int) -> float:
        return self.left + (b + 0.5) * self.STEP

    def cover(self) -> list[int]:
        """How many rows cover each bin."""
        delta = [0] * (self.nbins + 1)  # +1 where a covered stretch starts, -1 after it ends
        for stretches in self.stretches:
            for a, b in stretches:
                delta[a] += 1
                delta[b + 1] -= 1
        return list(accumulate(delta[:-1]))

    def covered(self) -> np.ndarray:
        """rows x bins: True where the row covers the bin."""
        delta = np.zeros((len(self.stretches), self.nbins + 1), dtype=np.int32)
        for i, stretches in enumerate(self.stretches):
            for a, b in stretches:
                delta[i, a] += 1
                delta[i, b + 1] -= 1
        return np.cumsum(delta[:, :-1], axis=1) > 0


def _runs(flags: list[bool], offset: int) -> list[tuple[int, int]]:
    """(start, stop) of each run of True in ``flags``, shifted by ``offset``."""
    out: list[tuple[int, int]] = []
    start = None
    for k, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = k
        elif not flag and start is not None:
            out.append((start + offset, k + offset))
            start = None
    return out


def _prose_both_sides(page_rows: list[list[Word]], x: float, sizes: list[float]) -> bool:
    """Several lines of several words on each side, filling their column: text, not cells."""
    lparts: list[list[Word]] = []
    rparts: list[list[Word]] = []
    for row, size in zip(page_rows, sizes, strict=True):
        if crosses(row, x, size):
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
    if sum(map(len, parts)) < MIN_PROSE_WORDS * len(parts):  # a mean: headings in a column are short
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
    gap = CELL_GAP * row_size(part)
    return any(b.x0 - a.x1 > gap for a, b in zip(part, part[1:], strict=False))


def crossing_rows(page_rows: list[list[Word]], x: float) -> list[bool]:
    """Which rows run across the gutter at x. A narrow gutter (justified columns set close)
    can be narrower than :func:`crosses` allows between words; a row whose gap spans the
    strip between the columns' usual inner edges is two column lines, not one line."""
    crossing = [crosses(row, x) for row in page_rows]
    inner_left: list[float] = []
    inner_right: list[float] = []
    for row, across in zip(page_rows, crossing, strict=True):
        if across:
            continue
        lp = [w.x1 for w in row if w.x1 <= x]
        rp = [w.x0 for w in row if w.x0 >= x]
        if lp and rp:
            inner_left.append(max(lp))
            inner_right.append(min(rp))
    if len(inner_left) < MIN_SIDE_ROWS:
        return crossing
    edge_l, edge_r = max(inner_left), min(inner_right)  # the strip no two-column row enters
    out = []
    for row, across in zip(page_rows, crossing, strict=True):
        if across and not any(w.x0 < x < w.x1 for w in row):
            a = max((w.x1 for w in row if w.x1 <= x), default=None)
            b = min((w.x0 for w in row if w.x0 >= x), default=None)
            across = a is None or b is None or not (a <= edge_l + 1.0 and b >= edge_r - 1.0)
        out.append(across)
    return out
