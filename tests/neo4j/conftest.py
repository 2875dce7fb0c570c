"""A real Neo4j server for every test here: the one ``make test-neo4j`` starts (NEO4J_URI and
NEO4J_PASSWORD_FILE set by ``python -m graph.stores.neo4j_server env``). Without one the tests
skip; under ``SKG_REQUIRE_NEO4J=1`` a skip is a failure (tests/conftest.py).

data/raw is extracted, tagged and built ONCE per session (the library stages, as the queries'
conftest does) and the same graph is loaded into each store under test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph.stores.base import GraphStore

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"


def wipe(store: GraphStore) -> None:
    """An empty database with the schema in place (the test server is ours to empty)."""
    store.run("MATCH (n) DETACH DELETE n", write=True)
    store.ensure_schema()


@pytest.fixture(scope="session")
def neo4j_uri() -> str:
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("NEO4J_URI not set: no Neo4j server (make test-neo4j starts one)")
    return uri


@pytest.fixture(scope="session")
def neo4j(neo4j_uri: str) -> Iterator[GraphStore]:
    """The open Neo4j store (emptied by the tests that load it)."""
    from graph.stores.neo4j import Neo4jStore

    with Neo4jStore(neo4j_uri) as store:
        yield store


@pytest.fixture(scope="session")
def raw_graph() -> nx.MultiDiGraph:
    """data/raw through the library stages: discover, extract, dedupe, tag, build."""
    from extractors.dedupe.groups import dedupe
    from extractors.reading.extract import extract
    from extractors.reading.sources import discover
    from extractors.tagging.tagger import tag
    from extractors.taxonomy.load import load_taxonomy
    from graph.build import build_graph

    sources, _ = discover(RAW)
    documents = [extract(s) for s in sources]
    groups = dedupe(documents)
    taxonomy = load_taxonomy()
    canonical = set(groups.canonical_ids())
    tagged = [tag(d, taxonomy=taxonomy) for d in documents if d.id in canonical]
    return build_graph(documents, groups, tagged, taxonomy, ingested_at="2026-11-21T00:00:00Z")


@pytest.fixture(scope="session")
def embedded_raw(tmp_path_factory: pytest.TempPathFactory, raw_graph: nx.MultiDiGraph) -> Iterator[GraphStore]:
    """data/raw in a real embedded store."""
    from graph.partition import document_ids
    from graph.stores.embedded import EmbeddedStore

    with EmbeddedStore(tmp_path_factory.mktemp("embedded-raw")) as store:
        store.ensure_schema()
        store.replace_documents(raw_graph, document_ids(raw_graph))
        yield store


@pytest.fixture(scope="module")
def neo4j_raw(neo4j: GraphStore, raw_graph: nx.MultiDiGraph) -> GraphStore:
    """data/raw in the Neo4j server (reloaded for each module: other modules empty it)."""
    from graph.partition import document_ids

    wipe(neo4j)
    neo4j.replace_documents(raw_graph, document_ids(raw_graph))
    return neo4j


@pytest.fixture(scope="session")
def managed_server() -> Any:
    """The LocalNeo4j that make test-neo4j started (SKG_NEO4J_DIR), for tests that kill and
    restart it."""
    from graph.stores.neo4j_server import LocalNeo4j

    d = os.environ.get("SKG_NEO4J_DIR")
    if not d:
        pytest.skip("SKG_NEO4J_DIR not set: the Neo4j server is not one this run may restart")
    return LocalNeo4j(Path(d), int(os.environ.get("SKG_NEO4J_BOLT_PORT") or 7687),
                      int(os.environ.get("SKG_NEO4J_HTTP_PORT") or 7474))
