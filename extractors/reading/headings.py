"""Recognise heading lines and tables of contents in extracted text.

Pure functions over single lines (and, for the table of contents, the list of lines), so the
rules are easy to test one by one. :mod:`extractors.reading.sections` decides what to do with them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# "1. Online Risks and Harms", "13) Agency ...", "8.45 Online Safety", "2.1 Scope"
_NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)(\.|\))?\s+(\S.*)$")
# "8.45.6" alone on its line (the Pan-Sussex procedure numbers paragraphs this way).
_NUMBER_ALONE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?$")
_LEADER = r"(?:\.{4,}|(?:\. ){3,}\.?|\u2026{2,}|_{4,})\s*\d{1,4}"
_TOC_ENTRY = re.compile(_LEADER + r"\s*$")
_TOC_LEADERS = re.compile(_LEADER)
_TOC_TITLE = re.compile(r"^(table of )?contents:?$|^index$", re.I)
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "nor",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "without",
        "into",
        "onto",
        "upon",
        "about",
        "as",
        "via",
        "vs",
        "per",
        "against",
        "over",
        "under",
        "between",
        "within",
        "is",
        "are",
        "be",
        "its",
        "their",
        "our",
        "your",
        "not",
    ]
)
_SENTENCE_END = (".", ",", ";", "!")


class Heading(NamedTuple):
    """A heading line: its number (if any), its text, and how it was recognised."""

    number: str | None
    text: str
    kind: str  # "markdown" | "numbered" | "number-alone" | "title"


def markdown_heading(line: str) -> Heading | None:
    """``## 2. Scope`` -> Heading("2", "Scope", "markdown")."""
    m = _MD_HEADING.match(line)
    if not m or not m.group(2):
        return None
    text = m.group(2).strip("*_ ")
    n = _NUMBERED.match(text)
    if n and n.group(3)[:1].isalpha():
        return Heading(n.group(1), n.group(3).rstrip(":").strip(), "markdown")
    return Heading(None, text, "markdown")


def numbered_heading(line: str) -> Heading | None:
    """A short numbered heading, not a numbered sentence of body text.

    >>> numbered_heading("13. Agency and professional responsibilities:")
    Heading(number='13', text='Agency and professional responsibilities', kind='numbered')
    >>> numbered_heading("1. The more children use the internet, the more skills they gain.") is None
    True
    """
    m = _NUMBERED.match(line)
    if not m:
        return None
    number, sep, rest = m.group(1), m.group(2), m.group(3).strip()
    if not rest[:1].isupper() or _TOC_LEADERS.search(rest):
        return None
    if len(rest) > 100 or len(rest.split()) > 12 or rest.endswith(_SENTENCE_END):
        return None
    if ". " in rest.rstrip("."):  # two sentences: body text
        return None
    if not sep and "." not in number and not is_title_case(rest):
        # "1 Introduction" is a heading; "3 children were seen" is not.
        return None
    return Heading(number, rest.rstrip(":").strip(), "numbered")


def number_alone(line: str) -> str | None:
    """The number of a line that is only a dotted paragraph number ("8.45.6")."""
    m = _NUMBER_ALONE.match(line.strip())
    return m.group(1) if m else None


def is_title_case(text: str) -> bool:
    """Every significant word capitalised ("More on the Online Safety Bill")."""
    significant = 0
    for raw in text.split():
        word = raw.strip("()[]\"'-/&")
        if not word or not word[0].isalpha():
            continue
        if word.lower() in _STOPWORDS and significant:
            continue
        if not word[0].isupper():
            return False
        significant += 1
    return significant > 0


def title_heading(line: str) -> Heading | None:
    """A short title-case line with no digits or sentence punctuation ("Cyber Bullying").

    Callers also require the line to stand alone (blank lines around it).
    """
    text = line.strip()
    if not text or not text[0].isalpha() or not text[0].isupper():
        return None
    if len(text) > 80 or len(text.split()) > 10 or text.endswith(_SENTENCE_END + (":",)):
        return None
    if any(c.isdigit() for c in text) or ":" in text or ";" in text:
        return None
    if "http" in text or "www." in text or "@" in text:
        return None
    return Heading(None, text, "title") if is_title_case(text) else None


def sub_heading(line: str) -> bool:
    """A short sentence-case label that may head the numbered paragraphs after it
    ("Online grooming and abuse" before "8.45.6")."""
    text = line.strip()
    return (
        bool(text)
        and text[0].isupper()
        and len(text.split()) <= 10
        and not text.endswith(_SENTENCE_END + (":",))
        and not any(c.isdigit() for c in text)
        and "http" not in text
    )


def toc_span(lines: list[str]) -> tuple[int, int, int] | None:
    """The first table of contents in ``lines``: (first index, last index, entries), or None.

    An entry ends in a dotted leader and a page number ("1. Introduction ..... 4"); a PDF
    extract may run several entries together on one line. Three or more entries close to each
    other make a table; a "Contents" title just before it belongs to it.
    """
    entries = [i for i, t in enumerate(lines)
               if _may_lead(t) and (_TOC_ENTRY.search(t) or len(_TOC_LEADERS.findall(t)) >= 2)]
    if len(entries) < 3:
        return None
    best: tuple[int, int, int] | None = None

    def weight(i: int) -> int:
        return max(1, len(_TOC_LEADERS.findall(lines[i])))

    start = prev = entries[0]
    count = weight(start)
    for i in [*entries[1:], None]:
        if i is not None and _nonblank_between(lines, prev, i) <= 3:
            prev, count = i, count + weight(i)
            continue
        if count >= 3 and best is None:
            best = (start, prev, count)
        if i is not None:
            start = prev = i
            count = weight(i)
    if best is None:
        return None
    first, last, count = best
    # Take in a "Contents" title and the labels between it and the first entry.
    j, seen = first - 1, 0
    while j >= 0 and seen < 4:
        if lines[j].strip():
            seen += 1
            if _TOC_TITLE.match(lines[j].strip()):
                first = j
                break
        j -= 1
    return first, last, count


def _may_lead(text: str) -> bool:
    """A substring every dotted leader contains: a cheap test before the regular expressions."""
    return "...." in text or ". . . " in text or "\u2026\u2026" in text or "____" in text


def _nonblank_between(lines: list[str], a: int, b: int) -> int:
    return sum(1 for t in lines[a + 1 : b] if t.strip())


def plausible_numbers(numbers: list[str | None]) -> list[bool]:
    """Which section numbers, in reading order, look like a document's numbering.

    Values in tables and forms ("24.50", "0.89", "162") are not section numbers: no part may
    have a leading zero, a plain number must be small, and a dotted one must be the first
    number or follow one already accepted (a sibling a little further on, an early child, or
    a parent's next sibling). ``None`` entries (unnumbered headings) stay True.
    """
    accepted: list[tuple[int, ...]] = []
    plain = sum(1 for n in numbers if n and "." not in n)
    out: list[bool] = []
    for number in numbers:
        if number is None:
            out.append(True)
            continue
        parts = number.split(".")
        key = tuple(int(p) for p in parts)
        ok = not any(len(p) > 1 and p.startswith("0") for p in parts) and key[0] > 0
        if ok and len(key) == 1:
            ok = key[0] <= max(30, 2 * plain)
        elif ok:
            ok = not accepted or any(key in _successors(a) for a in accepted)
        if ok:
            accepted.append(key)
        out.append(ok)
    return out


def _successors(a: tuple[int, ...]) -> set[tuple[int, ...]]:
    out = {(*a, k) for k in range(4)}
    for i in range(len(a)):
        for step in (1, 2, 3):
            out.add((*a[:i], a[i] + step))
            out.add((*a[:i], a[i] + step, 1))
    return out
