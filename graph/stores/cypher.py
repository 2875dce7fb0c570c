"""Cypher for loading and deleting, built from the schema enums.

Labels and types are interpolated only from :class:`~graph.schema.Label` / :class:`Rel`
members; every value travels as a parameter (``UNWIND $rows AS row …``). Each builder takes
the parameter name so that several statements can be chained into one FalkorDB query
(:func:`chain`), which FalkorDB executes atomically.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.schema import DOCUMENT_OUTGOING_RELS, DOCUMENT_TAGGED_RELS, Label, Rel
from graph.subgraph import EdgeRow, NodeRow


@dataclass
class Statement:
    """One Cypher statement over one list parameter (``$<param>``)."""

    cypher: str
    param: str
    value: Any


def merge_nodes(label: Label, param: str = "rows") -> str:
    """MERGE nodes of one label by id and replace their properties (``SET n = props``, so a
    property that disappeared from the input disappears from the store: idempotent)."""
    return f"UNWIND ${param} AS row MERGE (n:{label.value} {{id: row.id}}) SET n = row.props"


def merge_edges(rel: Rel, src: Label, dst: Label, param: str = "rows") -> str:
    """MERGE one edge per (src, dst) pair: for shared edges (PART_OF, BELONGS_TO)."""
    return (
        f"UNWIND ${param} AS row MATCH (a:{src.value} {{id: row.src}}) "
        f"MATCH (b:{dst.value} {{id: row.dst}}) MERGE (a)-[r:{rel.value}]->(b) SET r = row.props"
    )


def create_edges(rel: Rel, src: Label, dst: Label, param: str = "rows") -> str:
    """CREATE edges: for document-owned edges, which a replace deletes first (so several
    MAY_CONSTITUTE edges between one pair, from different sentences, all survive)."""
    return (
        f"UNWIND ${param} AS row MATCH (a:{src.value} {{id: row.src}}) "
        f"MATCH (b:{dst.value} {{id: row.dst}}) CREATE (a)-[r:{rel.value}]->(b) SET r = row.props"
    )


def delete_owned(param: str = "ids") -> list[str]:
    """Statements deleting what the documents ``$<param>`` own, except their Document nodes
    (kept so that incoming DUPLICATE_OF/SUPERSEDES edges from other documents survive)."""
    stmts = [f"MATCH (s:{Label.SECTION.value}) WHERE s.document_id IN ${param} DETACH DELETE s"]
    stmts += [
        f"MATCH ()-[r:{rel.value}]->() WHERE r.document_id IN ${param} DELETE r"
        for rel in sorted(DOCUMENT_TAGGED_RELS, key=lambda r: r.value)
    ]
    stmts += [
        f"MATCH (d:{Label.DOCUMENT.value})-[r:{rel.value}]->() WHERE d.id IN ${param} DELETE r"
        for rel in sorted(DOCUMENT_OUTGOING_RELS, key=lambda r: r.value)
    ]
    return stmts


def delete_documents(param: str = "ids") -> list[str]:
    """Statements removing documents entirely (their node too)."""
    return [
        *delete_owned(param),
        f"MATCH (d:{Label.DOCUMENT.value}) WHERE d.id IN ${param} DETACH DELETE d",
    ]


def node_statements(nodes: Iterable[NodeRow]) -> list[Statement]:
    """One MERGE statement per label, rows ``{id, props}``; labels in schema order."""
    by_label: dict[Label, list[dict[str, Any]]] = defaultdict(list)
    for n in nodes:
        by_label[n.label].append({"id": n.id, "props": n.props})
    return [Statement(merge_nodes(lab), "rows", by_label[lab]) for lab in Label if lab in by_label]


def edge_statements(edges: Iterable[EdgeRow], shared: bool) -> list[Statement]:
    """One statement per (type, from label, to label), rows ``{src, dst, props}``."""
    groups: dict[tuple[Rel, Label, Label], list[dict[str, Any]]] = defaultdict(list)
    for e in edges:
        groups[(e.type, e.src_label, e.dst_label)].append({"src": e.src, "dst": e.dst, "props": e.props})
    build = merge_edges if shared else create_edges
    return [
        Statement(build(rel, a, b), "rows", rows)
        for (rel, a, b), rows in sorted(groups.items(), key=lambda kv: (kv[0][0].value, kv[0][1].value, kv[0][2].value))
    ]


def chain(statements: list[Statement]) -> tuple[str, dict[str, Any]]:
    """Join statements into ONE query, each over its own parameter (``$p0``, ``$p1`` …),
    separated by ``WITH count(*) AS _n``. The aggregation collapses each part to one row, so
    the next part runs once even when the previous one matched nothing."""
    parts: list[str] = []
    params: dict[str, Any] = {}
    for i, st in enumerate(statements):
        name = f"p{i}"
        parts.append(st.cypher.replace(f"${st.param}", f"${name}"))
        params[name] = st.value
    query = "\nWITH count(*) AS _c\n".join(parts) + "\nRETURN count(*) AS done"
    return query, params
