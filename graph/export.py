"""Write the graph for Gephi (GraphML) or notebooks (node-link JSON); read it back from a store.

GraphML holds only strings, numbers and booleans, so list properties (``Document.region``,
``Section.pages``, ``MENTIONS.surfaces``) are written as JSON strings and missing values are
left out. The JSON export keeps lists as lists.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from graph.schema import Label, Rel

if TYPE_CHECKING:
    from graph.stores.base import GraphStore


def _graphml_value(v: Any) -> Any:
    if isinstance(v, (str, int, float, bool)):
        return v
    return json.dumps(v, ensure_ascii=False, default=str)


def export_graphml(graph: nx.MultiDiGraph, path: Path | str) -> Path:
    """Write ``graph`` as GraphML, lists stringified as JSON, None values dropped."""
    out = nx.MultiDiGraph()
    out.graph.update({k: _graphml_value(v) for k, v in graph.graph.items() if v is not None})
    for n, data in graph.nodes(data=True):
        out.add_node(n, **{k: _graphml_value(v) for k, v in data.items() if v is not None})
    for u, v, k, data in graph.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **{a: _graphml_value(b) for a, b in data.items() if b is not None})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(out, path)
    return path


def export_json(graph: nx.MultiDiGraph, path: Path | str) -> Path:
    """Write ``graph`` as networkx node-link JSON (``nodes``, ``edges``, each with ``id``/keys)."""
    data = nx.node_link_data(graph, edges="edges")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str, sort_keys=True))
    return path


def read_graph(store: GraphStore) -> nx.MultiDiGraph:
    """Everything in ``store`` as a MultiDiGraph shaped like :func:`graph.build.build_graph`'s.

    One query per label and per relationship type (the stores return whole result sets)."""
    g = nx.MultiDiGraph()
    for label in Label:
        for r in store.run(f"MATCH (n:{label.value}) RETURN n.id AS id, properties(n) AS props"):
            g.add_node(r["id"], label=label.value, **(r["props"] or {}))
    for rel in Rel:
        rows = store.run(
            f"MATCH (a)-[r:{rel.value}]->(b) RETURN a.id AS src, b.id AS dst, properties(r) AS props"
        )
        for r in rows:
            props = dict(r["props"] or {})
            key = _edge_key(rel, r["src"], r["dst"], props)
            g.add_edge(r["src"], r["dst"], key=key, type=rel.value, **props)
    return g


def _edge_key(rel: Rel, src: str, dst: str, props: dict[str, Any]) -> str:
    if rel in (Rel.MAY_CONSTITUTE, Rel.REPORTED_VIA):
        # the builder's key names the evidence span; the store keeps the section and evidence
        return f"{rel.value}:{props.get('section')}:{src}->{dst}:{props.get('evidence', '')}"
    return f"{rel.value}:{src}->{dst}"
