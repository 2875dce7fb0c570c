"""The typed reads the pipeline makes (stored documents, what documents mention, their stored
properties) and a refused write, against every available store."""

from __future__ import annotations

from typing import Any

import pytest

from extractors.errors import StoreWriteError
from extractors.models import DedupeResult, DuplicateGroup, GroupMember
from graph.build import build_graph
from graph.stores.base import EntityRef, GraphStore, StoredDocument

pytestmark = pytest.mark.slow


def _corpus(make: Any) -> Any:
    docs = [make.document("kent-a", sha="a"), make.document("kent-a-copy", sha="c"),
            make.document("kent-b", texts=("Grooming harms children.", "Report to CEOP."), sha="b")]
    groups = [DuplicateGroup(canonical="kent-a", members=[GroupMember(id="kent-a-copy", relation="duplicate",
                                                                      similarity=0.95)])]
    return build_graph(docs, DedupeResult(groups=groups, singletons=["kent-b"]),
                       [make.tagged("kent-a"), make.tagged("kent-b")], make.taxonomy())


def test_stored_documents_are_keyed_by_source_id_with_their_canonical(store: GraphStore, make: Any) -> None:
    g = _corpus(make)
    for did in ("doc:kent-a", "doc:kent-a-copy", "doc:kent-b"):
        g.nodes[did]["version"] = "v1"
    store.replace_graph(g)
    stored = store.stored_documents()
    assert stored == {
        "kent-a": StoredDocument("kent-a", "a" * 64, "v1", "data/raw/kent-a.pdf", None),
        "kent-a-copy": StoredDocument("kent-a-copy", "c" * 64, "v1", "data/raw/kent-a-copy.pdf", "kent-a"),
        "kent-b": StoredDocument("kent-b", "b" * 64, "v1", "data/raw/kent-b.pdf", None),
    }


def test_a_revision_is_stored_with_its_canonical_whichever_way_supersedes_points(store: GraphStore,
                                                                                   make: Any) -> None:
    docs = [make.document("kent-a", sha="a"), make.document("kent-a-rev", sha="c")]
    groups = [DuplicateGroup(canonical="kent-a", members=[GroupMember(id="kent-a-rev", relation="revision",
                                                                      similarity=0.6)])]
    g = build_graph(docs, DedupeResult(groups=groups, singletons=[]), [make.tagged("kent-a")], make.taxonomy())
    # no published years: the canonical supersedes the member (the edge points away from it)
    assert g.has_edge("doc:kent-a", "doc:kent-a-rev")
    store.replace_graph(g)
    stored = store.stored_documents()
    assert (stored["kent-a"].duplicate_of, stored["kent-a-rev"].duplicate_of) == (None, "kent-a")


def test_document_entities_and_properties_read_back_what_was_written(store: GraphStore, make: Any) -> None:
    store.replace_graph(_corpus(make))
    entities = store.document_entities(["doc:kent-a", "doc:kent-a-copy", "doc:unknown"])
    assert entities == {
        "doc:kent-a": {"harm:grooming": EntityRef("Harm", "Grooming"), "agency:ceop": EntityRef("Agency", "CEOP")},
        "doc:kent-a-copy": {},  # a copy is not tagged
        "doc:unknown": {},
    }
    props = store.document_properties(["doc:kent-b", "doc:unknown"])
    assert list(props) == ["doc:kent-b"]
    assert props["doc:kent-b"]["sha256"] == "b" * 64 and props["doc:kent-b"]["title"] == "Online safety"
    assert store.document_properties([]) == {} and store.document_entities([]) == {}


def test_a_refused_write_is_a_store_write_error_and_the_stored_edition_survives(
        store: GraphStore, make: Any) -> None:
    store.replace_graph(_corpus(make))
    before = store.run("MATCH (s:Section) WHERE s.document_id = 'doc:kent-b' RETURN s.text AS t")
    bad = _corpus(make)
    bad.nodes["doc:kent-b"]["review"] = {"nested": "maps are not property values"}
    with pytest.raises(StoreWriteError):
        store.replace_documents(bad, ["doc:kent-b"])
    assert store.run("MATCH (s:Section) WHERE s.document_id = 'doc:kent-b' RETURN s.text AS t") == before
    assert "review" not in store.document_properties(["doc:kent-b"])["doc:kent-b"]
