"""Link harms to the offences that cover them and to the routes for reporting them.

A link is made only when one unit of GUIDELINES.md rule 6 ties the harm to the target: a
sentence, a short paragraph, a heading line and its description, a list and its lead, a short
passage about one harm (:mod:`extractors.tagging.units`). Methods and confidence:

* ``sentence`` - harm and target in one sentence (offence 0.9 with an offence cue, else 0.75;
  reporting 0.9, with a role cue: report, contact, help, advice, protect, investigate ...);
* ``heading`` (0.75) - a heading line and the sentence describing it;
* ``description``, ``provision``, ``title`` (0.8) - offences described in a provision's words,
  a provision's own harms nearby, "the Suicide Act 1961" (:mod:`extractors.tagging.offences`);
* ``list`` (0.7) - a list item and its lead sentence;
* ``paragraph``, ``passage``, ``section-heading`` (0.6) - a short paragraph, a single-harm
  passage whose later sentences refer back to its harm, the section's heading; with a cue.

A route named with no harm is a general route of the document, never a harm link
(:mod:`extractors.tagging.routes`); a harm called illegal with no law named is an offence claim
(:mod:`extractors.tagging.offences`). One link per (kind, harm, target) and document: the most
confident, then the earliest. ``outdated_name`` keeps a citation by a superseded name;
``jurisdiction_mismatch`` marks a law whose extent does not include any of the document's
jurisdictions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extractors.models import Document, GeneralRoute, Link, Mention, OffenceClaim
from extractors.tagging.mentions import SectionAnalysis
from extractors.tagging.offences import link_offence, may_claim, offence_claims
from extractors.tagging.paragraphs import evidence
from extractors.tagging.routes import general_route, link_route
from extractors.tagging.units import Context
from extractors.taxonomy import Taxonomy

TARGETS = {"offence": {"law", "provision"}, "reporting": {"agency", "contact"}}
ALL_TARGETS = TARGETS["offence"] | TARGETS["reporting"]


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


class Links:
    """The best link per (kind, harm, target) of one document."""

    def __init__(self, document: Document, taxonomy: Taxonomy, new: dict[str, Any]) -> None:
        self.document, self.taxonomy, self.new = document, taxonomy, new
        self.best: dict[tuple[str, str, str], Link] = {}

    def law_of(self, provision_id: str) -> str:
        """The law id of a provision (taxonomy or newly found)."""
        p = self.taxonomy.provisions.get(provision_id) or self.new.get(provision_id)
        return getattr(p, "law_id", provision_id)

    def add(self, kind: str, harm: str, target: Mention, sa: SectionAnalysis,
            spans: list[tuple[int, int]], method: str, confidence: float, heading: str = "") -> None:
        key = (kind, harm, target.entity_id)
        old = self.best.get(key)
        if old is not None and confidence <= old.confidence:
            return
        spans = [sp for sp in spans if sp[1] > sp[0]]
        if spans:
            ev, a, b = evidence(sa.text, spans)
        else:
            ev, a, b = "", 0, 0
        if heading:
            ev = f"{' '.join(heading.split())} {ev}".strip()
        pages = sa.section.pages
        self.best[key] = Link(
            kind=kind, harm_id=harm, target_id=target.entity_id,  # type: ignore[arg-type]
            evidence=ev, start=a, end=b, section=sa.section.ordinal,
            page=pages[0] if pages else None, method=method, confidence=confidence,
            outdated_name=target.outdated_name,
            jurisdiction_mismatch=kind == "offence" and _extent_mismatch(
                target.entity_id, self.document, self.taxonomy, self.new))


@dataclass
class LinkResult:
    links: list[Link]
    general_routes: list[GeneralRoute] = field(default_factory=list)
    offence_claims: list[OffenceClaim] = field(default_factory=list)


def link_all(document: Document, sections: list[SectionAnalysis], taxonomy: Taxonomy) -> LinkResult:
    """Harm links, general routes and offence claims of one document."""
    new = {e.id: e for sa in sections for e in sa.new_entities}
    links = Links(document, taxonomy, new)
    general: dict[str, GeneralRoute] = {}
    contexts = []
    for sa in sections:
        if not any(m.kind in ALL_TARGETS for m in sa.mentions) and not may_claim(sa.text):
            continue  # nothing to link and nothing claimed: skip the layout work
        ctx = Context(sa, taxonomy)
        contexts.append(ctx)
        for t in sa.mentions:
            if t.kind in TARGETS["offence"]:
                link_offence(t, ctx, links)
            elif t.kind in TARGETS["reporting"] and not link_route(t, ctx, links):
                route = general_route(t, ctx)
                if route is not None and route.target_id not in general:
                    general[route.target_id] = route
    linked = {h for (kind, h, _) in links.best if kind == "offence"}
    claims: dict[str, OffenceClaim] = {}
    for ctx in contexts:
        for c in offence_claims(ctx, linked):
            claims.setdefault(c.harm_id, c)
    ordered = sorted(links.best.values(), key=lambda lk: (lk.section, lk.start, lk.kind, lk.harm_id,
                                                          lk.target_id))
    return LinkResult(ordered, sorted(general.values(), key=lambda r: (r.section, r.target_id)),
                      sorted(claims.values(), key=lambda c: (c.section, c.start, c.harm_id)))


def link(document: Document, sections: list[SectionAnalysis], taxonomy: Taxonomy) -> list[Link]:
    """Every harm -> offence and harm -> reporting-route link the document supports."""
    return link_all(document, sections, taxonomy).links
