from __future__ import annotations

import pytest

from extractors.errors import SchemaViolationError
from graph.schema import (
    ALLOWED,
    Label,
    Rel,
    check_edge,
    document_id,
    falkordb_ddl,
    label_of_id,
    neo4j_ddl,
    publisher_id,
    region_id,
    section_id,
)


def test_ids_follow_the_documented_rules() -> None:
    assert document_id("kent-a") == "doc:kent-a"
    assert document_id("doc:kent-a") == "doc:kent-a"
    assert section_id("kent-a", 3) == "section:doc:kent-a:3"
    assert region_id("Brighton & Hove") == "region:brighton-hove"
    assert publisher_id("Kent County Council") == "publisher:kent-county-council"


def test_label_of_id_reads_the_prefix_and_rejects_unknown_ones() -> None:
    assert label_of_id("provision:sexual-offences-act-2003:s15") is Label.PROVISION
    assert label_of_id("contact:phone:08001111") is Label.CONTACT_POINT
    with pytest.raises(SchemaViolationError):
        label_of_id("widget:x")


def test_schema_allows_design_edges_and_rejects_others() -> None:
    check_edge(Label.HARM, Rel.MAY_CONSTITUTE, Label.PROVISION)
    check_edge(Label.SECTION, Rel.MENTIONS, Label.CONTACT_POINT)
    with pytest.raises(SchemaViolationError):
        check_edge(Label.HARM, Rel.MAY_CONSTITUTE, Label.AGENCY)
    with pytest.raises(SchemaViolationError):
        check_edge(Label.SECTION, Rel.MENTIONS, Label.REGION)
    assert all(rel in Rel for _, rel, _ in ALLOWED)


def test_every_relationship_type_is_used_by_some_allowed_triple() -> None:
    assert {rel for _, rel, _ in ALLOWED} == set(Rel)


def test_falkordb_ddl_indexes_id_on_every_label_first_and_has_fulltext() -> None:
    ddl = falkordb_ddl()
    assert ddl[: len(Label)] == [f"CREATE INDEX FOR (n:{lab.value}) ON (n.id)" for lab in Label]
    assert "CREATE INDEX FOR (n:Document) ON (n.region)" in ddl
    assert "CREATE INDEX FOR (n:Harm) ON (n.category)" in ddl
    assert any(s.startswith("CALL db.idx.fulltext.createNodeIndex('Section', 'text'") for s in ddl)


def test_neo4j_ddl_is_idempotent_and_constrains_every_label() -> None:
    ddl = neo4j_ddl()
    assert all("IF NOT EXISTS" in s for s in ddl)
    for lab in Label:
        assert any(f"FOR (n:{lab.value}) REQUIRE n.id IS UNIQUE" in s for s in ddl)
    assert any(s.startswith("CREATE FULLTEXT INDEX section_text") and "n.text" in s for s in ddl)
    assert len({s.split()[2] for s in ddl}) == len(ddl)  # index/constraint names are unique
