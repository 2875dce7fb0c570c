"""``GraphStore.read``, the analyst's read, on every store available (Neo4j when NEO4J_URI is
set): columns and rows, the row cap, read-only, and the time limit."""

from __future__ import annotations

import pytest

from extractors.errors import QueryError
from graph.stores.base import GraphStore
from graph.testing import synthetic_graph

pytestmark = pytest.mark.slow


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    store.replace_graph(synthetic_graph(n_docs=20, sections=5))
    return store


def test_read_returns_columns_and_rows_in_order(loaded: GraphStore) -> None:
    res = loaded.read("MATCH (d:Document) RETURN d.id AS id, d.version AS v ORDER BY id LIMIT 3")
    assert res.columns == ["id", "v"] and not res.truncated
    assert res.rows == [[f"doc:synthetic-{i:05d}", "1"] for i in range(3)]
    assert res.records()[0] == {"id": "doc:synthetic-00000", "v": "1"}


def test_read_keeps_max_rows_and_says_more_matched(loaded: GraphStore) -> None:
    res = loaded.read("MATCH (d:Document) RETURN d.id AS id", max_rows=7)
    assert len(res.rows) == 7 and res.truncated
    exact = loaded.read("MATCH (d:Document) RETURN d.id AS id", max_rows=20)
    assert len(exact.rows) == 20 and not exact.truncated


def test_read_refuses_a_write_even_past_the_door(loaded: GraphStore) -> None:
    before = loaded.counts()
    with pytest.raises(QueryError, match="read-only"):
        loaded.read("CREATE (:Harm {id: 'harm:injected'})")
    assert loaded.counts() == before


def test_read_stops_at_the_time_limit(loaded: GraphStore) -> None:
    with pytest.raises(QueryError, match="time limit"):
        # a filter the planner cannot answer from its count store (Neo4j counts a bare product)
        loaded.read("MATCH (a), (b), (c) WHERE a.id < b.id AND b.id < c.id RETURN count(*)", timeout=0.5)
