"""Parameter values the analyst types (``harm=CSE``, ``region=dudley``, ``category=bullying``),
resolved to graph ids through the taxonomy's resolver, and the lists of valid values.

An unknown value is a :class:`QueryError` naming the closest matches, never an empty answer: in a
gap query, "(no rows)" would read as "no gaps".
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, get_args

from extractors.errors import QueryError
from extractors.taxonomy import Taxonomy, load_taxonomy, normalise
from extractors.taxonomy.models import HarmCategory
from graph.schema import Label, Rel

#: Parameter names whose values are taxonomy entities (the kind :meth:`Taxonomy.resolve` takes).
VALUE_KINDS = ("harm", "region", "category")
CATEGORIES: tuple[str, ...] = get_args(HarmCategory)


@dataclass(frozen=True)
class Resolved:
    """A parameter value as resolved: what the query receives and what the analyst called it."""

    kind: str
    given: str
    value: str  # a graph id (harm:…, region:…) or a category name
    name: str  # the display name: "Online grooming", "Dudley"


def _category(text: str) -> str | None:
    key = normalise(text)
    for c in CATEGORIES:
        if normalise(c) in (key, key.removesuffix("s")):
            return c
    return None


def _names(kind: str, taxonomy: Taxonomy, graph_regions: dict[str, str]) -> dict[str, str]:
    """Every accepted spelling (normalised) -> display name, for suggestions."""
    if kind == "category":
        return {normalise(c): c for c in CATEGORIES}
    table = taxonomy.harms if kind == "harm" else taxonomy.regions
    out = {normalise(name): name for name in graph_regions.values()} if kind == "region" else {}
    for alias_key, entity_id in taxonomy._index.get(kind, {}).items():
        entity = table.get(entity_id)
        if entity is not None:
            out[alias_key] = entity.name
    return out


def suggestions(kind: str, text: str, taxonomy: Taxonomy | None = None,
                graph_regions: dict[str, str] | None = None, n: int = 3) -> list[str]:
    """The display names closest to ``text``: by spelling, then names that contain its words."""
    names = _names(kind, taxonomy or load_taxonomy(), graph_regions or {})
    key = normalise(text)
    close = difflib.get_close_matches(key, list(names), n=10, cutoff=0.6)
    close += [k for k in names if key and f" {key} " in f" {k} "]
    out: list[str] = []
    for k in close:
        if names[k] not in out:
            out.append(names[k])
    return out[:n]


def resolve_value(kind: str, text: str, taxonomy: Taxonomy | None = None,
                  graph_regions: dict[str, str] | None = None) -> Resolved:
    """Resolve one value: aliases, case, plurals and a leading "the" through the taxonomy.

    ``graph_regions`` (id -> name) adds regions the graph has from document metadata only.

    >>> resolve_value("harm", "CSE").value
    'harm:child-sexual-exploitation'
    """
    tax = taxonomy or load_taxonomy()
    value: str | None
    if kind == "category":
        value = _category(text)
        name = value or ""
    else:
        value = tax.resolve(kind, text)
        if value is None and kind == "region":
            by_name = {normalise(n): i for i, n in (graph_regions or {}).items()}
            value = by_name.get(normalise(text)) or (text if text in (graph_regions or {}) else None)
        if value is None and text in (tax.harms if kind == "harm" else tax.regions):
            value = text  # an id, as the JSON output gives it
        entity = (tax.harms if kind == "harm" else tax.regions).get(value or "")
        name = entity.name if entity else (graph_regions or {}).get(value or "", text)
    if value is None:
        close = suggestions(kind, text, tax, graph_regions)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise QueryError(f"unknown {kind} {text!r}.{hint} Run `skg values {kind}` to list them.")
    return Resolved(kind=kind, given=text, value=value, name=name)


def resolve_params(bound: dict[str, Any], taxonomy: Taxonomy | None = None,
                   graph_regions: dict[str, str] | None = None) -> tuple[dict[str, Any], list[Resolved]]:
    """``bound`` with its harm/region/category values replaced by ids, and what was resolved."""
    out = dict(bound)
    resolved: list[Resolved] = []
    for kind in VALUE_KINDS:
        if isinstance(out.get(kind), str) and out[kind]:
            r = resolve_value(kind, out[kind], taxonomy, graph_regions)
            out[kind] = r.value
            resolved.append(r)
    return out, resolved


def list_values(kind: str, taxonomy: Taxonomy | None = None) -> list[dict[str, Any]]:
    """The valid values of ``kind`` with their ids and the other names they are known by."""
    tax = taxonomy or load_taxonomy()
    if kind == "category":
        counts = {c: sum(1 for h in tax.harms.values() if h.category == c) for c in CATEGORIES}
        return [{"category": c, "harms": counts[c]} for c in CATEGORIES]
    if kind == "harm":
        return [{"harm": h.name, "category": h.category, "aliases": sorted(set(h.aliases) - {h.name}),
                 "id": h.id} for h in sorted(tax.harms.values(), key=lambda h: (h.category, h.name))]
    if kind == "region":
        return [{"region": r.name, "jurisdiction": r.jurisdiction, "aliases": list(r.aliases), "id": r.id}
                for r in sorted(tax.regions.values(), key=lambda r: r.name)]
    raise QueryError(f"unknown value kind {kind!r}: use one of {', '.join(VALUE_KINDS)}")


def graph_regions(store: Any) -> dict[str, str]:
    """Region id -> name of every region in the graph (some come only from document metadata)."""
    rows = store.run(f"MATCH (r:{Label.REGION}) RETURN r.id AS id, r.name AS name", {}, write=False)
    return {r["id"]: r["name"] for r in rows if r.get("id")}


def explain_empty(store: Any, resolved: list[Resolved]) -> str | None:
    """Why a query found nothing when a value was known but has no data, e.g.
    "no guidance ingested for Manchester"; None when every value has data."""
    for r in resolved:
        if r.kind == "region":
            rows = store.run(
                f"MATCH (d:{Label.DOCUMENT})-[:{Rel.COVERS}]->(x:{Label.REGION} {{id: $id}}) "
                "RETURN count(d) AS n", {"id": r.value}, write=False)
            if not rows or not rows[0]["n"]:
                return f"no guidance ingested for {r.name}"
        elif r.kind == "harm":
            rows = store.run(
                f"MATCH (:{Label.SECTION})-[:{Rel.MENTIONS}]->(h:{Label.HARM} {{id: $id}}) "
                "RETURN count(h) AS n", {"id": r.value}, write=False)
            if not rows or not rows[0]["n"]:
                return f"no ingested guidance mentions {r.name}"
    return None
