"""The graph schema of DESIGN.md as data: labels, relationship types, allowed triples, id rules
and the per-store DDL generated from them.

Labels and types are enums so that Cypher builders never interpolate user text: a label that
reaches a query string has gone through :class:`Label` or :class:`Rel` first.

Ids (STYLE.md principle 3) are deterministic, so the same input always gives the same graph::

    >>> document_id("kent-online-safety")
    'doc:kent-online-safety'
    >>> section_id("doc:kent-online-safety", 3)
    'section:doc:kent-online-safety:3'
    >>> region_id("Brighton & Hove")
    'region:brighton-hove'
"""

from __future__ import annotations

from enum import Enum

from extractors.errors import SchemaViolationError
from extractors.taxonomy.names import slug


class Label(str, Enum):
    """Node labels. The value is the label as written in Cypher."""

    REGION = "Region"
    PUBLISHER = "Publisher"
    DOCUMENT = "Document"
    SECTION = "Section"
    HARM = "Harm"
    LAW = "Law"
    PROVISION = "Provision"
    AGENCY = "Agency"
    CONTACT_POINT = "ContactPoint"

    def __str__(self) -> str:
        return self.value


class Rel(str, Enum):
    """Relationship types. The value is the type as written in Cypher."""

    COVERS = "COVERS"
    PUBLISHED_BY = "PUBLISHED_BY"
    HAS_SECTION = "HAS_SECTION"
    MENTIONS = "MENTIONS"
    PART_OF = "PART_OF"
    BELONGS_TO = "BELONGS_TO"
    MAY_CONSTITUTE = "MAY_CONSTITUTE"
    REPORTED_VIA = "REPORTED_VIA"
    GIVES_ROUTE = "GIVES_ROUTE"  # a document's general route: no harm named
    CLAIMS_OFFENCE = "CLAIMS_OFFENCE"  # a section calls a harm illegal, no law named
    DUPLICATE_OF = "DUPLICATE_OF"
    SUPERSEDES = "SUPERSEDES"

    def __str__(self) -> str:
        return self.value


L, R = Label, Rel
_ENTITY_TARGETS = (L.HARM, L.LAW, L.PROVISION, L.AGENCY, L.CONTACT_POINT)

#: Every (from label, type, to label) the graph may hold; anything else is a SchemaViolationError.
ALLOWED: frozenset[tuple[Label, Rel, Label]] = frozenset(
    {
        (L.DOCUMENT, R.COVERS, L.REGION),
        (L.DOCUMENT, R.PUBLISHED_BY, L.PUBLISHER),
        (L.DOCUMENT, R.HAS_SECTION, L.SECTION),
        *((L.SECTION, R.MENTIONS, t) for t in _ENTITY_TARGETS),
        (L.PROVISION, R.PART_OF, L.LAW),
        (L.CONTACT_POINT, R.BELONGS_TO, L.AGENCY),
        (L.HARM, R.MAY_CONSTITUTE, L.PROVISION),
        (L.HARM, R.MAY_CONSTITUTE, L.LAW),
        (L.HARM, R.REPORTED_VIA, L.AGENCY),
        (L.HARM, R.REPORTED_VIA, L.CONTACT_POINT),
        (L.DOCUMENT, R.GIVES_ROUTE, L.AGENCY),
        (L.DOCUMENT, R.GIVES_ROUTE, L.CONTACT_POINT),
        (L.SECTION, R.CLAIMS_OFFENCE, L.HARM),
        (L.DOCUMENT, R.DUPLICATE_OF, L.DOCUMENT),
        (L.DOCUMENT, R.SUPERSEDES, L.DOCUMENT),
    }
)

#: Nodes a document owns: replaced with it, removed with it. Every other node is shared and
#: MERGEd idempotently (taxonomy entities, regions, publishers).
DOCUMENT_OWNED_LABELS: frozenset[Label] = frozenset({L.DOCUMENT, L.SECTION})

#: Relationship types that carry ``document_id`` (the document whose text states them), so a
#: replace can find and delete them without walking the document's sections.
DOCUMENT_TAGGED_RELS: frozenset[Rel] = frozenset(
    {R.MAY_CONSTITUTE, R.REPORTED_VIA, R.DUPLICATE_OF, R.SUPERSEDES, R.CLAIMS_OFFENCE}
)

#: Relationships owned by the document at their start node (deleted with a replace).
DOCUMENT_OUTGOING_RELS: frozenset[Rel] = frozenset(
    {R.COVERS, R.PUBLISHED_BY, R.HAS_SECTION, R.GIVES_ROUTE})

#: Shared relationships between shared nodes: MERGEd, never deleted by a document replace.
SHARED_RELS: frozenset[Rel] = frozenset({R.PART_OF, R.BELONGS_TO})

#: Mention kind (extractors.models.MentionKind) -> label of the mentioned node.
MENTION_KIND_LABEL: dict[str, Label] = {
    "harm": L.HARM,
    "law": L.LAW,
    "provision": L.PROVISION,
    "agency": L.AGENCY,
    "contact": L.CONTACT_POINT,
    "region": L.REGION,
}

#: Id prefix -> label, for ids that arrive without a kind (link targets, new entities).
PREFIX_LABEL: dict[str, Label] = {
    "doc": L.DOCUMENT,
    "section": L.SECTION,
    "region": L.REGION,
    "publisher": L.PUBLISHER,
    "harm": L.HARM,
    "law": L.LAW,
    "provision": L.PROVISION,
    "agency": L.AGENCY,
    "contact": L.CONTACT_POINT,
}

# Properties that get an index besides ``id`` (range index on both stores).
PROPERTY_INDEXES: tuple[tuple[Label, str], ...] = (
    (L.DOCUMENT, "region"),
    (L.HARM, "category"),
    (L.HARM, "canonical"),  # the canonical harm (GUIDELINES.md) analysts compare regions on
    (L.SECTION, "document_id"),
)
REL_PROPERTY_INDEXES: tuple[tuple[Rel, str], ...] = tuple(
    (r, "document_id") for r in sorted(DOCUMENT_TAGGED_RELS, key=lambda r: r.value)
)
FULLTEXT_LABEL = L.SECTION
FULLTEXT_PROPERTIES: tuple[str, ...] = ("text", "heading")
FULLTEXT_INDEX_NAME = "section_text"  # Neo4j index name; FalkorDB names it by label


def check_edge(src: Label, rel: Rel, dst: Label) -> None:
    """Raise :class:`SchemaViolationError` unless ``(src)-[rel]->(dst)`` is in the schema."""
    if (src, rel, dst) not in ALLOWED:
        raise SchemaViolationError(
            f"({src.value})-[:{rel.value}]->({dst.value}) is not in the graph schema "
            "(graph/schema.py ALLOWED; DESIGN.md 'Graph schema')"
        )


def label_of_id(node_id: str) -> Label:
    """The label an id's prefix names (``harm:grooming`` -> Harm)."""
    prefix = node_id.split(":", 1)[0]
    try:
        return PREFIX_LABEL[prefix]
    except KeyError as e:
        raise SchemaViolationError(f"id {node_id!r} has no known prefix ({', '.join(PREFIX_LABEL)})") from e


def document_id(source_id: str) -> str:
    """``doc:<source id>``; an id that already has the prefix is returned unchanged."""
    return source_id if source_id.startswith("doc:") else f"doc:{source_id}"


def section_id(doc_id: str, ordinal: int) -> str:
    """``section:<doc id>:<ordinal>``."""
    return f"section:{document_id(doc_id)}:{ordinal}"


def region_id(name: str) -> str:
    return f"region:{slug(name, 'unknown')}"


def publisher_id(name: str) -> str:
    return f"publisher:{slug(name, 'unknown')}"


# --- DDL -------------------------------------------------------------------------------------


def falkordb_ddl() -> list[str]:
    """Index statements for FalkorDB, in the order they must run (id indexes first: without
    them MERGE is quadratic). FalkorDB has no ``IF NOT EXISTS``: the store ignores
    "already indexed" errors. Unique constraints are a separate command, see
    :func:`falkordb_unique_constraints`."""
    stmts = [f"CREATE INDEX FOR (n:{lab.value}) ON (n.id)" for lab in Label]
    stmts += [f"CREATE INDEX FOR (n:{lab.value}) ON (n.{prop})" for lab, prop in PROPERTY_INDEXES]
    stmts += [
        f"CREATE INDEX FOR ()-[r:{rel.value}]-() ON (r.{prop})" for rel, prop in REL_PROPERTY_INDEXES
    ]
    fields = ", ".join(f"'{p}'" for p in FULLTEXT_PROPERTIES)
    stmts.append(f"CALL db.idx.fulltext.createNodeIndex('{FULLTEXT_LABEL.value}', {fields})")
    return stmts


def falkordb_unique_constraints() -> list[tuple[str, str]]:
    """(label, property) pairs for ``GRAPH.CONSTRAINT CREATE … UNIQUE NODE``."""
    return [(lab.value, "id") for lab in Label]


def neo4j_ddl() -> list[str]:
    """Constraint and index statements for Neo4j 5+, all ``IF NOT EXISTS`` (idempotent)."""
    stmts = [
        f"CREATE CONSTRAINT {slug(lab.value).replace('-', '_')}_id IF NOT EXISTS "
        f"FOR (n:{lab.value}) REQUIRE n.id IS UNIQUE"
        for lab in Label
    ]
    stmts += [
        f"CREATE INDEX {lab.value.lower()}_{prop} IF NOT EXISTS FOR (n:{lab.value}) ON (n.{prop})"
        for lab, prop in PROPERTY_INDEXES
    ]
    stmts += [
        f"CREATE INDEX {rel.value.lower()}_{prop} IF NOT EXISTS "
        f"FOR ()-[r:{rel.value}]-() ON (r.{prop})"
        for rel, prop in REL_PROPERTY_INDEXES
    ]
    fields = ", ".join(f"n.{p}" for p in FULLTEXT_PROPERTIES)
    stmts.append(
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX_NAME} IF NOT EXISTS "
        f"FOR (n:{FULLTEXT_LABEL.value}) ON EACH [{fields}]"
    )
    return stmts
