"""Every name an entity can be called by, with its generated variants, as an :class:`Alias`.

The tagger turns aliases into span-ruler patterns; :meth:`Taxonomy.resolve` matches names
against the index built from them. An alias claimed by two entities is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from extractors.errors import TaxonomyError
from extractors.taxonomy.models import Law
from extractors.taxonomy.names import normalise, variants

if TYPE_CHECKING:
    from extractors.taxonomy.load import Taxonomy

EntityKind = Literal["harm", "law", "provision", "offence", "agency", "region"]
# "exact": all-capital acronyms (SPA must not match "spa"); "initial": the text must start with a
# capital (region names, one-word agency names such as "Prevent"); "any": case-insensitive. An
# alias written in lower case ("police", "thinkuknow") matches in any case.
CaseRule = Literal["any", "initial", "exact"]
_STRICTNESS = {"any": 0, "initial": 1, "exact": 2}
_CITATION = re.compile(r"^(?:section|sections|s\.?)\s*\d", re.I)
_YEAR = re.compile(r",?\s*\(?\d{4}\)?$")


@dataclass(frozen=True)
class Alias:
    """One surface form of one entity, as the tagger matches it."""

    kind: EntityKind
    text: str
    entity_id: str
    outdated: bool = False
    case: CaseRule = "any"


_PLACE = re.compile(r"\s*\((Northern Ireland|Scotland|Wales)\)")


def _law_aliases(law: Law, ambiguous: set[str]) -> list[tuple[str, bool]]:
    title = law.title
    bare = _YEAR.sub("", title).strip()
    names = [(title, False), (f"{bare} ({law.year})", False)]
    if normalise(bare) not in ambiguous:
        names.append((bare, False))
    place = _PLACE.search(bare)
    if place:  # "Protection from Harassment Order 1997 (Northern Ireland)": the place moved
        plain = _PLACE.sub("", bare)
        names += [(f"{plain} {law.year} ({place.group(1)})", False),
                  (f"{plain} ({place.group(1)}) {law.year}", False)]
    names += [(a, False) for a in law.aliases] + [(a, True) for a in law.outdated_aliases]
    return names


def _case_rule(kind: str, text: str) -> CaseRule:
    letters = re.sub(r"[^A-Za-z]", "", text)
    if len(letters) >= 2 and letters.isupper():
        return "exact"
    if kind == "region" or (kind == "agency" and " " not in text and text[:1].isupper()):
        return "initial"
    return "any"


def collect_aliases(tax: Taxonomy) -> list[Alias]:
    """All aliases of all entities, variants included; raises on an alias claimed twice.

    An Act's title without its year is an alias only when one Act has it: "Criminal Justice
    Act" alone could be the 1988 or the 2003 Act, so it names neither."""
    raw: list[tuple[EntityKind, str, str, bool]] = []
    for h in tax.harms.values():
        raw += [("harm", a, h.id, False) for a in [h.name, *h.aliases]]
    bare_counts: dict[str, int] = {}
    for law in tax.laws.values():
        k = normalise(_YEAR.sub("", law.title))
        bare_counts[k] = bare_counts.get(k, 0) + 1
    ambiguous = {k for k, n in bare_counts.items() if n > 1}
    for law in tax.laws.values():
        raw += [("law", a, law.id, old) for a, old in _law_aliases(law, ambiguous)]
    for p in tax.provisions.values():
        for a in [p.summary, *p.aliases]:
            raw.append(("provision" if _CITATION.match(a) else "offence", a, p.id, False))
    proper: set[str] = set()
    for ag in tax.agencies.values():
        raw += [("agency", a, ag.id, False) for a in [ag.name, *ag.aliases, *ag.proper_aliases]]
        raw += [("agency", a, ag.id, True) for a in ag.outdated_aliases]
        proper |= set(ag.proper_aliases)
    for r in tax.regions.values():
        raw += [("region", a, r.id, False) for a in [r.name, *r.aliases]]
    out: list[Alias] = []
    owner: dict[str, tuple[str, str]] = {}
    emitted: dict[str, int] = {}  # lower-cased text -> its index in ``out``
    for kind, text, entity_id, old in raw:
        for v in sorted(variants(text)):
            key = normalise(v)
            prev = owner.get(key)
            if prev and prev[0] != entity_id:
                raise TaxonomyError(
                    f"alias {text!r} is claimed by both {prev[0]} and {entity_id}; "
                    "remove it from one of them")
            owner[key] = (entity_id, text)
            case = "initial" if text in proper else _case_rule(kind, text)
            alias = Alias(kind, v, entity_id, old, case)
            at = emitted.get(v.lower())
            if at is None:  # "self-harm" and "self harm" are both patterns
                emitted[v.lower()] = len(out)
                out.append(alias)
            elif _STRICTNESS[alias.case] < _STRICTNESS[out[at].case]:
                out[at] = alias  # "Police" and "police": the alias written in lower case wins
    return out


def build_index(tax: Taxonomy) -> dict[str, dict[str, str]]:
    """Per kind, the normalised alias -> entity id (contacts by normalised value)."""
    index: dict[str, dict[str, str]] = {}
    for a in tax.aliases:
        index.setdefault(a.kind, {})[normalise(a.text)] = a.entity_id
    contacts = index.setdefault("contact", {})
    for c in tax.contacts.values():
        contacts[normalise(c.value)] = c.id
    return index
