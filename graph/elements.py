"""Schema-checked nodes and edges of a ``networkx.MultiDiGraph``: the builder's primitives.

Every node is keyed by its graph id and carries ``label`` (a :class:`~graph.schema.Label`
value); every edge carries ``type`` (a :class:`~graph.schema.Rel` value) and has a
deterministic key. :func:`validate_graph` checks a graph built elsewhere (the stores call it
before writing).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from extractors.errors import SchemaViolationError
from graph.schema import ALLOWED, Label, Rel, check_edge


def add_node(g: nx.MultiDiGraph, label: Label, node_id: str, **props: Any) -> None:
    """Add (or update) a node; props that are None are dropped (stores cannot hold null)."""
    clean = {k: v for k, v in props.items() if v is not None}
    if node_id in g and g.nodes[node_id]["label"] != label.value:
        raise SchemaViolationError(
            f"node {node_id!r} is both {g.nodes[node_id]['label']} and {label.value}"
        )
    g.add_node(node_id, label=label.value, id=node_id, **clean)


def add_edge(g: nx.MultiDiGraph, src: str, rel: Rel, dst: str, key: str | None = None, **props: Any) -> None:
    """Add a schema-checked edge between two existing nodes."""
    for n in (src, dst):
        if n not in g:
            raise SchemaViolationError(f"edge {rel.value} refers to missing node {n!r}")
    check_edge(Label(g.nodes[src]["label"]), rel, Label(g.nodes[dst]["label"]))
    clean = {k: v for k, v in props.items() if v is not None}
    g.add_edge(src, dst, key=key or f"{rel.value}:{src}->{dst}", type=rel.value, **clean)


def validate_graph(g: nx.MultiDiGraph) -> None:
    """Check every node label and edge triple against the schema (for graphs built elsewhere)."""
    labels = {lab.value for lab in Label}
    allowed = {(a.value, r.value, b.value) for a, r, b in ALLOWED}
    for n, data in g._node.items():  # networkx's dicts, not its (slow) views: see partition()
        if data.get("label") not in labels:
            raise SchemaViolationError(f"node {n!r} has unknown label {data.get('label')!r}")
    nodes = g._node
    for u, nbrs in g._succ.items():
        for v, keyed in nbrs.items():
            for data in keyed.values():
                triple = (nodes[u]["label"], data.get("type"), nodes[v]["label"])
                if triple not in allowed:
                    _reject(u, v, triple)


def _reject(u: str, v: str, triple: tuple[str, Any, str]) -> None:
    if triple[1] not in {r.value for r in Rel}:
        raise SchemaViolationError(f"edge {u!r}->{v!r} has unknown type {triple[1]!r}")
    check_edge(Label(triple[0]), Rel(triple[1]), Label(triple[2]))
