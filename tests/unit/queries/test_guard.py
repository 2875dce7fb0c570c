"""The query door: the text it checks is the text it sends, comments never reach the store, and
only the listed read procedures pass, however their names are written."""

from __future__ import annotations

import pytest

from extractors.errors import QueryError
from queries.guard import READ_PROCEDURE_NAMES, checked_query, procedure_name


@pytest.mark.parametrize(("cypher", "sent"), [
    ("CALL db/**/.labels()", "CALL db .labels()"),  # aborted FalkorDB 4.16.3 when sent as written
    ("CALL db // c\n.labels()", "CALL db  \n.labels()"),
    ("MATCH (n) /* a */ RETURN n // b", "MATCH (n)   RETURN n"),
    ("MATCH (n) RETURN n;", "MATCH (n) RETURN n"),
    ("  RETURN 'a /* not a comment */ ; // b'  ", "RETURN 'a /* not a comment */ ; // b'"),
    ("MATCH (n:`a/*b`) RETURN n", "MATCH (n:`a/*b`) RETURN n"),
])
def test_the_checked_text_is_sent_without_comments(cypher: str, sent: str) -> None:
    assert checked_query(cypher) == sent
    assert checked_query(sent) == sent  # checking what is sent changes nothing more


@pytest.mark.parametrize("written", [
    "db.labels", "DB.LABELS", "db .labels", "db. labels", "db\n.labels", "`db`.`labels`", "`db.labels`",
    "db/**/.labels", "db /* x */ . /* y */ labels",
])
def test_a_read_procedure_passes_however_its_name_is_written(written: str) -> None:
    text = checked_query(f"CALL {written}() YIELD label RETURN label")
    assert "/*" not in text


@pytest.mark.parametrize("written", [
    "db.idx.fulltext.createNodeIndex", "`db.idx.fulltext.createNodeIndex`", "db.`idx`.fulltext.drop",
    "db .idx.fulltext.drop", "db/**/.idx.fulltext.drop", "`db`.`idx`.`fulltext`.`drop`", "dbms.killQueries",
    "apoc.create.node", "algo.pageRank", "db.idx.vector.createNodeIndex", "`db.labels`.x",
])
def test_any_other_procedure_is_refused_with_its_normalised_name(written: str) -> None:
    for form in (f"CALL {written}('a', 'b')", f"CALL {written}"):
        with pytest.raises(QueryError, match="refused: CALL .* is not one of the procedures") as e:
            checked_query(form)
        assert "read-only" in str(e.value)


def test_procedure_names_are_normalised_to_one_form() -> None:
    text = "CALL `db`.`idx`.  fulltext .queryNodes('S', 'x')"
    assert procedure_name(text, len("CALL")) == ("db.idx.fulltext.queryNodes", text.index("("))
    assert procedure_name("CALL 'x'", 4) is None
    assert "db.idx.fulltext.queryNodes" in READ_PROCEDURE_NAMES


@pytest.mark.parametrize(("cypher", "reason"), [
    ("MATCH (n) RETURN n; MATCH (m) RETURN m", "more than one statement"),
    ("RETURN 1;;", "more than one statement"),
    ("CR\u0395ATE (n)", r"U\+0395"),
    ("MATCH (n) RETURN n /* open", "unterminated /\\* comment"),
    ("RETURN 'open", "unterminated string"),
    ("MATCH (n:`open) RETURN n", "unterminated backtick"),
    ("RETURN 'a\\' CREATE (x) //'", None),  # one string: FalkorDB reads the escape the same way
    ("RETURN 'a\\\\' CREATE (x) RETURN 1", "CREATE"),
    ("CALL 'x'", "must be followed by a procedure name"),
    ("CALL { MATCH (n) RETURN n } RETURN 1", None),
    ("CALL { CREATE (n) } RETURN 1", "CREATE"),
    ("MATCH (start:Harm)-[r]->(end) RETURN start, end", None),
    ("MATCH (n) RETURN n.create, n.set, $delete, n:`MERGE`", None),
    ("STOP DATABASE neo4j", "STOP DATABASE"),
    ("ENABLE SERVER 'x'", "ENABLE SERVER"),
    ("load csv from 'file:///etc/passwd' as r return r", "LOAD CSV"),
])
def test_the_door_refuses_or_passes_with_a_reason(cypher: str, reason: str | None) -> None:
    if reason is None:
        checked_query(cypher)
        return
    with pytest.raises(QueryError, match=reason):
        checked_query(cypher)


class _Recorder:
    """A store that records what reaches it (the door, not the store, is under test here)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, object], float, int]] = []

    def read(self, query: str, params: dict | None = None, *, timeout: float = 10.0, max_rows: int = 10_000):
        from graph.stores.base import ReadResult

        self.sent.append((query, params or {}, timeout, max_rows))
        return ReadResult(["x"], [[1]])


def test_read_cypher_sends_exactly_the_checked_text_with_the_limits() -> None:
    from queries.run import read_cypher

    store = _Recorder()
    read_cypher(store, "CALL db/**/.labels() // list them", {"a": 1}, timeout=2.5, max_rows=7)
    assert store.sent == [("CALL db .labels()", {"a": 1}, 2.5, 7)]
    with pytest.raises(QueryError, match="refused"):
        read_cypher(store, "MATCH (n) SET n.x = 1")
    assert len(store.sent) == 1  # a refused query never reaches the store
