"""Split a built graph into what documents own and what they share, for per-document writes.

A document owns its Document node, its Sections, the edges leaving them (COVERS, PUBLISHED_BY,
HAS_SECTION, MENTIONS) and the edges tagged with its ``document_id`` (MAY_CONSTITUTE,
REPORTED_VIA, DUPLICATE_OF, SUPERSEDES). Everything else (taxonomy entities, regions,
publishers, PART_OF, BELONGS_TO) is shared and MERGEd idempotently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.schema import DOCUMENT_OUTGOING_RELS, DOCUMENT_TAGGED_RELS, Label, Rel


@dataclass
class NodeRow:
    label: Label
    id: str
    props: dict[str, Any]


@dataclass
class EdgeRow:
    type: Rel
    src_label: Label
    src: str
    dst_label: Label
    dst: str
    props: dict[str, Any]


@dataclass
class Part:
    """The nodes and edges of one document (or of the shared part)."""

    nodes: list[NodeRow] = field(default_factory=list)
    edges: list[EdgeRow] = field(default_factory=list)

    def size(self) -> int:
        return len(self.nodes) + len(self.edges)


def node_props(data: dict[str, Any]) -> dict[str, Any]:
    """A node's store properties: everything but the ``label`` bookkeeping attribute."""
    return {k: v for k, v in data.items() if k != "label" and v is not None}


def edge_props(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "type" and v is not None}


def edge_owner(g: nx.MultiDiGraph, u: str, data: dict[str, Any]) -> str | None:
    """The document id owning an edge, or None for a shared edge."""
    rel = _RELS[data["type"]]
    if rel in DOCUMENT_TAGGED_RELS:
        return str(data["document_id"])
    if rel in DOCUMENT_OUTGOING_RELS:
        return u
    if rel is Rel.MENTIONS:
        return str(g.nodes[u]["document_id"])
    return None


def node_owner(data: dict[str, Any], node_id: str) -> str | None:
    label = data["label"]
    if label == Label.DOCUMENT.value:
        return node_id
    if label == Label.SECTION.value:
        return str(data["document_id"])
    return None


_LABELS = {lab.value: lab for lab in Label}
_RELS = {rel.value: rel for rel in Rel}


def partition(g: nx.MultiDiGraph) -> tuple[Part, dict[str, Part]]:
    """``(shared, {document id: its part})`` in one pass over the graph.

    Rows share the graph's attribute dicts (no copies) and the loop reads networkx's own
    dicts (``_node``, ``_succ``) rather than its views: this runs over every node and edge of
    a big load, and the views cost more than the rest of it together."""
    shared = Part()
    docs: dict[str, Part] = {}
    node_data = g._node
    labels = {n: _LABELS[d["label"]] for n, d in node_data.items()}
    for n, data in node_data.items():
        owner: str | None = node_owner(data, n)
        (shared if owner is None else docs.setdefault(owner, Part())).nodes.append(
            NodeRow(labels[n], n, data))
    for u, nbrs in g._succ.items():
        lu = labels[u]
        for v, keyed in nbrs.items():
            lv = labels[v]
            for data in keyed.values():
                rel = _RELS[data["type"]]
                if rel in DOCUMENT_TAGGED_RELS:
                    owner = data["document_id"]
                elif rel in DOCUMENT_OUTGOING_RELS:
                    owner = u
                elif rel is Rel.MENTIONS:
                    owner = node_data[u]["document_id"]
                else:
                    owner = None
                (shared if owner is None else docs.setdefault(owner, Part())).edges.append(
                    EdgeRow(rel, lu, u, lv, v, data))
    return shared, docs


def document_ids(g: nx.MultiDiGraph) -> list[str]:
    """Ids of the Document nodes in a graph, sorted."""
    return sorted(n for n, d in g.nodes(data=True) if d["label"] == Label.DOCUMENT.value)


def document_subgraph_ids(g: nx.MultiDiGraph, doc_id: str) -> set[str]:
    """Ids of the nodes a document owns (its Document node and its Sections)."""
    return {n for n, d in g.nodes(data=True) if node_owner(d, n) == doc_id}
