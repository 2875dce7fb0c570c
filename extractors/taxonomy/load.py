"""Load and validate the taxonomy data files, and resolve names to graph ids.

``load_taxonomy()`` reads ``harms.yaml``, ``laws.yaml``, ``agencies.yaml`` and ``regions.yaml``
beside this module (or in another directory), fills in derived ids (provision and contact ids),
and validates: the schema (pydantic), unique ids, no alias claimed by two entities, every
provision's Act exists, every harm id a law or provision names exists, every harm rolls up to
one canonical harm (:mod:`extractors.taxonomy.parse`). Any problem is a
:class:`~extractors.errors.TaxonomyError` naming the file and entry.

:meth:`Taxonomy.resolve` matches names against the aliases (:mod:`extractors.taxonomy.aliases`):
case, a leading "the", hyphens, "(2015)" for "2015", a missing year.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.errors import TaxonomyError
from extractors.taxonomy.aliases import Alias, CaseRule, EntityKind, build_index, collect_aliases
from extractors.taxonomy.models import Agency, ContactPoint, Harm, Law, Provision, Region
from extractors.taxonomy.names import (  # noqa: F401  (re-exported)
    contact_id,
    normalise,
    normalise_url,
    phone_digits,
    slug,
    variants,
)
from extractors.taxonomy.parse import (
    build,
    check_ids,
    parse_agencies,
    parse_harms,
    parse_laws,
    read_yaml,
)

__all__ = ["Alias", "CaseRule", "EntityKind", "Taxonomy", "load_taxonomy", "load_taxonomy_uncached"]

DATA_DIR = Path(__file__).parent
FILES = ("harms.yaml", "laws.yaml", "agencies.yaml", "regions.yaml")
HASHED_FILES = ("local_agencies.yaml",)
# "Dudley Safeguarding", "Brighton and Hove Safeguarding": a place followed by "Safeguarding"
# names that place's safeguarding children partnership.
LOCAL_SAFEGUARDING = "agency:safeguarding-partnership"


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
    canonical_harms: list[str] = field(default_factory=list)
    _index: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def entity(self, entity_id: str) -> Any:
        """The entity with this graph id, or None."""
        for table in (self.harms, self.laws, self.provisions, self.agencies, self.regions,
                      self.contacts):
            if entity_id in table:
                return table[entity_id]
        return None

    def canonical_harm(self, harm_id: str) -> str | None:
        """The canonical harm name ``harm_id`` rolls up to (``harm:county-lines`` -> "child
        criminal exploitation"), or None for an id the taxonomy lacks."""
        h = self.harms.get(harm_id)
        return h.broader if h else None

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


def load_taxonomy_uncached(directory: Path | None = None) -> Taxonomy:
    """Read and validate the four taxonomy files in ``directory`` (default: the package's)."""
    directory = Path(directory) if directory else DATA_DIR
    paths = [directory / f for f in FILES]
    for p in paths:
        if not p.exists():
            raise TaxonomyError(f"{p}: taxonomy file missing")
    data = {p.name: read_yaml(p) for p in paths}
    digest = hashlib.sha256()
    # local_agencies.yaml (the tagger's name templates) is data too: editing it must re-tag
    for p in [*paths, *(q for q in (directory / f for f in HASHED_FILES) if q.exists())]:
        digest.update(p.name.encode() + b"\0" + p.read_bytes())
    versions = {n.removesuffix(".yaml"): str(d.get("version", "0")) for n, d in data.items()}
    version = (next(iter(versions.values())) if len(set(versions.values())) == 1
               else ";".join(f"{k}={v}" for k, v in versions.items()))

    hp, lp, ap, rp = paths
    harms, canonical = parse_harms(data[hp.name], hp)
    laws = parse_laws(data[lp.name], lp)
    agencies = parse_agencies(data[ap.name], ap)
    regions = [build(Region, r, rp, f"region {r.get('id')}") for r in data[rp.name].get("regions", [])]
    for entities, path in ((harms, hp), (laws, lp), (agencies, ap), (regions, rp)):
        check_ids(entities, path)
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
        canonical_harms=canonical,
    )
    tax.aliases = collect_aliases(tax)
    tax._index = build_index(tax)
    return tax


@lru_cache(maxsize=8)
def _cached(directory: str) -> Taxonomy:
    return load_taxonomy_uncached(Path(directory))


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """The validated taxonomy in ``path`` (default: the package's data), cached per directory."""
    return _cached(str(Path(path).resolve() if path else DATA_DIR.resolve()))
