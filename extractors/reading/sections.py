"""Split extracted lines into numbered, headed sections in reading order.

Every extractor produces :class:`Line` objects (text and page) with blank lines between
paragraphs; :func:`split_sections` turns them into :class:`~extractors.models.Section`s:

* a table of contents is recognised and skipped, so it does not become sections;
* headings are Markdown/HTML headings, numbered headings ("1. Online Risks and Harms"),
  dotted numbers alone on a line ("8.45.6", headed by the sub-heading before them) and short
  title-case lines standing alone (only before the first numbered heading in a numbered
  document, where the numbers are the structure);
* text before the first heading is a section headed by the document title (or "Preamble");
* a heading with no text under it is folded back into the text of the section before it;
* a section number must look like one (:func:`headings.plausible_numbers`: no leading zeros,
  in sequence), and a table row is never a heading, so values such as "24.50" stay text;
* numbered sections found out of order are restored to numeric order, with a warning
  giving the order they appeared in;
* a contents page that is the whole document is kept as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from extractors.models import Section
from extractors.reading import headings as h
from extractors.reading.normalise import collapse_blank_lines

# Numbered headings needed before a document counts as "numbered".
NUMBERED_DOCUMENT = 3
_STARTS_WITH_WORD = re.compile(r"^\W*[^\W\d_]")  # after quotes or brackets, a letter
_LIST_ITEM = re.compile(r"^([\u2022\u25cf\u25aa\u2013*-]|\d{1,2}[.)])\s")


class Line(NamedTuple):
    """One line of extracted text; ``""`` marks a paragraph break. ``page`` is 1-based.

    ``table`` marks a row of a table or grid (PDF): it is text, never a heading.
    """

    text: str
    page: int | None = None
    table: bool = False


@dataclass
class _Draft:
    number: str | None
    heading: str | None
    heading_line: str  # the line as it appeared, for folding an empty heading back into text
    pages: set[int] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)
    kind: str = ""

    def has_text(self) -> bool:
        return any(t.strip() for t in self.lines)


def split_sections(
    lines: list[Line], title: str | None = None, reflow: bool = False
) -> tuple[list[Section], list[str]]:
    """Sections (ordinal 0..n-1, in restored reading order) and warnings.

    ``reflow`` joins the lines of each paragraph into one (for PDF text, whose line breaks
    are layout, not meaning); list items keep their own lines.
    """
    warnings: list[str] = []
    lines = _drop_toc(lines, warnings)
    texts = [ln.text for ln in lines]
    found = [None if lines[i].table else _classify(texts, i) for i in range(len(texts))]
    plausible = h.plausible_numbers([f.number if f else None for f in found])
    found = [f if ok else None for f, ok in zip(found, plausible, strict=True)]
    numbered = sum(1 for f in found if f is not None and f.number is not None)
    first_numbered = next((i for i, f in enumerate(found) if f and f.number), len(found))
    if numbered >= NUMBERED_DOCUMENT:
        # In a numbered document title-case lines inside numbered sections are text.
        found = [
            None if (f is not None and f.kind == "title" and i > first_numbered) else f
            for i, f in enumerate(found)
        ]

    drafts = [_Draft(None, None, "")]
    group: str | None = None  # the sub-heading over a run of "8.45.n" paragraphs
    for i, line in enumerate(lines):
        f = found[i]
        if f is None:
            drafts[-1].lines.append(line.text)
            if line.text and line.page is not None:
                drafts[-1].pages.add(line.page)
            continue
        heading = f.text
        if f.kind == "number-alone":
            sub = _pop_sub_heading(drafts[-1])
            group = sub or group
            heading = group or _first_words(texts, i)
        draft = _Draft(f.number, heading, line.text, kind=f.kind)
        if line.page is not None:
            draft.pages.add(line.page)
        drafts.append(draft)

    drafts = _fold_empty(drafts)
    preamble, body = drafts[0], drafts[1:]
    body = _restore_order(body, warnings)
    sections: list[Section] = []
    if preamble.has_text():
        preamble.heading = title or "Preamble"
        body.insert(0, preamble)
    for ordinal, d in enumerate(body):
        text = _reflow(d.lines) if reflow else collapse_blank_lines(d.lines)
        sections.append(
            Section(number=d.number, heading=d.heading or "", text=text, ordinal=ordinal,
                    pages=sorted(d.pages))
        )
    return sections, warnings


def _classify(texts: list[str], i: int) -> h.Heading | None:
    text = texts[i].strip()
    if not text:
        return None
    found = h.markdown_heading(text) or h.numbered_heading(text)
    if found:
        return found
    number = h.number_alone(text)
    if number:
        # it numbers the paragraph after it, which starts with a word: a number alone above
        # another number ("10.5" over "28") is a value in a list or table
        nxt = _next_nonblank(texts, i)
        if nxt is not None and _STARTS_WITH_WORD.match(texts[nxt]):
            return h.Heading(number, "", "number-alone")
        return None
    alone = (i == 0 or not texts[i - 1].strip()) and (i + 1 == len(texts) or not texts[i + 1].strip())
    return h.title_heading(text) if alone else None


def _drop_toc(lines: list[Line], warnings: list[str]) -> list[Line]:
    span = h.toc_span([ln.text for ln in lines])
    if span is None:
        return lines
    first, last, entries = span
    if not any(ln.text.strip() for ln in lines[:first] + lines[last + 1 :]):
        warnings.append(f"table of contents recognised ({entries} entries); kept, as it is all the text")
        return lines
    warnings.append(f"table of contents recognised and skipped ({entries} entries)")
    return lines[:first] + [Line("")] + lines[last + 1 :]


def _pop_sub_heading(draft: _Draft) -> str | None:
    """Take the draft's last paragraph if it is a lone sub-heading line."""
    idx = [k for k, t in enumerate(draft.lines) if t.strip()]
    if not idx:
        return None
    last = idx[-1]
    standalone = last == 0 or not draft.lines[last - 1].strip()
    if standalone and h.sub_heading(draft.lines[last]):
        sub = draft.lines[last].strip()
        del draft.lines[last:]
        return sub
    return None


def _first_words(texts: list[str], i: int, n: int = 8) -> str:
    nxt = _next_nonblank(texts, i)
    words = texts[nxt].split() if nxt is not None else []
    return " ".join(words[:n]) + (" ..." if len(words) > n else "")


def _next_nonblank(texts: list[str], i: int) -> int | None:
    return next((j for j in range(i + 1, len(texts)) if texts[j].strip()), None)


def _fold_empty(drafts: list[_Draft]) -> list[_Draft]:
    """A heading with nothing under it (a cover label, "Contents", a short list item) becomes
    a text line of the section before it, unless it is the parent of the next numbered one."""
    out: list[_Draft] = [drafts[0]]
    for k, d in enumerate(drafts[1:], start=1):
        nxt = drafts[k + 1] if k + 1 < len(drafts) else None
        is_parent = bool(d.number and nxt and nxt.number and nxt.number.startswith(d.number + "."))
        if d.has_text() or is_parent:
            out.append(d)
            continue
        prev = out[-1]
        if prev.lines and prev.lines[-1].strip():
            prev.lines.append("")
        prev.lines.extend([d.heading_line, ""])
        prev.pages |= d.pages
    return out


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split("."))


def _restore_order(body: list[_Draft], warnings: list[str]) -> list[_Draft]:
    """Sort numbered sections (each with the unnumbered ones after it) into numeric order."""
    numbers = [d.number for d in body if d.number]
    keys = [_number_key(n) for n in numbers]
    if keys == sorted(keys):
        return body
    if len(set(keys)) != len(keys):
        warnings.append(
            f"numbered headings out of order and repeated ({', '.join(numbers)}); order kept as found"
        )
        return body
    lead: list[_Draft] = []
    units: list[list[_Draft]] = []
    for d in body:
        if d.number:
            units.append([d])
        elif units:
            units[-1].append(d)
        else:
            lead.append(d)
    units.sort(key=lambda u: _number_key(u[0].number or "0"))
    warnings.append(f"reading order restored: sections appeared as {', '.join(numbers)}")
    return lead + [d for u in units for d in u]


def _reflow(lines: list[str]) -> str:
    """Join wrapped lines of a paragraph; keep paragraph breaks and list items."""
    out: list[str] = []
    joinable = False
    for line in lines:
        text = line.strip()
        if not text:
            out.append("")
            joinable = False
            continue
        if joinable and not _LIST_ITEM.match(text) and not out[-1].endswith(":"):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
        joinable = True
    return collapse_blank_lines(out)
