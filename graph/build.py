"""Documents, duplicate groups and tagging results -> one ``networkx.MultiDiGraph``.

Every node is keyed by its graph id and carries ``label`` (a :class:`~graph.schema.Label`
value) plus its properties; every edge carries ``type`` (a :class:`~graph.schema.Rel` value)
plus its properties and has a deterministic key. The build is a pure function of its inputs
(no clock: ``ingested_at`` is passed in or left out), so the same input gives the same graph.

Decisions worth knowing:

* ``Document.region`` is a **list** of region names (both stores hold lists of strings);
  ``COVERS`` edges point to the Region nodes.
* Every taxonomy entity (regions, harms, laws, provisions, agencies, contact points) becomes a
  node whether or not a document mentions it, so "not mentioned" is a question the graph answers.
* Non-canonical members of a duplicate group get a Document node, ``COVERS``/``PUBLISHED_BY``
  and ``DUPLICATE_OF`` (or ``SUPERSEDES`` for a revision) but no sections and no mentions: they
  were not tagged, so nothing is counted twice.
* Entities that mentions or links name but the taxonomy lacks come from
  ``TaggedDocument.new_entities``; failing that, a minimal node is made from the id.
* Harm ``canonical``: its canonical harm (GUIDELINES.md). ContactPoint ``label`` ("Children") is
  stored as ``name`` (``label`` is the graph label); an unattributed one has no ``BELONGS_TO``.
* Mentions of kind ``region`` are not graphed (the schema has no Section->Region edge; a
  document's regions come from its metadata).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from extractors.errors import GraphError
from extractors.models import DedupeResult, Document, TaggedDocument
from graph.elements import add_edge, add_node, validate_graph
from graph.schema import (
    MENTION_KIND_LABEL,
    Label,
    Rel,
    document_id,
    label_of_id,
    publisher_id,
    region_id,
    section_id,
)

__all__ = ["add_edge", "add_node", "build_graph", "validate_graph"]

L, R = Label, Rel


def _entities(table: Any) -> list[Any]:
    """A taxonomy table (dict by id, or list) as a list sorted by id."""
    items = list(table.values()) if isinstance(table, dict) else list(table or [])
    return sorted(items, key=lambda e: e.id)


def _add_taxonomy(g: nx.MultiDiGraph, taxonomy: Any) -> None:
    for r in _entities(getattr(taxonomy, "regions", None)):
        add_node(g, L.REGION, r.id, name=r.name, jurisdiction=r.jurisdiction, source="taxonomy")
    for h in _entities(taxonomy.harms):
        add_node(g, L.HARM, h.id, name=h.name, category=h.category, description=h.description,
                 canonical=getattr(h, "broader", None), source="taxonomy")
    for e in [*_entities(taxonomy.laws), *_entities(taxonomy.agencies)]:
        _add_entity(g, e, "taxonomy")
    # provisions and contact points the loader keeps outside their law or agency
    for e in [*_entities(getattr(taxonomy, "provisions", None)), *_entities(getattr(taxonomy, "contacts", None))]:
        if e.id not in g:
            _add_entity(g, e, "taxonomy")


def _as_dict(entity: Any) -> dict[str, Any]:
    return entity.model_dump() if hasattr(entity, "model_dump") else dict(entity)


def _scalar_props(d: dict[str, Any], skip: Iterable[str] = ()) -> dict[str, Any]:
    """Properties a store can hold: scalars and lists of scalars (no aliases, no nesting)."""
    out: dict[str, Any] = {}
    for k, v in d.items():
        if k in skip or k in ("aliases", "outdated_aliases", "harms"):
            continue
        if k == "label":  # ContactPoint.label ("Children"); ``label`` is the node's graph label
            k = "name"
        if isinstance(v, (str, int, float, bool)) or (
            isinstance(v, list) and all(isinstance(x, (str, int, float, bool)) for x in v)
        ):
            out[k] = v
    return out


def _add_entity(g: nx.MultiDiGraph, entity: Any, source: str, new: dict[str, Any] | None = None) -> None:
    """A taxonomy or newly found entity (Law with provisions, Agency with contacts, ...)."""
    d = _as_dict(entity)
    node_id = d.get("id")
    if not node_id:
        return
    label = label_of_id(node_id)
    provisions = d.get("provisions") or []
    contacts = d.get("contacts") or []
    add_node(g, label, node_id, **_scalar_props(d, skip=("provisions", "contacts", "id")), source=source)
    for p in provisions:
        p = _as_dict(p)
        add_node(g, L.PROVISION, p["id"], **_scalar_props(p, skip=("id",)), source=source)
        add_edge(g, p["id"], R.PART_OF, node_id)
    for c in contacts:
        c = _as_dict(c)
        add_node(g, L.CONTACT_POINT, c["id"], **_scalar_props(c, skip=("id",)), source=source)
        add_edge(g, c["id"], R.BELONGS_TO, node_id)
    if label is L.PROVISION and d.get("law_id"):
        _ensure_entity(g, d["law_id"], new or {})
        add_edge(g, node_id, R.PART_OF, d["law_id"])
    if label is L.CONTACT_POINT and d.get("agency_id"):
        _ensure_entity(g, d["agency_id"], new or {})
        add_edge(g, node_id, R.BELONGS_TO, d["agency_id"])


def _ensure_entity(g: nx.MultiDiGraph, node_id: str, new_entities: dict[str, Any], surface: str = "") -> None:
    """Make sure ``node_id`` exists: taxonomy first, then new_entities, else a minimal node."""
    if node_id in g:
        return
    if node_id in new_entities:
        _add_entity(g, new_entities[node_id], "text", new_entities)
        return
    label = label_of_id(node_id)
    parts = node_id.split(":")
    name = surface or parts[-1]
    if label is L.PROVISION and len(parts) >= 3:
        law = f"law:{parts[1]}"
        _ensure_entity(g, law, new_entities)
        add_node(g, label, node_id, law_id=law, section=parts[2].lstrip("s"), summary=name, source="unknown")
        add_edge(g, node_id, R.PART_OF, law)
    elif label is L.CONTACT_POINT and len(parts) >= 3:
        add_node(g, label, node_id, kind=parts[1], value=":".join(parts[2:]), source="unknown")
    elif label is L.LAW:
        add_node(g, label, node_id, title=name, source="unknown")
    else:
        add_node(g, label, node_id, name=name, source="unknown")


def _document_props(doc: Document, canonical: bool, ingested_at: str | None) -> dict[str, Any]:
    m = doc.metadata
    return {
        "title": m.title or m.id,
        "region": list(m.region),
        "jurisdiction": list(m.jurisdiction),
        "publisher": m.publisher,
        "url": m.url,
        "published": m.published,
        "kind": m.kind,
        "format": doc.format,
        "sha256": doc.sha256,
        "version": doc.sha256[:16],
        "path": doc.path,
        "canonical": canonical,
        "ingested_at": ingested_at,
    }


def _region_ids(taxonomy: Any) -> dict[str, str]:
    """Lower-cased region name or alias -> taxonomy region id."""
    out: dict[str, str] = {}
    for r in _entities(getattr(taxonomy, "regions", None)):
        for name in (r.name, *r.aliases):
            out[name.lower()] = r.id
    return out


def _add_document(g: nx.MultiDiGraph, doc: Document, canonical: bool, regions: dict[str, str],
                  ingested_at: str | None) -> str:
    did = document_id(doc.id)
    add_node(g, L.DOCUMENT, did, **_document_props(doc, canonical, ingested_at))
    for name in doc.metadata.region:
        rid = regions.get(name.lower(), region_id(name))
        if rid not in g:
            add_node(g, L.REGION, rid, name=name, source="metadata")
        add_edge(g, did, R.COVERS, rid)
    if doc.metadata.publisher:
        pid = publisher_id(doc.metadata.publisher)
        add_node(g, L.PUBLISHER, pid, name=doc.metadata.publisher)
        add_edge(g, did, R.PUBLISHED_BY, pid)
    return did


def _add_sections(g: nx.MultiDiGraph, doc: Document, did: str) -> None:
    for s in doc.sections:
        sid = section_id(did, s.ordinal)
        add_node(g, L.SECTION, sid, document_id=did, number=s.number, heading=s.heading,
                 ordinal=s.ordinal, text=s.text, pages=list(s.pages))
        add_edge(g, did, R.HAS_SECTION, sid)


def _add_tagged(g: nx.MultiDiGraph, tagged: TaggedDocument, doc: Document, did: str) -> None:
    new: dict[str, Any] = {e.id: e for e in tagged.new_entities}
    for eid in sorted(k for k in new if k):  # found in the text: graphed even if no link uses it
        _ensure_entity(g, eid, new)
    grouped: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for m in tagged.mentions:
        if MENTION_KIND_LABEL.get(m.kind) is L.REGION:
            continue
        grouped[(section_id(did, m.section), m.entity_id)].append(m)
    for (sid, eid), ms in sorted(grouped.items()):
        if sid not in g:
            raise GraphError(f"{did}: a mention refers to section {sid!r}, which the document lacks")
        _ensure_entity(g, eid, new, ms[0].surface)
        add_edge(g, sid, R.MENTIONS, eid, count=len(ms),
                 surfaces=sorted({m.surface for m in ms}),
                 outdated_name=any(m.outdated_name for m in ms))
    pages = {section_id(did, s.ordinal): s.pages for s in doc.sections}
    for link in tagged.links:
        rel = R.MAY_CONSTITUTE if link.kind == "offence" else R.REPORTED_VIA
        sid = section_id(did, link.section)
        _ensure_entity(g, link.harm_id, new)
        _ensure_entity(g, link.target_id, new)
        page = link.page if link.page is not None else next(iter(pages.get(sid) or []), None)
        add_edge(g, link.harm_id, rel, link.target_id,
                 key=f"{rel.value}:{did}:{link.section}:{link.start}:{link.harm_id}->{link.target_id}",
                 document_id=did, region=list(doc.metadata.region), evidence=link.evidence,
                 method=link.method, confidence=link.confidence, section=sid, page=page,
                 outdated_name=link.outdated_name, jurisdiction_mismatch=link.jurisdiction_mismatch)
    from graph.general import add_general  # it builds on this module's helpers

    add_general(g, tagged, doc, did, new)


def build_graph(
    documents: list[Document],
    dedupe: DedupeResult,
    tagged: list[TaggedDocument],
    taxonomy: Any,
    ingested_at: str | None = None,
) -> nx.MultiDiGraph:
    """Build the knowledge graph of one run, validated against the schema.

    ``taxonomy`` is an ``extractors.taxonomy`` Taxonomy (``.harms``, ``.laws``, ``.agencies``,
    ``.regions``, ``.version``). Raises :class:`SchemaViolationError` on an edge the schema does
    not allow and :class:`GraphError` when the inputs disagree (a tagged document that was not
    extracted, a mention of a section the document lacks).
    """
    g = nx.MultiDiGraph(taxonomy_version=getattr(taxonomy, "version", None) or "")
    _add_taxonomy(g, taxonomy)
    regions = _region_ids(taxonomy)
    by_id = {document_id(d.id): d for d in documents}
    member_of: dict[str, tuple[str, Any]] = {}
    for group in dedupe.groups:
        for m in group.members:
            if document_id(m.id) != document_id(group.canonical):
                member_of[document_id(m.id)] = (document_id(group.canonical), m)
    for did in sorted(by_id):
        doc = by_id[did]
        _add_document(g, doc, did not in member_of, regions, ingested_at)
        if did not in member_of:
            _add_sections(g, doc, did)
    for t in sorted(tagged, key=lambda t: t.document_id):
        did = document_id(t.document_id)
        if did not in by_id:
            raise GraphError(f"tagged document {t.document_id!r} is not among the extracted documents")
        if did in member_of:
            continue  # a duplicate's mentions would be counted twice
        _add_tagged(g, t, by_id[did], did)
    for did, (canon, m) in sorted(member_of.items()):
        if did not in g or canon not in g:
            continue  # a group member that was not extracted in this run
        if m.relation == "revision":
            newer, older = _newer_first(g, canon, did)
            add_edge(g, newer, R.SUPERSEDES, older, document_id=did, similarity=m.similarity,
                     relation=m.relation)
        else:
            add_edge(g, did, R.DUPLICATE_OF, canon, document_id=did, similarity=m.similarity,
                     relation=m.relation)
    return g


def _newer_first(g: nx.MultiDiGraph, canonical: str, member: str) -> tuple[str, str]:
    """A revision's SUPERSEDES points from the later ``published`` year to the earlier one; when
    the years do not say, the canonical document (the one the graph tags) supersedes."""
    cy, my = g.nodes[canonical].get("published"), g.nodes[member].get("published")
    if cy is not None and my is not None and my > cy:
        return member, canonical
    return canonical, member
