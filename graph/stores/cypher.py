"""Cypher for loading and deleting, built from the schema enums.

Labels and types are interpolated only from :class:`~graph.schema.Label` / :class:`Rel`
members, property names from the graph's attribute names (checked to be identifiers); every
value travels as a parameter (``UNWIND $rows AS row …``, rows as lists: ``[id, v1, v2, …]``,
which both FalkorDB's parameter header and the Neo4j driver encode fast). Each builder takes
the parameter name so that several statements can be chained into one FalkorDB query
(:func:`chain`), which FalkorDB executes atomically.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from extractors.errors import SchemaViolationError
from graph.partition import EdgeRow, NodeRow, Part
from graph.schema import DOCUMENT_OUTGOING_RELS, DOCUMENT_TAGGED_RELS, Label, Rel


@dataclass
class Statement:
    """One Cypher statement over one list parameter (``$<param>``)."""

    cypher: str
    param: str
    value: Any


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _props_map(keys: Sequence[str], var: str, offset: int) -> str:
    """``{`k1`: row[offset], `k2`: row[offset+1], …}``: property names from the graph's own
    attribute names (checked to be identifiers), values from the parameter row. A null value
    leaves the property out, so ``SET n = map`` makes the stored properties exactly the row's."""
    for k in keys:
        if not _IDENT.match(k):
            raise SchemaViolationError(f"property name {k!r} is not a plain identifier")
    return "{" + ", ".join(f"`{k}`: {var}[{offset + i}]" for i, k in enumerate(keys)) + "}"


def merge_nodes(label: Label, keys: Sequence[str], param: str = "rows") -> str:
    """MERGE nodes of one label by id (``row[0]``) and replace their properties, so a property
    that disappeared from the input disappears from the store (idempotent)."""
    return (
        f"UNWIND ${param} AS row MERGE (n:{label.value} {{id: row[0]}}) "
        f"SET n = {_props_map(['id', *keys], 'row', 0)}"
    )


def _edges(verb: str, rel: Rel, src: Label, dst: Label, keys: Sequence[str], param: str) -> str:
    return (
        f"UNWIND ${param} AS row MATCH (a:{src.value} {{id: row[0]}}) "
        f"MATCH (b:{dst.value} {{id: row[1]}}) {verb} (a)-[r:{rel.value}]->(b) "
        f"SET r = {_props_map(keys, 'row', 2)}"
    )


def merge_edges(rel: Rel, src: Label, dst: Label, keys: Sequence[str] = (), param: str = "rows") -> str:
    """MERGE one edge per (src, dst) pair: for shared edges (PART_OF, BELONGS_TO)."""
    return _edges("MERGE", rel, src, dst, keys, param)


def create_edges(rel: Rel, src: Label, dst: Label, keys: Sequence[str] = (), param: str = "rows") -> str:
    """CREATE edges: for document-owned edges, which a replace deletes first (so several
    MAY_CONSTITUTE edges between one pair, from different sentences, all survive)."""
    return _edges("CREATE", rel, src, dst, keys, param)


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


def document_statements(ids: list[str], parts: Sequence[Part]) -> list[Statement]:
    """Replace documents ``ids`` (whose parts are ``parts``): delete what they own, then write
    their nodes and edges. Sections were just deleted, so they are CREATEd (no index lookup)."""
    nodes = [n for p in parts for n in p.nodes]
    edges = [e for p in parts for e in p.edges]
    statements = [Statement(c, "ids", ids) for c in delete_owned()]
    statements += node_statements(nodes, create=frozenset({Label.SECTION}))
    statements += edge_statements(edges, shared=False)
    return statements


def _keys(dicts: Iterable[dict[str, Any]], skip: str) -> list[str]:
    keys: set[str] = set()
    for d in dicts:
        keys.update(d)
    keys.discard(skip)
    keys.discard("id")
    return sorted(keys)


def create_nodes(label: Label, keys: Sequence[str], param: str = "rows") -> str:
    """CREATE nodes: for Sections, which a replace has just deleted (no index lookup)."""
    return f"UNWIND ${param} AS row CREATE (n:{label.value}) SET n = {_props_map(['id', *keys], 'row', 0)}"


def node_statements(nodes: Iterable[NodeRow], create: frozenset[Label] = frozenset()) -> list[Statement]:
    """One statement per label, rows ``[id, v1, v2, …]``; labels in schema order. Labels in
    ``create`` are CREATEd (the caller has deleted them first), the others MERGEd by id."""
    by_label: dict[Label, list[NodeRow]] = defaultdict(list)
    for n in nodes:
        by_label[n.label].append(n)
    out = []
    for lab in Label:
        if lab in by_label:
            group = by_label[lab]
            keys = _keys((n.props for n in group), "label")
            rows = [[n.id, *(n.props.get(k) for k in keys)] for n in group]
            build = create_nodes if lab in create else merge_nodes
            out.append(Statement(build(lab, keys), "rows", rows))
    return out


def edge_statements(edges: Iterable[EdgeRow], shared: bool) -> list[Statement]:
    """One statement per (type, from label, to label), rows ``[src, dst, v1, v2, …]``."""
    groups: dict[tuple[Rel, Label, Label], list[EdgeRow]] = defaultdict(list)
    for e in edges:
        groups[(e.type, e.src_label, e.dst_label)].append(e)
    build = merge_edges if shared else create_edges
    out = []
    for (rel, a, b), group in sorted(groups.items(), key=lambda kv: (kv[0][0].value, kv[0][1].value, kv[0][2].value)):
        keys = _keys((e.props for e in group), "type")
        rows = [[e.src, e.dst, *(e.props.get(k) for k in keys)] for e in group]
        out.append(Statement(build(rel, a, b, keys), "rows", rows))
    return out


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


# --- reads the pipeline makes (planning and the edition diff); typed in GraphStore ----------

_DOC, _SEC = Label.DOCUMENT.value, Label.SECTION.value

STORED_DOCUMENTS = (
    f"MATCH (d:{_DOC}) WHERE d.superseded IS NULL OR d.superseded = false "
    # A group edge belongs to its member (``document_id``); a revision's SUPERSEDES may point
    # either way (newer to older), so the canonical is the edge's other end, whatever direction.
    f"OPTIONAL MATCH (d)-[r:{Rel.DUPLICATE_OF.value}|{Rel.SUPERSEDES.value}]-(c:{_DOC}) "
    "WHERE r.document_id = d.id AND (c.superseded IS NULL OR c.superseded = false) "
    "RETURN d.id AS id, d.sha256 AS sha256, d.version AS version, d.path AS path, c.id AS duplicate_of"
)
"""Current (not superseded) documents with the canonical they copy or revise, if any."""

DOCUMENT_ENTITIES = (
    f"MATCH (d:{_DOC})-[:{Rel.HAS_SECTION.value}]->(:{_SEC})-[:{Rel.MENTIONS.value}]->(e) "
    "WHERE d.id IN $ids "
    "RETURN DISTINCT d.id AS doc, labels(e)[0] AS label, e.id AS id, "
    "coalesce(e.name, e.title, e.value, e.id) AS name"
)
"""The entities each of ``$ids`` mentions, with a readable name."""

DOCUMENT_PROPERTIES = f"MATCH (d:{_DOC}) WHERE d.id IN $ids RETURN d.id AS id, properties(d) AS props"
"""Every stored property of each Document in ``$ids``."""

SUPERSEDED_EDITIONS = f"MATCH (d:{_DOC}) WHERE d.superseded = true RETURN d.id AS id"
"""Every stored earlier edition (``doc:<id>@<sha12>``)."""
