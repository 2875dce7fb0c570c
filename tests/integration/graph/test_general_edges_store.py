"""GIVES_ROUTE and CLAIMS_OFFENCE in a real store: loaded, and replaced with their document."""

from __future__ import annotations

from typing import Any

import pytest

from extractors.models import DedupeResult, GeneralRoute, OffenceClaim
from graph.build import build_graph
from graph.stores.base import GraphStore

pytestmark = pytest.mark.slow


def _graph(make: Any, routes: list[GeneralRoute], claims: list[OffenceClaim]) -> Any:
    docs = [make.document("kent-a"), make.document("kent-b", sha="b")]
    tagged = [make.tagged("kent-a").model_copy(update={"general_routes": routes,
                                                       "offence_claims": claims}),
              make.tagged("kent-b").model_copy(update={"general_routes": [
                  GeneralRoute(target_id="agency:ceop", evidence="b", section=1, method="section")]})]
    return build_graph(docs, DedupeResult(groups=[], singletons=["kent-a", "kent-b"]), tagged,
                       make.taxonomy())


def _rows(store: GraphStore) -> tuple[list[Any], list[Any]]:
    routes = store.run("MATCH (d:Document)-[g:GIVES_ROUTE]->(t) RETURN d.id AS d, t.id AS t, "
                       "g.evidence AS e ORDER BY d, t")
    claims = store.run("MATCH (s:Section)-[c:CLAIMS_OFFENCE]->(h) RETURN c.document_id AS d, "
                       "h.id AS h, c.evidence AS e ORDER BY d, h")
    return [tuple(r.values()) for r in routes], [tuple(r.values()) for r in claims]


def test_a_replaced_document_keeps_only_its_new_general_routes_and_claims(store: GraphStore,
                                                                          make: Any) -> None:
    old = _graph(make, [GeneralRoute(target_id="agency:childline", evidence="old", section=1,
                                     method="sentence")],
                 [OffenceClaim(harm_id="harm:grooming", evidence="old claim", section=0, start=0, end=3)])
    store.replace_graph(old)
    assert _rows(store) == ([("doc:kent-a", "agency:childline", "old"), ("doc:kent-b", "agency:ceop", "b")],
                            [("doc:kent-a", "harm:grooming", "old claim")])
    new = _graph(make, [GeneralRoute(target_id="agency:ceop", evidence="new", section=1,
                                     method="section")], [])
    store.replace_documents(new, ["doc:kent-a"])
    assert _rows(store) == ([("doc:kent-a", "agency:ceop", "new"), ("doc:kent-b", "agency:ceop", "b")], [])
    store.replace_documents(new, ["doc:kent-a"])  # idempotent
    assert _rows(store)[0] == [("doc:kent-a", "agency:ceop", "new"), ("doc:kent-b", "agency:ceop", "b")]
