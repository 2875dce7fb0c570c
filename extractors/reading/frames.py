"""What a PDF engine hands to the layout code: per page, words grouped by text direction.

Text drawn at 90°, 180° or 270° (a rotated page, a vertical table label) is moved into the
frame in which it reads left to right, top to bottom, so the same row and column logic reads
it in its own orientation instead of sorting its letters by their height on the page.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from extractors.reading.layout import Word

Box = tuple[float, float, float, float]  # x0, x1, top, bottom; y grows downwards
ABOVE, BELOW = 0.8, 0.2  # a character box spans the baseline - 0.8 size to + 0.2 size


class Frame(NamedTuple):
    """Words of one text direction, in the frame where they read upright."""

    width: float
    height: float
    words: list[Word]
    direction: int = 0  # degrees counter-clockwise on the page


class PageText(NamedTuple):
    """One page: its frames (most words first), undecodable characters, and text objects."""

    frames: list[Frame]
    undecodable: int = 0
    text_objects: bool = False  # the page draws text, even if none of it could be read

    @property
    def words(self) -> list[Word]:
        return [w for f in self.frames for w in f.words]


class EngineError(Exception):
    """An engine could not read the file; ``kind`` is password, encrypted, truncated, no-pages
    or damaged, ``reason`` a short plain phrase."""

    def __init__(self, kind: str, reason: str = "") -> None:
        super().__init__(f"{kind}: {reason}" if reason else kind)
        self.kind = kind
        self.reason = reason


def direction(angle: float) -> int:
    """An angle in radians, counter-clockwise, rounded to 0, 90, 180 or 270 degrees."""
    return int(round(math.degrees(angle) / 90.0)) % 4 * 90


def upright(box: Box, d: int, width: float, height: float) -> Box:
    """``box`` on a ``width`` x ``height`` page, in the frame where direction ``d`` reads upright."""
    x0, x1, top, bottom = box
    if d == 90:  # reads bottom to top
        return height - bottom, height - top, x0, x1
    if d == 180:
        return width - x1, width - x0, height - bottom, height - top
    if d == 270:  # reads top to bottom
        return top, bottom, width - x1, width - x0
    return box


def canonical(x0: float, x1: float, baseline: float, size: float) -> Box:
    """A character's box from its baseline and font size, the same for both engines (their own
    boxes differ in height by the font's ascent and descent, which would change rows)."""
    return x0, x1, baseline - ABOVE * size, baseline + BELOW * size


def frame_size(d: int, width: float, height: float) -> tuple[float, float]:
    return (height, width) if d in (90, 270) else (width, height)


def frames(groups: dict[int, list[Word]], width: float, height: float) -> list[Frame]:
    """Frames for words grouped by direction, the direction with the most words first."""
    out = [Frame(*frame_size(d, width, height), ws, d) for d, ws in groups.items() if ws]
    return sorted(out, key=lambda f: (-len(f.words), f.direction))
