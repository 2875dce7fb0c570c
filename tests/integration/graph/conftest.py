"""A real embedded FalkorDB store for the whole session (and Neo4j when NEO4J_URI is set).

The graph inputs come from the unit tests' builders (tests/unit/graph/conftest.py), loaded by
path because conftest modules are not importable by name under --import-mode=importlib.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore

_UNIT = Path(__file__).resolve().parents[2] / "unit" / "graph" / "conftest.py"


def _load_inputs() -> Any:
    name = "skg_graph_test_inputs"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, _UNIT)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def make() -> Any:
    """make.document(...), make.tagged(...), make.taxonomy(...) (see the unit conftest)."""
    return _load_inputs().Factory


@pytest.fixture(scope="session")
def embedded_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """One real FalkorDB server for the session, in a temp dir; stopped at the end."""
    store = EmbeddedStore(tmp_path_factory.mktemp("store"))
    store.open()
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="session")
def neo4j_store() -> Iterator[GraphStore]:
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("NEO4J_URI not set: no Neo4j server on this machine (make test-neo4j starts one)")
    from graph.stores.neo4j import Neo4jStore

    store = Neo4jStore(os.environ["NEO4J_URI"])
    store.open()
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """An empty store with the schema in place, for each store kind available."""
    s: GraphStore = request.getfixturevalue(f"{request.param}_store")
    s.run("MATCH (n) DETACH DELETE n", write=True)
    s.ensure_schema()
    return s
