"""The units around one target mention (a law, an agency, a contact) that may tie it to a harm.

:func:`scopes` yields, strongest first, each unit of GUIDELINES.md rule 6 that holds the target:
its sentence, its short paragraph, the heading line it describes (or that describes it), the
list it leads or belongs to, the single-harm passage it is in, and the section heading. Each
scope says which harms it ties to the target and the pieces of text that are its evidence.
The link modules (:mod:`offences`, :mod:`routes`) decide which scopes need which cue.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractors.models import Mention
from extractors.tagging.described import described_harms
from extractors.tagging.mentions import SectionAnalysis
from extractors.tagging.paragraphs import Layout, heading_before, layout, next_sentence
from extractors.taxonomy import Taxonomy

SHORT_PARAGRAPH = 700  # characters; longer paragraphs are too loose to link across sentences
SHORT_SECTION = 3000  # characters: a section headed by a law is about that law when this short


@dataclass(frozen=True)
class Scope:
    method: str
    harms: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]  # evidence pieces in the section text
    cue_text: str  # the text a cue must be found in for this scope to count
    heading: str = ""  # the section heading, when it is part of the evidence


class Context:
    """One section's harms (body, by offset) and layout, computed once for all its targets."""

    def __init__(self, sa: SectionAnalysis, taxonomy: Taxonomy) -> None:
        self.sa = sa
        self._cues: dict[tuple[str, str], bool] = {}
        self.layout: Layout = layout(sa)
        self.sentence_of, self.paragraph_of = self.layout.sentence_of, self.layout.paragraph_of
        named = [m for m in sa.mentions if m.kind == "harm" and not m.in_heading]
        named = [m for m in named if not _refers_back(m, named, sa)]
        described = described_harms(sa.text, sa.sentences, sa.section.ordinal, taxonomy)
        self.harms = sorted(named + described, key=lambda m: m.start)
        # (sentence start, harm) described there but not named: links from it say "description"
        self.described = ({(self.sentence_of(m.start)[0], m.entity_id) for m in described}
                          - {(self.sentence_of(m.start)[0], m.entity_id) for m in named})
        self.starts = [m.start for m in self.harms]
        self.heading_harms = tuple(sorted({m.entity_id for m in sa.mentions
                                           if m.kind == "harm" and m.in_heading}))
        self.provisions = [m for m in sa.mentions if m.kind == "provision"]
        self.law_starts = [m.start for m in sa.mentions
                           if m.kind in ("law", "provision") and not m.in_heading]
        self.route_starts = [m.start for m in sa.mentions
                             if m.kind in ("agency", "contact") and not m.in_heading]

    def has(self, pattern: re.Pattern[str], text: str) -> bool:
        """``pattern`` occurs in ``text``; memoised, as the scopes of a section share texts."""
        key = (pattern.pattern, text)
        if key not in self._cues:
            self._cues[key] = pattern.search(text) is not None
        return self._cues[key]

    def harms_in(self, a: int, b: int) -> list[Mention]:
        i, j = bisect.bisect_left(self.starts, a), bisect.bisect_left(self.starts, b)
        return self.harms[i:j]

    def ids_in(self, a: int, b: int) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.entity_id for m in self.harms_in(a, b)))

    def passage_harm(self, pos: int) -> tuple[str, tuple[int, int]] | None:
        """The one harm a short passage holding ``pos`` is about, if it names exactly one."""
        span = self.layout.passage_of(pos)
        if span is None:
            return None
        ids = set(self.ids_in(*span))
        if span[0] == 0:
            ids |= set(self.heading_harms)
        return (ids.pop(), span) if len(ids) == 1 else None


_SUCH = re.compile(r"\bsuch\s+$", re.I)


def _refers_back(m: Mention, harms: list[Mention], sa: SectionAnalysis) -> bool:
    """"... remove material promoting self-harm and protect users from such harmful content":
    "such" + a harm after another harm in the sentence names that harm again, not a new one,
    so it carries no link of its own (it stays a mention of the document)."""
    if not _SUCH.search(sa.text, max(m.start - 8, 0), m.start):
        return False
    s0 = sa.sentence_of(m.start)[0]
    return any(s0 <= h.start < m.start and h.entity_id != m.entity_id for h in harms)


def _sentence_with(ctx: Context, harms: list[Mention]) -> list[tuple[int, int]]:
    return [ctx.sentence_of(h.start) for h in harms[:1]]


def scopes(t: Mention, ctx: Context) -> Iterator[Scope]:
    """Every rule-6 unit holding target ``t``, each with the harms it ties to ``t``."""
    sa, text, lay = ctx.sa, ctx.sa.text, ctx.layout
    if t.in_heading:  # a section heading line: its description is the first sentence
        if sa.sentences:
            first = sa.sentences[0]
            yield Scope("heading", ctx.ids_in(*first), (first,), sa.section.heading + " " +
                        text[first[0]:first[1]], heading=sa.section.heading)
        if t.kind in ("law", "provision") and len(text) <= SHORT_SECTION:
            yield from _under_law_heading(ctx)
        return
    s = ctx.sentence_of(t.start)
    sentence = text[s[0]:s[1]]
    yield Scope("sentence", ctx.ids_in(*s), (s,), sentence)
    if t.kind == "contact" and t.start == s[0] and s[0] > 0:
        # "... reach out for help. https://..." - a URL after the sentence it belongs to
        prev = ctx.sentence_of(s[0] - 1)
        if prev != s and "\n" not in text[prev[1]:s[0]]:
            yield Scope("sentence", ctx.ids_in(*prev), (prev, s), text[prev[0]:s[1]])
    p = ctx.paragraph_of(t.start)
    li = lay.line_of(t.start)
    if p[1] - p[0] <= SHORT_PARAGRAPH and not lay.in_list(li):  # a list's own rule applies
        for h in ctx.harms_in(*p):
            hs = ctx.sentence_of(h.start)
            yield Scope("paragraph", (h.entity_id,), (hs, s), text[p[0]:p[1]])
    if li in lay.headings:  # "Cyberflashing - Sexual Offences Act 2003" / "Section 66A makes ..."
        nxt = next_sentence(sa, lay, li)
        if nxt:
            yield Scope("heading", ctx.ids_in(*nxt), (s, nxt), sentence + " " + text[nxt[0]:nxt[1]])
    hb = heading_before(sa, lay, t.start)
    if hb is not None:
        line = lay.lines[hb]
        yield Scope("heading", ctx.ids_in(*line), (line, s), text[line[0]:line[1]] + " " + sentence)
    if li in lay.items:  # an item: its lead sentence, and the item itself
        lead = ctx.sentence_of(lay.lines[lay.items[li]][0])
        item = lay.lines[li]
        yield Scope("list", ctx.ids_in(*lead) + ctx.ids_in(*item), (lead, item),
                    text[lead[0]:lead[1]] + " " + text[item[0]:item[1]])
    for item_line, lead_line in lay.items.items():  # the lead: each of its items
        if lead_line == li:
            item = lay.lines[item_line]
            yield Scope("list", ctx.ids_in(*item), (s, item), sentence + " " + text[item[0]:item[1]])
    yield from _list_after(t, ctx, p, s)
    one = ctx.passage_harm(t.start)
    if one is not None:
        harm, span = one
        pieces = [lay.lines[lay.line_of(span[0])]] if lay.line_of(span[0]) in lay.headings else []
        pieces += _sentence_with(ctx, ctx.harms_in(*span)) + [s]
        yield Scope("passage", (harm,), tuple(pieces), sentence,
                    heading=sa.section.heading if not ctx.harms_in(*span) else "")
    local = lay.lines[li] if li in lay.items else p  # a list item stands on its own
    if ctx.heading_harms and not ctx.harms_in(*local):
        yield Scope("section-heading", ctx.heading_harms, (s,), sentence, heading=sa.section.heading)


def _list_after(t: Mention, ctx: Context, p: tuple[int, int], s: tuple[int, int]) -> Iterator[Scope]:
    """"CEOP can help if something has happened online." / "Here are some of the things children
    have reported:" / items: a list whose lead names no route or law, right after the target's
    paragraph, continues it; each item is tied to the target when the lead carries the cue (the
    things "reported", the "offences" listed)."""
    lay, text = ctx.layout, ctx.sa.text
    if p[1] - p[0] > SHORT_PARAGRAPH:
        return
    nxt = lay.line_of(p[1]) + 1 if p[1] < len(text) else len(lay.lines)
    if nxt >= len(lay.lines) or lay.lines[nxt][0] < p[1] or nxt not in lay.items.values():
        return
    lead = lay.lines[nxt]
    if any(lead[0] <= x < lead[1] for x in ctx.law_starts + ctx.route_starts) or ctx.ids_in(*lead):
        return
    for item_line, lead_line in lay.items.items():
        if lead_line == nxt:
            item = lay.lines[item_line]
            yield Scope("list", ctx.ids_in(*item), (s, lead, item), text[lead[0]:lead[1]])


def _under_law_heading(ctx: Context) -> Iterator[Scope]:
    """A section headed by a law ("More on the Online Safety Bill"): each sentence, or list item
    with its lead, that names a harm and no other law is about the heading's law."""
    sa, lay, text = ctx.sa, ctx.layout, ctx.sa.text
    laws = [m.start for m in sa.mentions if m.kind in ("law", "provision") and not m.in_heading]
    for h in ctx.harms:
        unit = [ctx.sentence_of(h.start)]
        li = lay.line_of(h.start)
        if li in lay.items:
            unit.insert(0, ctx.sentence_of(lay.lines[lay.items[li]][0]))
        if any(a <= x < b for a, b in unit for x in laws):
            continue
        yield Scope("section-heading", (h.entity_id,), tuple(unit),
                    " ".join(text[a:b] for a, b in unit), heading=sa.section.heading)
