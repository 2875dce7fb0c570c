"""One section's tagging: ruler spans and regex hits -> resolved, non-redundant mentions.

Internal to the tagger and linker (it holds spaCy-derived offsets, not spaCy objects, so it is
cheap to keep). :class:`SectionAnalysis` carries the sentence and paragraph boundaries the
linker needs, the offence-description matches, and the entities the taxonomy lacks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from extractors.models import Mention, Section
from extractors.tagging import rules
from extractors.tagging.citations import act_for, defined_names
from extractors.tagging.contacts import find_contacts
from extractors.tagging.local import find_local_agencies
from extractors.taxonomy import Taxonomy, normalise, slug
from extractors.taxonomy.load import LOCAL_SAFEGUARDING
from extractors.taxonomy.models import Agency, Law, Provision
from extractors.taxonomy.names import local_agency_id

_BREAK = re.compile(r"\n[ \t]*\n\s*|\n(?=\s*(?:[-*\u2022\u00b7\u25aa]|\d+\.\d*\s))|(?<=:)[ \t]*\n")
_PARA = re.compile(r"\n[ \t]*\n\s*")
_LOCAL_BOARD = re.compile(r"[ \t]+Safeguarding(?:[ \t]+(?:Children|Adults|People)?[ \t]*"
                          r"(?:Partnership|Board))?\b")
# "Bullying Procedure": a one-word behaviour in a chapter title is behaviour in general, not the
# online harm (GUIDELINES "Not harms"); "Sexual Exploitation Procedure" names the harm.
_TITLE_WORD = re.compile(r"[ \t]+(?:Procedures?|Polic(?:y|ies)|Strateg(?:y|ies)|Guidance)\b")
_BLACKMAIL = re.compile(r"\bblackmail\w*", re.I)
_IMAGES = re.compile(r"\b(?:images?|photos?|photographs?|videos?|nudes?|pictures?|webcam)\b", re.I)
_OWNERS = {"law", "provision", "agency", "contact"}  # spans that swallow harms inside them


_WS = re.compile(r"[ \t\r]*\n[ \t\r\n]*|[ \t\r]{2,}")


def _mention(**fields: Any) -> Mention:
    """A Mention built from values this module computed (kinds from the ruler labels, offsets
    from the text), without pydantic's validation: validating thousands of them per document
    was a tenth of tagging time. Defaults are filled in as validation would."""
    return Mention.model_construct(**{"outdated_name": False, "in_heading": False, **fields})


@lru_cache(maxsize=256)
def collapse(text: str) -> tuple[str, tuple[list[int], list[int]]]:
    """Text for the phrase matcher: a line break inside a paragraph (PDF extraction) becomes one
    space, a blank line "\\n\\n", so that "Honour \\nBased Abuse" still matches. Returns the text
    and the anchors that map its offsets back to the original."""
    pieces, norm, orig = [], [0], [0]
    pos = npos = 0
    for m in _WS.finditer(text):
        pieces.append(text[pos:m.start()])
        rep = "\n\n" if m.group().count("\n") >= 2 else " "
        pieces.append(rep)
        npos += m.start() - pos + len(rep)
        pos = m.end()
        norm.append(npos)
        orig.append(pos)
    pieces.append(text[pos:])
    return "".join(pieces), (norm, orig)


def _back(anchors: tuple[list[int], list[int]], x: int) -> int:
    norm, orig = anchors
    i = bisect.bisect_right(norm, x) - 1
    return orig[i] + (x - norm[i])


@dataclass
class Cand:
    kind: str
    entity_id: str
    start: int
    end: int
    outdated: bool = False


@dataclass
class SectionAnalysis:
    section: Section
    sentences: list[tuple[int, int]]
    paragraphs: list[tuple[int, int]]
    mentions: list[Mention] = field(default_factory=list)
    offences: list[tuple[int, int, str]] = field(default_factory=list)
    title_harms: list[tuple[int, str]] = field(default_factory=list)  # (law start, harm) "Suicide Act"
    new_entities: list[Any] = field(default_factory=list)
    _starts: dict[int, list[int]] = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return self.section.text

    def _find(self, spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
        starts = self._starts.get(id(spans))
        if starts is None or len(starts) != len(spans):  # built once per list: this is hot
            starts = self._starts[id(spans)] = [s for s, _ in spans]
        i = bisect.bisect_right(starts, pos) - 1
        return spans[max(i, 0)] if spans else (0, len(self.text))

    def sentence_of(self, pos: int) -> tuple[int, int]:
        return self._find(self.sentences, pos)

    def paragraph_of(self, pos: int) -> tuple[int, int]:
        return self._find(self.paragraphs, pos)


def _segments(text: str, cuts: set[int]) -> list[tuple[int, int]]:
    points = sorted({0, len(text), *cuts})
    out = []
    for a, b in zip(points, points[1:]):
        chunk = text[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        if chunk.strip():
            out.append((a + lead, a + len(chunk.rstrip())))
    return out


def _ruler_cands(doc: Any, key: str, offences: list[tuple[int, int, str]] | None,
                 anchors: tuple[list[int], list[int]]) -> list[Cand]:
    out = []
    for span in doc.spans.get(key, []):
        kind, *flags = span.label_.split(":")
        surface = span.text
        start, end = _back(anchors, span.start_char), _back(anchors, span.end_char)
        if "exact" in flags and not re.sub(r"[^A-Za-z]", "", surface).isupper():
            continue
        if "initial" in flags and not surface[:1].isupper():
            continue
        if kind == "OFFENCE":
            if offences is not None:
                offences.append((start, end, span.id_))
            continue
        out.append(Cand(kind.lower(), span.id_, start, end, "old" in flags))
    return out


def _resolve_overlaps(cands: list[Cand]) -> list[Cand]:
    """Longest span wins within a kind; harms inside laws, agencies or contacts are dropped."""
    cands = sorted(cands, key=lambda c: (c.start, -(c.end - c.start)))
    keep: list[Cand] = []
    for c in cands:
        inside = [k for k in cands if k is not c and k.start <= c.start and c.end <= k.end
                  and (k.end - k.start) > (c.end - c.start)]
        if any(k.kind == c.kind or (c.kind in {"harm", "region"} and k.kind in _OWNERS)
               or (c.kind == "agency" and k.kind in {"law", "contact"}) for k in inside):
            continue
        if any(k.kind == c.kind and k.entity_id == c.entity_id and k.start == c.start
               and k.end == c.end for k in keep):
            continue
        keep.append(c)
    return keep


def _law_year(law_id: str, taxonomy: Taxonomy, new: dict[str, Any]) -> int | None:
    law = taxonomy.laws.get(law_id) or new.get(law_id)
    return getattr(law, "year", None)


def _extent(title: str) -> list[str]:
    for name in ("Scotland", "Northern Ireland", "Wales"):
        if f"({name})" in title:
            return [name]
    return []


def _laws_and_provisions(text: str, cands: list[Cand], sa: SectionAnalysis, taxonomy: Taxonomy,
                         new: dict[str, Any]) -> None:
    law_index = taxonomy._index.get("law", {})
    for hit in rules.find_citations(text):
        if any(c.kind == "law" and c.start < hit.end and hit.start < c.end for c in cands):
            continue
        law_id = law_index.get(normalise(hit.value))
        if law_id is None:
            law_id = f"law:{slug(hit.value)}"
            new.setdefault(law_id, Law(id=law_id, title=hit.value, year=int(hit.extra),
                                       extent=_extent(hit.value)))  # type: ignore[arg-type]
        cands.append(Cand("law", law_id, hit.start, hit.end))
    laws = sorted((c for c in cands if c.kind == "law"), key=lambda c: c.start)
    for hit in rules.find_year_acts(text):
        year = int(hit.extra)
        earlier = [c for c in laws if c.end <= hit.start and _law_year(c.entity_id, taxonomy, new) == year]
        if earlier:
            cands.append(Cand("law", earlier[-1].entity_id, hit.start, hit.end))
    laws = sorted((c for c in cands if c.kind == "law"), key=lambda c: c.start)
    cands += [Cand("law", lid, a, b) for a, b, lid in defined_names(text, laws)]  # ('OSA 2023')
    laws = sorted((c for c in cands if c.kind == "law"), key=lambda c: c.start)
    # "Communications Act" inside "Malicious Communications Act 1988" is not the Act cited
    laws = [c for c in laws if not any(k is not c and k.start <= c.start and c.end <= k.end
                                       and k.end - k.start > c.end - c.start for k in laws)]
    for ref, numbers in rules.find_section_refs(text):
        if any(c.kind == "provision" and c.start < ref.end and ref.start < c.end for c in cands):
            continue
        law_id = act_for(ref, numbers, laws, sa, taxonomy)
        if law_id is None:
            continue
        for i, n in enumerate(numbers):
            pid = taxonomy.provision_id(law_id, n.value)
            if pid not in taxonomy.provisions and pid not in new:
                law = taxonomy.laws.get(law_id) or new.get(law_id)
                title = getattr(law, "title", law_id)
                new[pid] = Provision(id=pid, law_id=law_id, section=n.value,
                                     summary=f"section {n.value} of the {title}")
            cands.append(Cand("provision", pid, ref.start if i == 0 else n.start, n.end))


def _agencies(text: str, cands: list[Cand], taxonomy: Taxonomy, region: str | None,
              new: dict[str, Any]) -> None:
    """Local agencies by pattern, and "<Region> Safeguarding" as that place's partnership."""
    for hit in find_local_agencies(text, taxonomy, region):
        if hit.agency is not None:
            new.setdefault(hit.entity_id, hit.agency)
        cands.append(Cand("agency", hit.entity_id, hit.start, hit.end))
    for c in [c for c in cands if c.kind == "region"]:
        m = _LOCAL_BOARD.match(text, c.end)
        if m and LOCAL_SAFEGUARDING in taxonomy.agencies:
            name = re.sub(r"\s+", " ", text[c.start:m.end()])
            aid = local_agency_id(name)
            new.setdefault(aid, Agency(id=aid, name=name, kind="local", region=region,
                                       broader=LOCAL_SAFEGUARDING))
            cands.append(Cand("agency", aid, c.start, m.end()))


def _described_harms(text: str, cands: list[Cand], sa: SectionAnalysis) -> None:
    """Harms the text describes rather than names (GUIDELINES rule 2: "blackmailing a child with
    their own images is sextortion"): blackmail in the same clause as images."""
    if "blackmail" not in text.lower():
        return
    for m in _BLACKMAIL.finditer(text):
        s0, s1 = sa.sentence_of(m.start())
        left = max(text.rfind(".", s0, m.start()) + 1, s0, m.start() - 80)
        right = text.find(".", m.end(), s1)
        right = min(s1 if right < 0 else right, m.end() + 80)
        if _IMAGES.search(text, left, right):
            cands.append(Cand("harm", "harm:sextortion", m.start(), m.end()))


def _contacts(text: str, cands: list[Cand], sa: SectionAnalysis, taxonomy: Taxonomy,
              new: dict[str, Any]) -> None:
    agencies = sorted(_resolve_overlaps([c for c in cands if c.kind == "agency"]),
                      key=lambda c: c.start)
    for cid, start, end, owner in find_contacts(text, agencies, sa, taxonomy, new):
        cands.append(Cand("contact", cid, start, end))
        if owner:  # a national number names its owner: "call us on 101" is the police
            cands.append(Cand("agency", owner, start, end))


def analyse_section(section: Section, doc: Any, head_doc: Any, taxonomy: Taxonomy, key: str,
                    new: dict[str, Any] | None = None, region: str | None = None) -> SectionAnalysis:
    """Mentions of one section (body and heading) with sentence and paragraph boundaries;
    ``region`` is the document's, given to the local agencies found in it."""
    text = section.text
    anchors = collapse(text)[1]
    starts = {_back(anchors, s.start_char) for s in doc.sents}
    sa = SectionAnalysis(section, _segments(text, starts | {m.end() for m in _BREAK.finditer(text)}),
                         _segments(text, {m.end() for m in _PARA.finditer(text)}))
    new = {} if new is None else new
    cands = _ruler_cands(doc, key, sa.offences, anchors)
    _agencies(text, cands, taxonomy, region, new)
    _laws_and_provisions(text, cands, sa, taxonomy, new)
    _contacts(text, cands, sa, taxonomy, new)
    if "harm:sextortion" in taxonomy.harms:
        _described_harms(text, cands, sa)
    for c in cands:
        if c.kind == "harm":
            sa.title_harms += [(k.start, c.entity_id) for k in cands if k.kind == "law"
                               and k.start <= c.start and c.end <= k.end]
    for c in _resolve_overlaps(cands):
        if c.kind == "harm" and " " not in text[c.start:c.end] and _TITLE_WORD.match(text, c.end):
            continue
        s0, s1 = sa.sentence_of(c.start)
        sa.mentions.append(_mention(kind=c.kind, entity_id=c.entity_id,
                                   surface=text[c.start:c.end], start=c.start, end=c.end,
                                   section=section.ordinal, sentence=text[s0:s1],
                                   outdated_name=c.outdated))
    if head_doc is not None:
        head = section.heading
        for c in _resolve_overlaps(_ruler_cands(head_doc, key, None, collapse(head)[1])):
            sa.mentions.append(_mention(kind=c.kind, entity_id=c.entity_id,
                                       surface=head[c.start:c.end], start=c.start, end=c.end,
                                       section=section.ordinal, sentence=head,
                                       outdated_name=c.outdated, in_heading=True))
    sa.mentions.sort(key=lambda m: (m.in_heading, m.start, m.end))
    sa.new_entities = list(new.values())
    return sa
