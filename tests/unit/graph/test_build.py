from __future__ import annotations

import networkx as nx
import pytest

from extractors.errors import GraphError, SchemaViolationError
from extractors.models import DedupeResult, DuplicateGroup, GroupMember, Link, Mention, TaggedDocument
from extractors.taxonomy.models import ContactPoint, Law, Provision
from graph.build import add_edge, build_graph, validate_graph
from graph.partition import document_subgraph_ids, partition
from graph.schema import Rel


def _edges(g: nx.MultiDiGraph, rel: Rel) -> list[tuple[str, str, dict]]:
    return [(u, v, d) for u, v, d in g.edges(data=True) if d["type"] == rel.value]


def test_build_is_deterministic(inputs) -> None:
    a = nx.node_link_data(build_graph(*inputs), edges="edges")
    b = nx.node_link_data(build_graph(*inputs), edges="edges")
    assert a == b


def test_every_taxonomy_entity_is_a_node_even_when_not_mentioned(inputs) -> None:
    g = build_graph(*inputs)
    assert g.nodes["harm:sextortion"]["category"] == "sexual abuse and exploitation"
    assert g.nodes["law:online-safety-act-2023"]["year"] == 2023
    assert g.nodes["law:sexual-offences-act-2003"]["legislation_id"] == "ukpga/2003/42"
    assert g.nodes["agency:childline"]["kind"] == "charity"
    assert g.nodes["contact:url:ceop.police.uk"]["name"] == "CEOP reporting form"
    assert ("provision:sexual-offences-act-2003:s15", "law:sexual-offences-act-2003") in {
        (u, v) for u, v, _ in _edges(g, Rel.PART_OF)}
    assert ("contact:url:ceop.police.uk", "agency:ceop") in {(u, v) for u, v, _ in _edges(g, Rel.BELONGS_TO)}


def test_documents_cover_regions_and_keep_region_as_a_list(inputs) -> None:
    g = build_graph(*inputs)
    doc = g.nodes["doc:kent-a"]
    assert doc["label"] == "Document" and doc["region"] == ["Kent"] and doc["canonical"] is True
    assert "ingested_at" not in doc
    assert ("doc:kent-a", "region:kent") in {(u, v) for u, v, _ in _edges(g, Rel.COVERS)}
    assert ("doc:kent-a", "publisher:kent-council") in {(u, v) for u, v, _ in _edges(g, Rel.PUBLISHED_BY)}


def test_sections_keep_text_and_pages(inputs) -> None:
    g = build_graph(*inputs)
    s = g.nodes["section:doc:kent-a:1"]
    assert s["text"] == "Report to CEOP." and s["pages"] == [2] and s["document_id"] == "doc:kent-a"


def test_mentions_are_aggregated_per_section_with_count_and_surfaces(inputs) -> None:
    g = build_graph(*inputs)
    m = [d for u, v, d in _edges(g, Rel.MENTIONS) if u == "section:doc:kent-a:0" and v == "harm:grooming"]
    assert len(m) == 1 and m[0]["count"] == 2 and m[0]["surfaces"] == ["Grooming", "grooming"]
    assert not any(v.startswith("region:") for _, v, _ in _edges(g, Rel.MENTIONS))


def test_links_carry_document_region_evidence_and_page(inputs) -> None:
    g = build_graph(*inputs)
    offence = [d for u, v, d in _edges(g, Rel.MAY_CONSTITUTE) if d["document_id"] == "doc:kent-a"]
    assert len(offence) == 1
    o = offence[0]
    assert o["evidence"] == "Grooming is a crime." and o["region"] == ["Kent"] and o["method"] == "rule"
    assert o["section"] == "section:doc:kent-a:0" and o["page"] == 1  # page taken from the section
    route = [d for u, v, d in _edges(g, Rel.REPORTED_VIA) if d["document_id"] == "doc:kent-a"]
    assert route[0]["page"] == 2 and route[0]["jurisdiction_mismatch"] is False


def test_a_duplicate_gets_a_node_and_duplicate_of_but_no_sections_or_mentions(inputs) -> None:
    g = build_graph(*inputs)
    assert g.nodes["doc:kent-a-copy"]["canonical"] is False
    dup = _edges(g, Rel.DUPLICATE_OF)
    assert [(u, v, d["similarity"], d["relation"]) for u, v, d in dup] == [
        ("doc:kent-a-copy", "doc:kent-a", 0.93, "duplicate")]
    assert not [v for u, v, _ in _edges(g, Rel.HAS_SECTION) if u == "doc:kent-a-copy"]
    assert all(d["document_id"] != "doc:kent-a-copy" for _, _, d in _edges(g, Rel.MAY_CONSTITUTE))


def test_a_revision_supersedes_the_older_document(make, taxonomy) -> None:
    docs = [make.document("old", published=2019), make.document("new", published=2023, sha="d")]
    dedupe = DedupeResult(groups=[DuplicateGroup(canonical="old", members=[
        GroupMember(id="new", relation="revision", similarity=0.6)])], singletons=[])
    g = build_graph(docs, dedupe, [make.tagged("old")], taxonomy)
    sup = _edges(g, Rel.SUPERSEDES)
    assert [(u, v) for u, v, _ in sup] == [("doc:new", "doc:old")]
    assert sup[0][2]["document_id"] == "doc:new"


def test_an_unknown_law_comes_from_new_entities_and_a_missing_one_is_made_minimal(make, taxonomy) -> None:
    new_law = Law(id="law:made-up-act-2030", title="Made Up Act 2030", year=2030, extent=["England"])
    links = (
        Link(kind="offence", harm_id="harm:grooming", target_id="law:made-up-act-2030", evidence="e",
             start=0, end=1, section=0, method="rule", confidence=0.5),
        Link(kind="offence", harm_id="harm:grooming", target_id="provision:nowhere-act-1999:s2",
             evidence="f", start=2, end=3, section=0, method="rule", confidence=0.5),
        Link(kind="reporting", harm_id="harm:grooming", target_id="contact:phone:0800123",
             evidence="g", start=4, end=5, section=1, method="rule", confidence=0.5),
    )
    tagged = make.tagged("kent-a", extra_links=links, new_entities=[new_law])
    g = build_graph([make.document("kent-a")], DedupeResult(groups=[], singletons=["kent-a"]), [tagged], taxonomy)
    assert g.nodes["law:made-up-act-2030"]["year"] == 2030
    assert g.nodes["law:made-up-act-2030"]["source"] == "text"
    assert g.nodes["provision:nowhere-act-1999:s2"]["law_id"] == "law:nowhere-act-1999"
    assert g.nodes["law:nowhere-act-1999"]["source"] == "unknown"
    assert g.nodes["contact:phone:0800123"]["value"] == "0800123"
    validate_graph(g)


def test_a_new_provision_links_to_its_new_law_and_a_new_contact_to_its_agency(make, taxonomy) -> None:
    new = [
        Provision(id="provision:new-act-2001:s4", law_id="law:new-act-2001", section="4", summary="an offence"),
        Law(id="law:new-act-2001", title="New Act 2001", year=2001, extent=[]),
        ContactPoint(id="contact:phone:03005550050", kind="phone", value="03005550050", agency_id="agency:ceop"),
    ]
    link = Link(kind="offence", harm_id="harm:grooming", target_id="provision:new-act-2001:s4", evidence="e",
                start=0, end=1, section=0, method="rule", confidence=0.5)
    tagged = make.tagged("kent-a", extra_links=(link,), new_entities=new)
    g = build_graph([make.document("kent-a")], DedupeResult(groups=[], singletons=["kent-a"]), [tagged], taxonomy)
    assert g.nodes["law:new-act-2001"]["title"] == "New Act 2001"  # the real one, not a minimal node
    assert g.nodes["law:new-act-2001"]["source"] == "text"
    assert ("provision:new-act-2001:s4", "law:new-act-2001") in {(u, v) for u, v, _ in _edges(g, Rel.PART_OF)}
    assert ("contact:phone:03005550050", "agency:ceop") in {(u, v) for u, v, _ in _edges(g, Rel.BELONGS_TO)}


def test_a_link_the_schema_forbids_is_an_error(make, taxonomy) -> None:
    bad = Link(kind="offence", harm_id="harm:grooming", target_id="agency:ceop", evidence="e",
               start=0, end=1, section=0, method="rule", confidence=0.5)
    with pytest.raises(SchemaViolationError):
        build_graph([make.document("kent-a")], DedupeResult(groups=[], singletons=["kent-a"]),
                    [make.tagged("kent-a", extra_links=(bad,))], taxonomy)


def test_add_edge_rejects_a_disallowed_type_between_existing_nodes(inputs) -> None:
    g = build_graph(*inputs)
    with pytest.raises(SchemaViolationError):
        add_edge(g, "doc:kent-a", Rel.MENTIONS, "harm:grooming")


def test_a_mention_of_a_missing_section_is_an_error(make, taxonomy) -> None:
    t = TaggedDocument(document_id="kent-a", mentions=[
        Mention(kind="harm", entity_id="harm:grooming", surface="g", start=0, end=1, section=9)], links=[])
    with pytest.raises(GraphError, match="section"):
        build_graph([make.document("kent-a")], DedupeResult(groups=[], singletons=["kent-a"]), [t], taxonomy)


def test_tagging_for_a_document_not_extracted_is_an_error(make, taxonomy) -> None:
    with pytest.raises(GraphError, match="not among"):
        build_graph([], DedupeResult(groups=[], singletons=[]), [make.tagged("ghost")], taxonomy)


def test_ingested_at_is_set_only_when_passed(inputs) -> None:
    g = build_graph(*inputs, ingested_at="2026-11-21T00:00:00Z")
    assert g.nodes["doc:kent-b"]["ingested_at"] == "2026-11-21T00:00:00Z"


def test_partition_gives_each_document_its_own_nodes_and_edges(inputs) -> None:
    g = build_graph(*inputs)
    shared, docs = partition(g)
    assert {n.id for n in docs["doc:kent-a"].nodes} == document_subgraph_ids(g, "doc:kent-a") == {
        "doc:kent-a", "section:doc:kent-a:0", "section:doc:kent-a:1"}
    own = {e.type.value for e in docs["doc:kent-a"].edges}
    assert own == {"COVERS", "PUBLISHED_BY", "HAS_SECTION", "MENTIONS", "MAY_CONSTITUTE", "REPORTED_VIA"}
    assert {e.type.value for e in docs["doc:kent-a-copy"].edges} == {"COVERS", "PUBLISHED_BY", "DUPLICATE_OF"}
    assert {e.type.value for e in shared.edges} == {"PART_OF", "BELONGS_TO"}
    total = len(shared.edges) + sum(len(p.edges) for p in docs.values())
    assert total == g.number_of_edges()


def test_validate_graph_rejects_unknown_labels_types_and_triples(inputs) -> None:
    g = build_graph(*inputs)
    validate_graph(g)
    bad = g.copy()
    bad.add_edge("doc:kent-a", "harm:grooming", type="MENTIONS")
    with pytest.raises(SchemaViolationError):
        validate_graph(bad)
    bad = g.copy()
    bad.add_edge("doc:kent-a", "harm:grooming", type="LIKES")
    with pytest.raises(SchemaViolationError, match="unknown type"):
        validate_graph(bad)
    bad = g.copy()
    bad.add_node("x:1", label="Widget")
    with pytest.raises(SchemaViolationError, match="unknown label"):
        validate_graph(bad)
