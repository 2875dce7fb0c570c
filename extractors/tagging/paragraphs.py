"""The paragraph units of GUIDELINES.md rule 6, over one section's text.

A harm and a target are linked only when one sentence or one short paragraph ties them. Besides
the sentence and the blank-line paragraph, these count as one paragraph:

* a **heading line** (a short line standing alone, no full stop) with the sentence after it
  ("Cyberflashing - Sexual Offences Act 2003" / "Section 66A makes it an offence to ...");
* a **list** with its lead sentence (bullets, or one short line per paragraph, after a line
  ending in ":"): the lead ties to each item, an item to itself, never one item to another;
* a **passage** under a heading line (or a whole short section) that names one harm only: its
  later sentences refer back to that harm ("the images", "what has happened to you").

Everything here is offsets into ``Section.text``; :class:`Layout` is computed once per section.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from extractors.tagging.mentions import SectionAnalysis

_BULLET = re.compile(r"\s*(?:[-*\u2022\u00b7\u25aa\u25cf\u2013]|\d{1,2}[.)]|\(?[a-z]\))\s+")
HEADING_LINE = 120  # characters: a longer standalone line is a sentence, not a heading
HEADING_WORDS = 16
LIST_ITEM = 220  # characters: a standalone line this short can be a list item
MAX_ITEMS = 20
PASSAGE = 1500  # characters: a longer passage is too loose to carry one harm through it


class Spans:
    """Sorted, non-overlapping spans and the one holding a position, by bisection."""

    def __init__(self, spans: list[tuple[int, int]], length: int) -> None:
        self.spans, self.starts, self.length = spans, [a for a, _ in spans], length

    def index(self, pos: int) -> int:
        return max(bisect.bisect_right(self.starts, pos) - 1, 0)

    def of(self, pos: int) -> tuple[int, int]:
        return self.spans[self.index(pos)] if self.spans else (0, self.length)


@dataclass
class Layout:
    """Lines of a section classified as headings, list leads and items, and the passages."""

    lines: list[tuple[int, int]]
    sentences: Spans
    paragraphs: Spans
    headings: list[int] = field(default_factory=list)  # indexes into lines
    items: dict[int, int] = field(default_factory=dict)  # item line -> its lead line
    passages: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lines = Spans(self.lines, 0)

    def line_of(self, pos: int) -> int:
        return self._lines.index(pos)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        return self.sentences.of(pos)

    def paragraph_of(self, pos: int) -> tuple[int, int]:
        return self.paragraphs.of(pos)

    def in_list(self, i: int) -> bool:
        """Line ``i`` is a list item or a list's lead."""
        return i in self.items or i in self.items.values()

    def passage_of(self, pos: int) -> tuple[int, int] | None:
        for a, b in self.passages:
            if a <= pos < b:
                return a, b
        return None


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append((pos + lead, pos + lead + len(stripped)))
        pos += len(raw) + 1
    return out


def _alone(text: str, lines: list[tuple[int, int]], i: int, breaks: int) -> bool:
    """The line has a paragraph break (or the section's edge) on both sides."""
    a, b = lines[i]
    before = text[lines[i - 1][1]:a] if i else "\n\n"
    after = text[b:lines[i + 1][0]] if i + 1 < len(lines) else "\n\n"
    return before.count("\n") >= breaks and after.count("\n") >= breaks


def _continues(text: str, lines: list[tuple[int, int]], j: int) -> bool:
    """Line ``j`` is an unbulleted continuation inside a bullet list: no blank line before it and
    a bullet after it."""
    return (j + 1 < len(lines) and "\n\n" not in text[lines[j - 1][1]:lines[j][0]]
            and bool(_BULLET.match(text[lines[j + 1][0]:lines[j + 1][1]])))


def _lines_end_sentences(text: str, lines: list[tuple[int, int]]) -> bool:
    """Most long lines end a sentence: one paragraph per line, not a PDF's wrapped lines."""
    long = [text[b - 1] for a, b in lines if b - a > 40]
    return bool(long) and sum(c in ".!?:;)\"'\u201d\u2019/" for c in long) >= 0.6 * len(long)


def _split_at_lines(sentences: list[tuple[int, int]],
                    lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences cut at line ends: where every line is a paragraph, none runs across two."""
    out = []
    for s0, s1 in sentences:
        for a, b in lines:
            if a < s1 and s0 < b:
                out.append((max(a, s0), min(b, s1)))
    return out


def _is_heading(line: str) -> bool:
    line = _BULLET.sub("", line, count=1) if _BULLET.match(line) and not line[:1].isdigit() else line
    return (len(line) <= HEADING_LINE and len(line.split()) <= HEADING_WORDS
            and not line.rstrip().endswith((".", ",", ";", ":", "\u201d", '"')) and line[:1].isupper())


def layout(sa: SectionAnalysis) -> Layout:
    """Heading lines, lists with their leads and single-heading passages of ``sa``'s text."""
    text = sa.text
    lines = _lines(text)
    # a page saved with one line per paragraph and no blank line (HTML text): lines are paragraphs
    one_per_line = "\n\n" not in text.strip() and len(lines) > 2 and _lines_end_sentences(text, lines)
    paragraphs = lines if one_per_line else sa.paragraphs
    sentences = _split_at_lines(sa.sentences, lines) if one_per_line else sa.sentences
    lay = Layout(lines, Spans(sentences, len(text)), Spans(paragraphs, len(text)))
    alone = [_alone(text, lines, i, 1 if one_per_line else 2) for i in range(len(lines))]
    for i, (a, b) in enumerate(lines):
        if not text[a:b].rstrip(" -").endswith(":") or i + 1 >= len(lines):
            continue
        j = i + 1
        bullets = bool(_BULLET.match(text[lines[j][0]:lines[j][1]]))
        while j < len(lines) and j - i <= MAX_ITEMS:
            item = text[lines[j][0]:lines[j][1]]
            if bullets and not _BULLET.match(item) and not _continues(text, lines, j):
                break
            if not bullets and (not alone[j] or len(item) > LIST_ITEM or item.rstrip().endswith(":")):
                break
            lay.items[j] = i
            j += 1
    candidate = [alone[i] and i not in lay.items and _is_heading(text[a:b])
                 and not _BULLET.match(text[a:b]) for i, (a, b) in enumerate(lines)]
    for i in range(len(lines) - 1):
        # a run of standalone titles is a list of links or contents, not a heading and its text
        if candidate[i] and not candidate[i + 1] and not (i and candidate[i - 1]):
            lay.headings.append(i)
    starts = [0] + [lines[h][0] for h in lay.headings] + [len(text)]
    for a, b in zip(starts, starts[1:]):
        if b > a and b - a <= PASSAGE:
            lay.passages.append((a, b))
    return lay


def line_span(lay: Layout, i: int) -> tuple[int, int]:
    return lay.lines[i]


def next_sentence(sa: SectionAnalysis, lay: Layout, i: int) -> tuple[int, int] | None:
    """The first sentence after heading line ``i`` (its description)."""
    if i + 1 >= len(lay.lines):
        return None
    return lay.sentence_of(lay.lines[i + 1][0])


def heading_before(sa: SectionAnalysis, lay: Layout, pos: int) -> int | None:
    """The heading line whose description sentence holds ``pos``, if any."""
    li = lay.line_of(pos)
    if li >= 1 and (li - 1) in lay.headings:
        s0, _ = lay.sentence_of(pos)
        if s0 <= lay.lines[li][0] + 1:  # pos is in the first sentence after the heading line
            return li - 1
    return None


def evidence(text: str, spans: list[tuple[int, int]]) -> tuple[str, int, int]:
    """Verbatim pieces in text order, whitespace normalised, joined by " [...] "."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(set(spans)):
        if merged and a <= merged[-1][1] + 2:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    parts = [" ".join(text[a:b].split()) for a, b in merged]
    return " [...] ".join(p for p in parts if p), merged[0][0], merged[-1][1]
