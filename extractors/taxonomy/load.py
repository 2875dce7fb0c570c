"""Load and validate the taxonomy data files, and resolve names to graph ids.

``load_taxonomy()`` reads ``harms.yaml``, ``laws.yaml``, ``agencies.yaml`` and ``regions.yaml``
beside this module (or in another directory), fills in derived ids (provision and contact ids),
and validates: the schema (pydantic), unique ids, no alias claimed by two entities, every
provision's Act exists, every harm id a law or provision names exists. Any problem is a
:class:`~extractors.errors.TaxonomyError` naming the file and entry.

Every name an entity can be called by, with its generated variants, is an :class:`Alias`;
the tagger turns them into span-ruler patterns and :meth:`Taxonomy.resolve` matches names
against them (case, a leading "the", hyphens, "(2015)" for "2015", a missing year).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from extractors.errors import TaxonomyError
from extractors.taxonomy.models import Agency, ContactPoint, Harm, Law, Provision, Region
from extractors.taxonomy.names import (  # noqa: F401  (re-exported)
    contact_id,
    normalise,
    normalise_url,
    phone_digits,
    slug,
    variants,
)

DATA_DIR = Path(__file__).parent
FILES = ("harms.yaml", "laws.yaml", "agencies.yaml", "regions.yaml")
EntityKind = Literal["harm", "law", "provision", "offence", "agency", "region"]
# "exact": all-capital acronyms (SPA must not match "spa"); "initial": the text must start with a
# capital (region names, one-word agency names such as "Prevent"); "any": case-insensitive.
CaseRule = Literal["any", "initial", "exact"]
# "Dudley Safeguarding", "Brighton and Hove Safeguarding": a place followed by "Safeguarding"
# names that place's safeguarding partnership.
LOCAL_SAFEGUARDING = "agency:safeguarding-partnership"
_CITATION = re.compile(r"^(?:section|sections|s\.?)\s*\d", re.I)


@dataclass(frozen=True)
class Alias:
    """One surface form of one entity, as the tagger matches it."""

    kind: EntityKind
    text: str
    entity_id: str
    outdated: bool = False
    case: CaseRule = "any"


@dataclass
class Taxonomy:
    """The validated taxonomy: entities by id, their aliases, version and content hash."""

    harms: dict[str, Harm]
    laws: dict[str, Law]
    agencies: dict[str, Agency]
    regions: dict[str, Region]
    version: str
    hash: str
    provisions: dict[str, Provision] = field(default_factory=dict)
    contacts: dict[str, ContactPoint] = field(default_factory=dict)
    aliases: list[Alias] = field(default_factory=list)
    _index: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def entity(self, entity_id: str) -> Any:
        """The entity with this graph id, or None."""
        for table in (self.harms, self.laws, self.provisions, self.agencies, self.regions,
                      self.contacts):
            if entity_id in table:
                return table[entity_id]
        return None

    def provision_id(self, law_id: str, section: str) -> str:
        """``provision:<law slug>:s<section>``; the section keeps only its number and letters."""
        base = re.match(r"\d+[A-Za-z]*", section.strip())
        sec = (base.group(0) if base else section).lower()
        return f"provision:{law_id.removeprefix('law:')}:s{sec}"

    def resolve(self, kind: str, name: str) -> str | None:
        """The id of the ``kind`` entity called ``name`` (any alias, any case), or None.

        >>> load_taxonomy().resolve("law", "the Online Safety Bill")
        'law:online-safety-act-2023'
        """
        index = self._index.get(kind, {})
        key = normalise(name)
        if not key:
            return None
        if key in index:
            return index[key]
        if kind == "contact":
            return None
        if kind == "agency":
            for region_key in self._index.get("region", {}):
                if key == f"{region_key} safeguarding" and LOCAL_SAFEGUARDING in self.agencies:
                    return LOCAL_SAFEGUARDING
        if key.endswith("s") and key[:-1] in index:
            return index[key[:-1]]
        # A longer name that contains a known alias: "West Midlands Police", "Dudley Safeguarding
        # Children Partnership", "online grooming techniques". The longest alias wins.
        best: tuple[int, str] | None = None
        padded = f" {key} "
        for alias_key, entity_id in index.items():
            if len(alias_key) > 3 and f" {alias_key} " in padded and (best is None or len(alias_key) > best[0]):
                best = (len(alias_key), entity_id)
        return best[1] if best else None


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise TaxonomyError(f"{path}: cannot read taxonomy file: {e}") from e
    if not isinstance(data, dict):
        raise TaxonomyError(f"{path}: expected a mapping with 'version' and a list of entities")
    return data


def _build(cls: type, raw: Any, path: Path, label: str) -> Any:
    try:
        return cls(**raw)
    except (ValidationError, TypeError) as e:
        if isinstance(e, ValidationError):
            detail = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors())
        else:
            detail = str(e)
        raise TaxonomyError(f"{path}: {label}: {detail}") from e


def _law_aliases(law: Law, ambiguous: set[str]) -> list[tuple[str, bool]]:
    title = law.title
    bare = re.sub(r",?\s*\(?\d{4}\)?$", "", title).strip()
    names = [(title, False), (f"{bare} ({law.year})", False)]
    if normalise(bare) not in ambiguous:
        names.append((bare, False))
    names += [(a, False) for a in law.aliases] + [(a, True) for a in law.outdated_aliases]
    return names


def _case_rule(kind: str, text: str) -> CaseRule:
    letters = re.sub(r"[^A-Za-z]", "", text)
    if len(letters) >= 2 and letters.isupper():
        return "exact"
    if kind == "region" or (kind == "agency" and " " not in text and text[:1].isupper()):
        return "initial"
    return "any"


def _collect_aliases(tax: Taxonomy) -> list[Alias]:
    raw: list[tuple[EntityKind, str, str, bool]] = []
    for h in tax.harms.values():
        raw += [("harm", a, h.id, False) for a in [h.name, *h.aliases]]
    bare_counts: dict[str, int] = {}
    for law in tax.laws.values():
        k = normalise(re.sub(r",?\s*\(?\d{4}\)?$", "", law.title))
        bare_counts[k] = bare_counts.get(k, 0) + 1
    ambiguous = {k for k, n in bare_counts.items() if n > 1}
    for law in tax.laws.values():
        raw += [("law", a, law.id, old) for a, old in _law_aliases(law, ambiguous)]
    for p in tax.provisions.values():
        for a in [p.summary, *p.aliases]:
            raw.append(("provision" if _CITATION.match(a) else "offence", a, p.id, False))
    for ag in tax.agencies.values():
        raw += [("agency", a, ag.id, False) for a in [ag.name, *ag.aliases]]
        raw += [("agency", a, ag.id, True) for a in ag.outdated_aliases]
    for r in tax.regions.values():
        raw += [("region", a, r.id, False) for a in [r.name, *r.aliases]]
    out: list[Alias] = []
    owner: dict[str, tuple[str, str]] = {}
    emitted: set[str] = set()
    for kind, text, entity_id, old in raw:
        for v in sorted(variants(text)):
            key = normalise(v)
            prev = owner.get(key)
            if prev and prev[0] != entity_id:
                raise TaxonomyError(
                    f"alias {text!r} is claimed by both {prev[0]} and {entity_id}; "
                    "remove it from one of them")
            owner[key] = (entity_id, text)
            if v.lower() not in emitted:  # "self-harm" and "self harm" are both patterns
                emitted.add(v.lower())
                out.append(Alias(kind, v, entity_id, old, _case_rule(kind, text)))
    return out


def _index(tax: Taxonomy) -> dict[str, dict[str, str]]:
    index: dict[str, dict[str, str]] = {}
    for a in tax.aliases:
        kind = "law" if a.kind == "law" else a.kind
        index.setdefault(kind, {})[normalise(a.text)] = a.entity_id
    contacts = index.setdefault("contact", {})
    for c in tax.contacts.values():
        contacts[normalise(c.value)] = c.id
    return index


def _check_ids(entities: list[Any], path: Path) -> None:
    seen: set[str] = set()
    for e in entities:
        if e.id in seen:
            raise TaxonomyError(f"{path}: id {e.id!r} appears twice")
        seen.add(e.id)


def _parse_laws(data: dict[str, Any], path: Path) -> list[Law]:
    laws: list[Law] = []
    loose = data.get("provisions", []) or []
    for i, raw in enumerate(data.get("laws", []) or []):
        raw = dict(raw)
        law_id = raw.get("id") or f"law:{slug(str(raw.get('title', i)))}"
        provs = []
        for p in raw.pop("provisions", []) or []:
            p = {"law_id": law_id, **p}
            provs.append(p)
        loose_here = [p for p in loose if p.get("law_id") == law_id]
        raw["id"] = law_id
        raw["provisions"] = [_provision(p, path) for p in provs + loose_here]
        laws.append(_build(Law, raw, path, f"law {law_id}"))
    ids = {law.id for law in laws}
    for p in loose:
        if p.get("law_id") not in ids:
            raise TaxonomyError(
                f"{path}: provision {p.get('section')!r} names Act {p.get('law_id')!r}, "
                "which is not in the laws list; add the Act first")
    for law in laws:
        for p in law.provisions:
            if p.law_id != law.id:
                raise TaxonomyError(f"{path}: provision {p.id} is listed under {law.id} but "
                                    f"names Act {p.law_id!r}")
    return laws


def _provision(raw: dict[str, Any], path: Path) -> Provision:
    raw = dict(raw)
    section = str(raw.get("section", ""))
    raw["section"] = section
    base = re.match(r"\d+[A-Za-z]*", section)
    sec = (base.group(0) if base else section).lower()
    raw.setdefault("id", f"provision:{str(raw.get('law_id', '')).removeprefix('law:')}:s{sec}")
    return _build(Provision, raw, path, f"provision {raw['id']}")


def _parse_agencies(data: dict[str, Any], path: Path) -> list[Agency]:
    out = []
    for raw in data.get("agencies", []) or []:
        raw = dict(raw)
        contacts = []
        for c in raw.get("contacts", []) or []:
            c = dict(c)
            value = str(c.get("value", ""))
            kind = c.get("kind", "")
            c["value"] = phone_digits(value) if kind == "phone" else (
                normalise_url(value) if kind == "url" else value.lower())
            c.setdefault("id", contact_id(kind, value))
            c.setdefault("agency_id", raw.get("id"))
            contacts.append(c)
        raw["contacts"] = contacts
        out.append(_build(Agency, raw, path, f"agency {raw.get('id')}"))
    return out


def load_taxonomy_uncached(directory: Path | None = None) -> Taxonomy:
    """Read and validate the four taxonomy files in ``directory`` (default: the package's)."""
    directory = Path(directory) if directory else DATA_DIR
    paths = [directory / f for f in FILES]
    for p in paths:
        if not p.exists():
            raise TaxonomyError(f"{p}: taxonomy file missing")
    data = {p.name: _read(p) for p in paths}
    digest = hashlib.sha256()
    for p in paths:
        digest.update(p.name.encode() + b"\0" + p.read_bytes())
    versions = {n.removesuffix(".yaml"): str(d.get("version", "0")) for n, d in data.items()}
    version = (next(iter(versions.values())) if len(set(versions.values())) == 1
               else ";".join(f"{k}={v}" for k, v in versions.items()))

    hp, lp, ap, rp = paths
    harms = [_build(Harm, h, hp, f"harm {h.get('id')}") for h in data[hp.name].get("harms", [])]
    laws = _parse_laws(data[lp.name], lp)
    agencies = _parse_agencies(data[ap.name], ap)
    regions = [_build(Region, r, rp, f"region {r.get('id')}") for r in data[rp.name].get("regions", [])]
    for entities, path in ((harms, hp), (laws, lp), (agencies, ap), (regions, rp)):
        _check_ids(entities, path)
    harm_ids = {h.id for h in harms}
    for law in laws:
        for ref, owner in [(h, law.id) for h in law.harms] + [
                (h, p.id) for p in law.provisions for h in p.harms]:
            if ref not in harm_ids:
                raise TaxonomyError(f"{lp}: {owner} names harm {ref!r}, which is not in {hp.name}")
    tax = Taxonomy(
        harms={h.id: h for h in harms}, laws={x.id: x for x in laws},
        agencies={a.id: a for a in agencies}, regions={r.id: r for r in regions},
        version=version, hash=digest.hexdigest(),
        provisions={p.id: p for x in laws for p in x.provisions},
        contacts={c.id: c for a in agencies for c in a.contacts},
    )
    tax.aliases = _collect_aliases(tax)
    tax._index = _index(tax)
    return tax


@lru_cache(maxsize=8)
def _cached(directory: str) -> Taxonomy:
    return load_taxonomy_uncached(Path(directory))


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """The validated taxonomy in ``path`` (default: the package's data), cached per directory."""
    return _cached(str(Path(path).resolve() if path else DATA_DIR.resolve()))
