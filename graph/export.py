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

from extractors.taxonomy.names import format_contact
from graph.schema import Label, Rel

if TYPE_CHECKING:
    from graph.stores.base import GraphStore


def _graphml_value(v: Any) -> Any:
    if isinstance(v, (str, int, float, bool)):
        return v
    return json.dumps(v, ensure_ascii=False, default=str)


def display_name(data: dict[str, Any], node_id: str) -> str:
    """What a node is called: its name, title, heading or value (phones grouped), else its id."""
    if data.get("label") == Label.CONTACT_POINT.value and data.get("value"):
        return format_contact(data.get("kind"), str(data["value"]))
    if data.get("label") == Label.PROVISION.value and data.get("section"):
        return f"s.{data['section']} {data.get('summary') or ''}".strip()
    for key in ("name", "title", "heading", "value", "summary"):
        if data.get(key):
            return str(data[key])
    return node_id


def for_gephi(graph: nx.MultiDiGraph, all_taxonomy: bool = False) -> nx.MultiDiGraph:
    """``graph`` shaped for Gephi's GraphML importer, which takes ``label`` as the display label:
    node ``label`` = display name and ``type`` = node label (Appearance -> Partition by type),
    edge ``label`` = relationship type. Taxonomy entries nothing refers to are left out unless
    ``all_taxonomy`` (they are half the graph and a cloud of unconnected dots)."""
    out = nx.MultiDiGraph()
    out.graph.update(graph.graph)
    for n, data in graph.nodes(data=True):
        if not all_taxonomy and data.get("source") == "taxonomy" and graph.degree(n) == 0:
            continue
        attrs = {k: v for k, v in data.items() if k != "label"}
        attrs.update(type=data.get("label"), label=display_name(data, n))
        if "name" in data and data.get("label") == Label.CONTACT_POINT.value:
            attrs["contact_label"] = data["name"]  # the document's own label ("Children")
        out.add_node(n, **attrs)
    for u, v, k, data in graph.edges(keys=True, data=True):
        if u in out and v in out:
            attrs = {a: b for a, b in data.items() if a != "type"}
            out.add_edge(u, v, key=k, label=data.get("type"), **attrs)
    return out


def export_graphml(graph: nx.MultiDiGraph, path: Path | str, all_taxonomy: bool = False) -> Path:
    """Write ``graph`` as GraphML for Gephi (see :func:`for_gephi`), lists stringified as JSON,
    None values dropped."""
    gephi = for_gephi(graph, all_taxonomy)
    out = nx.MultiDiGraph()
    out.graph.update({k: _graphml_value(v) for k, v in gephi.graph.items() if v is not None})
    for n, data in gephi.nodes(data=True):
        out.add_node(n, **{k: _graphml_value(v) for k, v in data.items() if v is not None})
    for u, v, k, data in gephi.edges(keys=True, data=True):
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
