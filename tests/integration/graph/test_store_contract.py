"""The GraphStore contract, run against every available store (embedded always, Neo4j when
NEO4J_URI is set: ``make test-neo4j`` starts one and turns the skip into a failure)."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest

from extractors.errors import QueryError
from extractors.models import DedupeResult, Link, Mention, TaggedDocument
from graph.build import build_graph
from graph.export import read_graph
from graph.stores.base import GraphStore
from graph.stores.neo4j import Neo4jStore

pytestmark = pytest.mark.slow

EVIL = "O'Brien \"quoted\" {braces} }) DETACH DELETE n // \\ back`tick\nline\x07 \\u0041"


def two_docs(make: Any, b_texts: tuple[str, ...] = ("Grooming is a crime.", "Report to CEOP."),
             harm_name: str = "Grooming", title_a: str = "Online safety") -> nx.MultiDiGraph:
    docs = [make.document("kent-a", title=title_a),
            make.document("kent-b", texts=b_texts, sha=str(len(b_texts)))]
    tagged = [make.tagged("kent-a"), make.tagged("kent-b")]
    return build_graph(docs, DedupeResult(groups=[], singletons=["kent-a", "kent-b"]), tagged,
                       make.taxonomy(harm_name))


def snapshot(store: GraphStore) -> dict[str, Any]:
    """Every node's and relationship's properties, order-free, for equality checks."""
    g = read_graph(store)
    nodes = {n: dict(sorted(d.items())) for n, d in g.nodes(data=True)}
    edges = sorted(repr((u, v, sorted(d.items()))) for u, v, d in g.edges(data=True))
    return {"nodes": nodes, "edges": edges}


def test_schema_is_idempotent(store: GraphStore) -> None:
    store.ensure_schema()
    store.ensure_schema()
    assert store.counts()["nodes"] == 0


def test_loading_twice_gives_the_same_counts_and_properties(store: GraphStore, make: Any) -> None:
    g = two_docs(make)
    store.replace_graph(g)
    first, first_counts = snapshot(store), store.counts()
    store.replace_graph(g)
    assert store.counts() == first_counts
    assert snapshot(store) == first
    assert first_counts["Document"] == 2 and first_counts["Section"] == 4
    assert first_counts["MENTIONS"] == 4 and first_counts["MAY_CONSTITUTE"] == 2
    assert first_counts["nodes"] == g.number_of_nodes()
    assert first_counts["relationships"] == g.number_of_edges()


def test_stored_section_text_is_searchable(store: GraphStore, make: Any) -> None:
    store.replace_graph(two_docs(make))
    if isinstance(store, Neo4jStore):
        q = "CALL db.index.fulltext.queryNodes('section_text', 'CEOP') YIELD node RETURN node.id AS id"
    else:
        q = "CALL db.idx.fulltext.queryNodes('Section', 'CEOP') YIELD node RETURN node.id AS id"
    assert {r["id"] for r in store.run(q)} == {"section:doc:kent-a:1", "section:doc:kent-b:1"}


def test_replacing_a_changed_document_removes_its_old_facts_only(store: GraphStore, make: Any) -> None:
    store.replace_graph(two_docs(make))
    before_a = [n for n in snapshot(store)["nodes"] if "kent-a" in n]
    a_props = {n: p for n, p in snapshot(store)["nodes"].items() if "kent-a" in n}
    # kent-b now has one section, no CEOP, different tagging
    docs = [make.document("kent-a"), make.document("kent-b", texts=("Cyberbullying only.",), sha="z")]
    tagged = [make.tagged("kent-a"), TaggedDocument(document_id="kent-b", mentions=[
        Mention(kind="harm", entity_id="harm:cyberbullying", surface="Cyberbullying", start=0, end=13,
                section=0)], links=[Link(kind="reporting", harm_id="harm:cyberbullying",
                                         target_id="agency:childline", evidence="Cyberbullying only.",
                                         start=0, end=19, section=0, method="rule", confidence=0.7)])]
    g2 = build_graph(docs, DedupeResult(groups=[], singletons=["kent-a", "kent-b"]), tagged, make.taxonomy())
    store.replace_documents(g2, ["doc:kent-b"])
    rows = store.run("MATCH (d:Document {id: 'doc:kent-b'})-[:HAS_SECTION]->(s:Section) "
                     "RETURN s.id AS id, s.text AS text")
    assert rows == [{"id": "section:doc:kent-b:0", "text": "Cyberbullying only."}]
    links = store.run("MATCH (h:Harm)-[r:MAY_CONSTITUTE|REPORTED_VIA]->(t) WHERE r.document_id = 'doc:kent-b' "
                      "RETURN h.id AS harm, t.id AS target")
    assert links == [{"harm": "harm:cyberbullying", "target": "agency:childline"}]
    mentions = store.run("MATCH (s:Section)-[m:MENTIONS]->(e) WHERE s.document_id = 'doc:kent-b' RETURN e.id AS e")
    assert mentions == [{"e": "harm:cyberbullying"}]
    assert store.run("MATCH (d:Document {id: 'doc:kent-b'}) RETURN d.sha256 AS sha")[0]["sha"] == "z" * 64
    after = snapshot(store)["nodes"]
    assert {n: p for n, p in after.items() if "kent-a" in n} == a_props  # others untouched
    assert sorted(before_a) == sorted(n for n in after if "kent-a" in n)
    assert store.counts()["MAY_CONSTITUTE"] == 1  # kent-a's only


def test_remove_documents_deletes_them_and_keeps_shared_entities(store: GraphStore, make: Any) -> None:
    store.replace_graph(two_docs(make))
    assert store.remove_documents(["doc:kent-b", "doc:missing"]) == 1
    c = store.counts()
    assert c["Document"] == 1 and c["Section"] == 2 and c["MAY_CONSTITUTE"] == 1 and c["Harm"] == 3
    assert not store.run("MATCH (n) WHERE n.id STARTS WITH 'section:doc:kent-b' RETURN n.id AS id")


def test_cypher_injection_is_stored_verbatim_and_deletes_nothing(store: GraphStore, make: Any) -> None:
    g = two_docs(make, harm_name=EVIL, title_a=EVIL)
    store.replace_graph(g)
    before = store.counts()
    assert store.run("MATCH (h:Harm {id: 'harm:grooming'}) RETURN h.name AS name") == [{"name": EVIL}]
    assert store.run("MATCH (d:Document {id: 'doc:kent-a'}) RETURN d.title AS t") == [{"t": EVIL}]
    rows = store.run("MATCH (h:Harm) WHERE h.name = $name RETURN h.name AS name", {"name": EVIL})
    assert rows == [{"name": EVIL}]
    assert store.run("RETURN $p AS p", {"p": EVIL}) == [{"p": EVIL}]
    store.replace_graph(g)
    assert store.counts() == before


def test_read_only_run_refuses_writes(store: GraphStore) -> None:
    with pytest.raises(QueryError, match="read-only"):
        store.run("CREATE (:Harm {id: 'harm:x'})")
    assert store.counts()["Harm"] == 0
    store.run("CREATE (:Harm {id: 'harm:x'})", write=True)
    assert store.counts()["Harm"] == 1


def test_duplicates_are_stored_with_their_lineage(store: GraphStore, make: Any) -> None:
    from extractors.models import DuplicateGroup, GroupMember

    docs = [make.document("kent-a"), make.document("kent-a-copy", sha="b")]
    dedupe = DedupeResult(groups=[DuplicateGroup(canonical="kent-a", members=[
        GroupMember(id="kent-a-copy", relation="duplicate", similarity=0.9)])], singletons=[])
    g = build_graph(docs, dedupe, [make.tagged("kent-a")], make.taxonomy())
    store.replace_graph(g)
    store.replace_documents(g, ["doc:kent-a"])  # replacing the canonical keeps the incoming edge
    rows = store.run("MATCH (d:Document)-[r:DUPLICATE_OF]->(c:Document) "
                     "RETURN d.id AS dup, c.id AS canonical, r.similarity AS sim")
    assert rows == [{"dup": "doc:kent-a-copy", "canonical": "doc:kent-a", "sim": 0.9}]
    assert store.counts()["Section"] == 2
