"""Store selection and the parts of the stores that need no server."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import ConfigError, SchemaViolationError, StoreUnavailableError
from graph.schema import Label, Rel
from graph.stores import open_store
from graph.stores.cypher import Statement, chain, create_edges, merge_nodes
from graph.stores.embedded import EmbeddedStore, encode_param, params_header
from graph.stores.neo4j import Neo4jStore


def test_open_store_picks_the_store_and_does_no_io(tmp_path: Path) -> None:
    s = open_store("embedded", tmp_path / "data")
    assert isinstance(s, EmbeddedStore)
    assert not (tmp_path / "data").exists()  # nothing started or created before open()
    assert isinstance(open_store("bolt://localhost:7687"), Neo4jStore)
    assert isinstance(open_store("neo4j+s://example.org"), Neo4jStore)
    with pytest.raises(ConfigError, match="unknown store"):  # a user error, not a transient one
        open_store("mysql://x")


def test_neo4j_unreachable_is_store_unavailable_and_never_shows_the_password(monkeypatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw")
    with pytest.raises(StoreUnavailableError) as err:
        Neo4jStore("bolt://127.0.0.1:1").open()
    assert "s3cret-pw" not in str(err.value)
    assert "s3cret-pw" not in repr(err.value.__cause__)


def test_cypher_takes_labels_from_enums_and_values_from_parameters() -> None:
    q = merge_nodes(Label.HARM, ["category", "name"])
    assert q == ("UNWIND $rows AS row MERGE (n:Harm {id: row[0]}) "
                 "SET n = {`id`: row[0], `category`: row[1], `name`: row[2]}")
    assert "row[2]" in create_edges(Rel.MAY_CONSTITUTE, Label.HARM, Label.LAW, ["evidence"])
    with pytest.raises(SchemaViolationError):
        merge_nodes(Label.HARM, ["name`}) DETACH DELETE n //"])


def test_chain_gives_each_statement_its_own_parameter() -> None:
    q, params = chain([Statement("MATCH (s:Section) WHERE s.document_id IN $ids DETACH DELETE s", "ids", ["a"]),
                       Statement(merge_nodes(Label.HARM, []), "rows", [["harm:x"]])])
    assert "$p0" in q and "$p1" in q and "$ids" not in q and "$rows" not in q
    assert q.count("WITH count(*) AS _c") == 1 and params == {"p0": ["a"], "p1": [["harm:x"]]}


def test_parameter_header_is_json_and_falls_back_for_control_characters() -> None:
    assert params_header({"p0": [["a\"b", 1, None, True]]}) == 'CYPHER p0=[["a\\"b", 1, null, true]] '
    assert "\\u" not in encode_param(["bell\x07"])  # FalkorDB does not read \\uXXXX escapes
