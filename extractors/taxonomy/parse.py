"""Reading and validating the taxonomy's YAML files into typed entities.

Every problem is a :class:`~extractors.errors.TaxonomyError` naming the file and the entry.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from extractors.errors import TaxonomyError
from extractors.taxonomy.models import Agency, Harm, Law, Provision
from extractors.taxonomy.names import contact_id, normalise_url, phone_digits, slug


def read_yaml(path: Path) -> dict[str, Any]:
    """The mapping in one taxonomy file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise TaxonomyError(f"{path}: cannot read taxonomy file: {e}") from e
    if not isinstance(data, dict):
        raise TaxonomyError(f"{path}: expected a mapping with 'version' and a list of entities")
    return data


def build(cls: type, raw: Any, path: Path, label: str) -> Any:
    """``cls(**raw)`` with a validation error turned into one line naming file and entry."""
    try:
        return cls(**raw)
    except (ValidationError, TypeError) as e:
        if isinstance(e, ValidationError):
            detail = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors())
        else:
            detail = str(e)
        raise TaxonomyError(f"{path}: {label}: {detail}") from e


def check_ids(entities: list[Any], path: Path) -> None:
    """No id twice in one file."""
    seen: set[str] = set()
    for e in entities:
        if e.id in seen:
            raise TaxonomyError(f"{path}: id {e.id!r} appears twice")
        seen.add(e.id)


def parse_harms(data: dict[str, Any], path: Path) -> tuple[list[Harm], list[str]]:
    """The harms and the canonical harm names they roll up to.

    Every harm names exactly one ``broader`` canonical harm from the file's ``canonical`` list,
    and every canonical harm has at least one harm under it (else nothing could be tagged as it).
    """
    canonical = [str(c).strip() for c in data.get("canonical", []) or []]
    if not canonical:
        raise TaxonomyError(f"{path}: no 'canonical' list of canonical harm names")
    dupes = sorted({c for c in canonical if canonical.count(c) > 1})
    if dupes:
        raise TaxonomyError(f"{path}: canonical harm {dupes[0]!r} is listed twice")
    harms = [build(Harm, h, path, f"harm {h.get('id')}") for h in data.get("harms", []) or []]
    known = set(canonical)
    for h in harms:
        if h.broader is None:
            raise TaxonomyError(f"{path}: harm {h.id}: no 'broader' canonical harm")
        if h.broader not in known:
            raise TaxonomyError(f"{path}: harm {h.id}: broader {h.broader!r} is not one of the "
                                "canonical harms listed under 'canonical'")
    unused = [c for c in canonical if not any(h.broader == c for h in harms)]
    if unused:
        raise TaxonomyError(f"{path}: canonical harm {unused[0]!r} has no harm under it")
    return harms, canonical


def parse_laws(data: dict[str, Any], path: Path) -> list[Law]:
    """Acts with their provisions (nested, or in a loose ``provisions`` list naming ``law_id``)."""
    laws: list[Law] = []
    loose = data.get("provisions", []) or []
    for i, raw in enumerate(data.get("laws", []) or []):
        raw = dict(raw)
        law_id = raw.get("id") or f"law:{slug(str(raw.get('title', i)))}"
        provs = [{"law_id": law_id, **p} for p in raw.pop("provisions", []) or []]
        loose_here = [p for p in loose if p.get("law_id") == law_id]
        raw["id"] = law_id
        raw["provisions"] = [_provision(p, path) for p in provs + loose_here]
        laws.append(build(Law, raw, path, f"law {law_id}"))
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
    return build(Provision, raw, path, f"provision {raw['id']}")


def parse_agencies(data: dict[str, Any], path: Path) -> list[Agency]:
    """Agencies with their contact points (values normalised, ids derived)."""
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
        out.append(build(Agency, raw, path, f"agency {raw.get('id')}"))
    ids = {a.id for a in out}
    for a in out:
        if a.broader is not None and a.broader not in ids:
            raise TaxonomyError(f"{path}: agency {a.id}: broader {a.broader!r} is not an agency")
    return out
