"""Link harms to the offences that cover them and to the routes for reporting them.

Methods, strongest first (confidence in brackets):

* ``sentence`` - harm and target in one sentence (offence 0.9 with a cue word such as
  "offence", "illegal", "under section", else 0.75; reporting 0.9, needs a cue such as
  "report", "contact", "call", "refer", "helpline").
* ``description`` (0.8) - the sentence cites a law and describes an offence by a provision's own
  description ("an offence of sexual communication with a child"): the harms of that provision
  are linked to the cited law.
* ``provision`` (0.8) - a cited provision whose taxonomy harms are named in its paragraph or
  in the section heading.
* ``paragraph`` (0.6) - harm and target in one short paragraph, the cue word in it.
* ``title`` (0.8) - the cited Act is named after a harm the section names ("Suicide Act 1961").
* ``heading`` (0.6) - the target's sentence has a cue word, its paragraph names no harm, and
  the section heading names one.
* ``signpost`` (0.55) - a resource-list entry that opens with the agency and names harms.
* ``instruction`` (0.5) - a reporting instruction whose scope is a concern, not a named harm
  ("If any child is at risk of significant harm, refer them to the SPA"): every harm of the
  document.
* ``section`` (0.4) - a contact or agency in a "Reporting" / "What to do" section applies to
  every harm the document names.

One link per (kind, harm, target) and document: the most confident, then the earliest.
``outdated_name`` keeps a citation by a superseded name; ``jurisdiction_mismatch`` marks a law
whose extent does not include any of the document's jurisdictions.
"""

from __future__ import annotations

import re
from typing import Any

from extractors.models import Document, Link, Mention
from extractors.tagging.mentions import SectionAnalysis
from extractors.taxonomy import Taxonomy

OFFENCE_CUE = re.compile(
    r"\b(offen[cs]es?|illegal|unlawful|criminal|crimes?|prosecut\w*|against the law|"
    r"under (?:s|section)|legislation|arrestable|convict\w*|punishable|liable)\b", re.I)
REPORT_CUE = re.compile(
    r"\b(report\w*|contact\w*|call\w*|ring|phone|telephone|dial|refer\w*|helplines?|hotlines?|"
    r"notify|notif\w+|inform|tell|speak to|text|escalat\w*)\b", re.I)
INSTRUCTION = re.compile(r"\b(if|where|when(ever)?)\b[^.]*\b(concern\w*|at risk|risk of|worried|"
                         r"suspect\w*|significant harm|in danger)\b", re.I)
SIGNPOST_LEAD = 3  # characters before an agency that opens a resource-list entry
REPORT_HEADING = re.compile(r"\b(report\w*|what to do|contacts?|who to contact|useful numbers|"
                            r"where to get help|getting help)\b", re.I)
SHORT_PARAGRAPH = 700  # characters; longer paragraphs are too loose to link across sentences
TARGETS = {"offence": {"law", "provision"}, "reporting": {"agency", "contact"}}


def _extent_mismatch(target_id: str, document: Document, taxonomy: Taxonomy,
                     new: dict[str, Any]) -> bool:
    law_id = target_id
    if target_id.startswith("provision:"):
        p = taxonomy.provisions.get(target_id) or new.get(target_id)
        law_id = getattr(p, "law_id", "")
    law = taxonomy.laws.get(law_id) or new.get(law_id)
    extent = set(getattr(law, "extent", []) or [])
    wanted = set(document.metadata.jurisdiction)
    return bool(extent and wanted and not extent & wanted)


class _Links:
    def __init__(self, document: Document, taxonomy: Taxonomy, new: dict[str, Any]) -> None:
        self.document, self.taxonomy, self.new = document, taxonomy, new
        self.best: dict[tuple[str, str, str], Link] = {}

    def add(self, kind: str, harm: str, target: Mention, sa: SectionAnalysis, span: tuple[int, int],
            method: str, confidence: float) -> None:
        text = sa.text if not target.in_heading else sa.section.heading
        pages = sa.section.pages
        link = Link(kind=kind, harm_id=harm, target_id=target.entity_id,  # type: ignore[arg-type]
                    evidence=text[span[0]:span[1]], start=span[0], end=span[1],
                    section=sa.section.ordinal, page=pages[0] if pages else None, method=method,
                    confidence=confidence, outdated_name=target.outdated_name,
                    jurisdiction_mismatch=kind == "offence" and _extent_mismatch(
                        target.entity_id, self.document, self.taxonomy, self.new))
        key = (kind, harm, target.entity_id)
        old = self.best.get(key)
        if old is None or confidence > old.confidence:
            self.best[key] = link


def _harms_in(harms: list[Mention], a: int, b: int) -> list[Mention]:
    return [h for h in harms if a <= h.start < b]


def _link_offence(t: Mention, sa: SectionAnalysis, harms: list[Mention], heading: set[str],
                  links: _Links, taxonomy: Taxonomy) -> None:
    known = taxonomy.provisions.get(t.entity_id) or taxonomy.laws.get(t.entity_id)
    if known is not None and not known.harms:
        return  # a duty, not an offence (Children Act 1989 s.47 enquiries, Care Act s.42)
    s0, s1 = sa.sentence_of(t.start)
    p0, p1 = sa.paragraph_of(t.start)
    has_cue = bool(OFFENCE_CUE.search(sa.text[s0:s1]))
    in_sentence = _harms_in(harms, s0, s1)
    nearby = {h.entity_id for h in _harms_in(harms, p0, p1)} | heading
    for h in in_sentence:
        links.add("offence", h.entity_id, t, sa, (s0, s1), "sentence", 0.9 if has_cue else 0.75)
    for o0, _, pid in sa.offences:  # "an offence of sexual communication with a child"
        if s0 <= o0 < s1:
            for harm in set(taxonomy.provisions[pid].harms) & (nearby | {h.entity_id for h in harms}):
                links.add("offence", harm, t, sa, (s0, s1), "description", 0.8)
    prov = taxonomy.provisions.get(t.entity_id)
    for harm in set(prov.harms if prov else []) & nearby:
        links.add("offence", harm, t, sa, (s0, s1), "provision", 0.8)
    law_id = getattr(prov, "law_id", t.entity_id)
    for start, harm in sa.title_harms:  # "the Suicide Act 1961" covers suicide content
        if s0 <= start < s1 and (harm in nearby or any(h.entity_id == harm for h in harms)) and t.entity_id == law_id:
            links.add("offence", harm, t, sa, (s0, s1), "title", 0.8)
    para_harms = _harms_in(harms, p0, p1)
    if p1 - p0 <= SHORT_PARAGRAPH and OFFENCE_CUE.search(sa.text[p0:p1]):
        for h in para_harms:
            span = (min(s0, sa.sentence_of(h.start)[0]), max(s1, sa.sentence_of(h.start)[1]))
            links.add("offence", h.entity_id, t, sa, span, "paragraph", 0.6)
    if has_cue and not para_harms:
        for harm in heading:
            links.add("offence", harm, t, sa, (s0, s1), "heading", 0.6)


def _link_route(t: Mention, sa: SectionAnalysis, harms: list[Mention], heading: set[str],
                doc_harms: set[str], links: _Links) -> None:
    s0, s1 = sa.sentence_of(t.start)
    p0, p1 = sa.paragraph_of(t.start)
    sentence = sa.text[s0:s1]
    has_cue = bool(REPORT_CUE.search(sentence))
    in_sentence = _harms_in(harms, s0, s1)
    para_harms = _harms_in(harms, p0, p1)
    if has_cue:
        for h in in_sentence:
            links.add("reporting", h.entity_id, t, sa, (s0, s1), "sentence", 0.9)
    short = p1 - p0 <= SHORT_PARAGRAPH
    if short and REPORT_CUE.search(sa.text[p0:p1]):
        for h in para_harms:
            span = (min(s0, sa.sentence_of(h.start)[0]), max(s1, sa.sentence_of(h.start)[1]))
            links.add("reporting", h.entity_id, t, sa, span, "paragraph", 0.6)
    if short and t.start - p0 <= SIGNPOST_LEAD:
        # a resource-list entry: "[Stop it Now](#) ... a confidential helpline ... for anyone
        # concerned about child sexual abuse"
        for h in para_harms:
            links.add("reporting", h.entity_id, t, sa, (p0, p1), "signpost", 0.55)
    if has_cue and not para_harms:
        for harm in heading:
            links.add("reporting", harm, t, sa, (s0, s1), "heading", 0.6)
    if has_cue and not in_sentence and INSTRUCTION.search(sentence):
        # "If any child is at risk of significant harm, refer them to ...": not limited to a harm
        for harm in doc_harms:
            links.add("reporting", harm, t, sa, (s0, s1), "instruction", 0.5)
    if REPORT_HEADING.search(sa.section.heading or ""):
        for harm in doc_harms:
            links.add("reporting", harm, t, sa, (s0, s1), "section", 0.4)


def _link_section(sa: SectionAnalysis, doc_harms: set[str], links: _Links,
                  taxonomy: Taxonomy) -> None:
    body = [m for m in sa.mentions if not m.in_heading]
    harms = [m for m in body if m.kind == "harm"]
    heading = {m.entity_id for m in sa.mentions if m.in_heading and m.kind == "harm"}
    for t in body:
        if t.kind in TARGETS["offence"]:
            _link_offence(t, sa, harms, heading, links, taxonomy)
        elif t.kind in TARGETS["reporting"]:
            _link_route(t, sa, harms, heading, doc_harms, links)


def link(document: Document, sections: list[SectionAnalysis], taxonomy: Taxonomy) -> list[Link]:
    """Every harm -> offence and harm -> reporting-route link the document supports."""
    new = {e.id: e for sa in sections for e in sa.new_entities}
    doc_harms = {m.entity_id for sa in sections for m in sa.mentions if m.kind == "harm"}
    links = _Links(document, taxonomy, new)
    for sa in sections:
        _link_section(sa, doc_harms, links, taxonomy)
    return sorted(links.best.values(), key=lambda lk: (lk.section, lk.start, lk.kind, lk.harm_id,
                                                       lk.target_id))
