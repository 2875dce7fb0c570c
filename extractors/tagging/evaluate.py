"""Precision, recall and F1 of tagging and linking against a gold file (DESIGN.md "Gold files").

Both sides become sets of graph ids per document, gold names going through the taxonomy's
resolver (an unknown gold name stays a miss, keyed ``?name``):

* harms: canonical harm names (GUIDELINES.md: every harm id rolls up to one of the 29
  canonical harms, ``Harm.broader``), so county lines and child criminal exploitation are the
  same answer; a gold name is a canonical name, or any name the taxonomy resolves;
* agencies: agency ids, a local agency found by pattern rolled up to its ``broader`` agency
  when it has one ("Dudley Safeguarding Children Partnership" is the safeguarding children
  partnership); a gold name the taxonomy lacks is the id a local agency of that name gets;
* laws: ``(law id, section)``; a provision citation gives its section, a bare citation of an
  Act gives ``None`` (an Act named right after "Section 15 of", or right before "(section
  127)", is part of that citation);
* contacts: contact ids of phone numbers and URLs (normalised value); e-mail addresses are
  found by the tagger but are not contacts in the guidelines' sense (rule 5), so they are not
  scored either way; ``contact_owners`` scores who each gold contact belongs to;
* harm_law_links: ``(canonical harm, law, section)``, compared exactly like laws: a link from a
  bare mention of the Act is ``(harm, law, None)``, its own entry beside any section-level link
  to the same Act (GUIDELINES rule 3); the Act of a section citation ("Section 66A Sexual
  Offences Act 2003") gives only the section-level link (the linker does not link it apart);
* harm_route_links: ``(canonical harm, agency)``; a link to a contact point counts for its agency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from extractors.models import TaggedDocument
from extractors.tagging.citations import with_section
from extractors.taxonomy import Taxonomy, contact_id, normalise
from extractors.taxonomy.names import local_agency_id

CATEGORIES = ("harms", "laws", "agencies", "contacts", "harm_law_links", "harm_route_links")
ENTITY_CATEGORIES = CATEGORIES[:4]
LINK_CATEGORIES = CATEGORIES[4:]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class EvalReport:
    per_category: dict[str, Score] = field(default_factory=lambda: {c: Score() for c in CATEGORIES})
    per_document: dict[str, dict[str, Score]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)  # each false positive / negative
    # Who found gold contacts belong to (not in the micro average: it scores attribution of
    # contacts already scored under "contacts"). A wrong owner is a false positive and a false
    # negative; an unattributed contact with a gold owner is a false negative.
    contact_owners: Score = field(default_factory=Score)

    @property
    def micro(self) -> Score:
        s = Score()
        for c in self.per_category.values():
            s.tp, s.fp, s.fn = s.tp + c.tp, s.fp + c.fp, s.fn + c.fn
        return s

    def as_dict(self, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "per_category": {k: v.as_dict() for k, v in self.per_category.items()},
            "micro": self.micro.as_dict(),
            "contact_owners": self.contact_owners.as_dict(),
            "per_document": {d: {k: v.as_dict() for k, v in cats.items()}
                             for d, cats in self.per_document.items()},
        }
        if explain:
            out["errors"] = self.errors
        return out


def _section(value: Any) -> str | None:
    if value in (None, ""):
        return None
    m = re.match(r"\d+[A-Za-z]*", str(value).strip().lower().removeprefix("s").strip(". "))
    return m.group(0) if m else str(value).lower()


def _resolve(taxonomy: Taxonomy, kind: str, name: str) -> str:
    if kind == "harm":
        return _gold_harm(taxonomy, name)
    if kind == "agency":
        found = taxonomy.resolve(kind, name)
        return _agency_level(taxonomy, found or local_agency_id(name), {})
    return taxonomy.resolve(kind, name) or f"?{name}"


def _gold_harm(taxonomy: Taxonomy, name: str) -> str:
    key = normalise(name)
    for c in taxonomy.canonical_harms:
        if normalise(c) == key:
            return c
    hid = taxonomy.resolve("harm", name)
    return (taxonomy.canonical_harm(hid) if hid else None) or f"?{name}"


def _harm_level(taxonomy: Taxonomy, harm_id: str) -> str:
    return taxonomy.canonical_harm(harm_id) or harm_id


def _agency_level(taxonomy: Taxonomy, agency_id: str, new: dict[str, Any]) -> str:
    """An agency id rolled up to its ``broader`` agency (taxonomy or newly found), once."""
    agency = taxonomy.agencies.get(agency_id) or new.get(agency_id)
    return getattr(agency, "broader", None) or agency_id


def gold_sets(entry: dict[str, Any], taxonomy: Taxonomy) -> dict[str, set[Any]]:
    """One gold document entry as sets of ids, per category."""
    def law_key(act: str, section: Any) -> tuple[str, str | None]:
        return (_resolve(taxonomy, "law", act), _section(section))

    contacts = set()
    for c in entry.get("contacts", []):
        for kind in ("phone", "url"):
            if c.get(kind):
                contacts.add(contact_id(kind, c[kind]))
    return {
        "harms": {_resolve(taxonomy, "harm", h) for h in entry.get("harms", [])},
        "laws": {law_key(x["act"], x.get("section")) for x in entry.get("laws", [])},
        "agencies": {_resolve(taxonomy, "agency", a) for a in entry.get("agencies", [])},
        "contacts": contacts,
        "harm_law_links": {(_resolve(taxonomy, "harm", h), *law_key(act, sec))
                           for h, act, sec, *_ in entry.get("harm_law_links", [])},
        "harm_route_links": {(_resolve(taxonomy, "harm", h), _resolve(taxonomy, "agency", a))
                             for h, a, *_ in entry.get("harm_route_links", [])},
    }


def _owner_score(entry: dict[str, Any], tagged: TaggedDocument, taxonomy: Taxonomy,
                 found: set[Any]) -> tuple[Score, list[dict[str, Any]]]:
    new = {e.id: e for e in tagged.new_entities}
    score, errors = Score(), []
    for c in entry.get("contacts", []):
        kind = "phone" if c.get("phone") else "url" if c.get("url") else None
        if kind is None:
            continue
        cid = contact_id(kind, c[kind])
        if cid not in found:
            continue
        gold = _resolve(taxonomy, "agency", c.get("agency", ""))
        point = taxonomy.contacts.get(cid) or new.get(cid)
        owner = getattr(point, "agency_id", None)
        pred = _agency_level(taxonomy, owner, new) if owner else None
        if pred == gold:
            score.tp += 1
            continue
        score.fn += 1
        score.fp += pred is not None
        errors.append({"contact": cid, "gold": gold, "predicted": pred})
    return score, errors


def predicted_sets(tagged: TaggedDocument, taxonomy: Taxonomy) -> dict[str, set[Any]]:
    """One tagged document as sets of ids, per category (see the module docstring)."""
    new = {e.id: e for e in tagged.new_entities}

    def law_of(pid: str) -> str:
        p = taxonomy.provisions.get(pid) or new.get(pid)
        return getattr(p, "law_id", pid)

    def section_of(pid: str) -> str | None:
        p = taxonomy.provisions.get(pid) or new.get(pid)
        return _section(getattr(p, "section", None))

    def agency_of(target: str) -> str | None:
        if target.startswith("agency:"):
            return _agency_level(taxonomy, target, new)
        c = taxonomy.contacts.get(target) or new.get(target)
        owner = getattr(c, "agency_id", None)
        return _agency_level(taxonomy, owner, new) if owner else None

    def harm(hid: str) -> str:
        return _harm_level(taxonomy, hid)

    ms = tagged.mentions
    provs = [m for m in ms if m.kind == "provision"]
    laws: set[Any] = {(law_of(m.entity_id), section_of(m.entity_id)) for m in provs}
    laws |= {(m.entity_id, None) for m in ms
             if m.kind == "law" and not with_section(m, provs, law_of)}
    links = tagged.links
    law_links = set()
    for lk in links:
        if lk.kind == "offence":
            if lk.target_id.startswith("provision:"):
                law_links.add((harm(lk.harm_id), law_of(lk.target_id), section_of(lk.target_id)))
            else:
                law_links.add((harm(lk.harm_id), lk.target_id, None))
    route_links = {(harm(lk.harm_id), agency_of(lk.target_id)) for lk in links
                   if lk.kind == "reporting"}
    return {
        "harms": {harm(m.entity_id) for m in ms if m.kind == "harm"},
        "laws": laws,
        "agencies": {_agency_level(taxonomy, m.entity_id, new) for m in ms if m.kind == "agency"},
        "contacts": {m.entity_id for m in ms if m.kind == "contact"
                     and not m.entity_id.startswith("contact:email:")},
        "harm_law_links": law_links,
        "harm_route_links": {x for x in route_links if x[1]},
    }


def evaluate(gold: dict[str, Any], tagged: dict[str, TaggedDocument], taxonomy: Taxonomy) -> EvalReport:
    """Score ``tagged`` ({file name: TaggedDocument}) against ``gold`` ({file name: entry}).

    A gold document with no tagged counterpart counts every gold item as a miss."""
    report = EvalReport()
    for name in sorted(gold):
        g = gold_sets(gold[name], taxonomy)
        p = predicted_sets(tagged[name], taxonomy) if name in tagged else {c: set() for c in CATEGORIES}
        doc_scores = {}
        for cat in CATEGORIES:
            fn_set, fp_set, tp = g[cat] - p[cat], p[cat] - g[cat], len(g[cat] & p[cat])
            s = Score(tp, len(fp_set), len(fn_set))
            doc_scores[cat] = s
            total = report.per_category[cat]
            total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
            report.errors += [{"document": name, "category": cat, "error": "false positive",
                               "item": list(x) if isinstance(x, tuple) else x}
                              for x in sorted(fp_set, key=str)]
            report.errors += [{"document": name, "category": cat, "error": "false negative",
                               "item": list(x) if isinstance(x, tuple) else x}
                              for x in sorted(fn_set, key=str)]
        report.per_document[name] = doc_scores
        if name in tagged:
            owners, wrong = _owner_score(gold[name], tagged[name], taxonomy, p["contacts"])
            co = report.contact_owners
            co.tp, co.fp, co.fn = co.tp + owners.tp, co.fp + owners.fp, co.fn + owners.fn
            report.errors += [{"document": name, "category": "contact_owners",
                               "error": "wrong owner", "item": w} for w in wrong]
    return report


__all__ = ["CATEGORIES", "ENTITY_CATEGORIES", "LINK_CATEGORIES", "EvalReport", "Score", "evaluate",
           "gold_sets", "normalise", "predicted_sets"]
