"""Write-or-crash attempts on the query door (`skg cypher`, `skg query`), against one real
embedded store that must still be up (same server pid) and unchanged after every attempt.

The census compares node and relationship counts, the number of properties on each, the labels,
relationship types, indexes and constraints, marker nodes the attempts try to create, and the
snapshot's generation and bytes.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graph.stores import server
from graph.stores.embedded import EmbeddedStore
from graph.testing import synthetic_graph

pytestmark = pytest.mark.slow

CAPTION = "[/caption] A child using a tablet [bold red]online[/]"


@pytest.fixture(scope="module")
def door(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A persistent server (as `skg db start` leaves one) holding a synthetic graph."""
    data_dir = tmp_path_factory.mktemp("door")
    store = EmbeddedStore(data_dir, persistent=True).open()
    store.ensure_schema()
    store.replace_graph(synthetic_graph(n_docs=30, sections=10))
    store.run("MATCH (d:Document {id: 'doc:synthetic-00000'}) SET d.title = $t", {"t": CAPTION}, write=True)
    store.snapshot()
    info = store.info
    store.close()  # persistent: the server keeps running for the CLI calls to join
    assert info is not None
    try:
        yield {"data_dir": data_dir, "pid": info.pid}
    finally:
        running = server.running(data_dir / "graph")
        if running:
            server.stop(data_dir / "graph", running)


def census(data_dir: Path) -> dict[str, Any]:
    graph_dir = data_dir / "graph"
    with EmbeddedStore(data_dir) as s:
        one = lambda q: s.run(q)[0]  # noqa: E731
        out = {
            "nodes": one("MATCH (n) RETURN count(n) AS n, sum(size(keys(n))) AS p"),
            "rels": one("MATCH ()-[r]->() RETURN count(r) AS n, sum(size(keys(r))) AS p"),
            "labels": sorted(r["label"] for r in s.run("CALL db.labels() YIELD label RETURN label")),
            "types": sorted(r["t"] for r in s.run("CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t")),
            "indexes": s.run("CALL db.indexes() YIELD label, properties RETURN count(*) AS n")[0]["n"],
            "constraints": s.run("CALL db.constraints() YIELD label RETURN count(*) AS n")[0]["n"],
            "markers": one("MATCH (n) WHERE n.pwned IS NOT NULL OR n:X OR n:T OR n:Probe RETURN count(n) AS n"),
            "title": one("MATCH (d:Document {id: 'doc:synthetic-00000'}) RETURN d.title AS t")["t"],
        }
    gen = graph_dir / "graph.gen"
    out["generation"] = gen.read_text() if gen.exists() else None
    out["rdb"] = hashlib.sha256((graph_dir / "graph.rdb").read_bytes()).hexdigest()
    return out


def cli(data_dir: Path, *args: str, columns: int = 80) -> Any:
    from pipeline.cli import app

    return CliRunner().invoke(app, [*args, "--data-dir", str(data_dir)], env={"COLUMNS": str(columns)})


# Writes in every disguise: each must be refused (exit 1, one Error line) and change nothing.
WRITES = [
    "create (n:X {pwned: 1}) return n",
    "CrEaTe (n:X {pwned: 1})",
    "MATCH (n:Harm) /* x */ CREATE (m:X {pwned:1}) RETURN m",
    "CRE/**/ATE (n:X {pwned:1})",
    "MATCH (n) RETURN count(n); CREATE (m:X {pwned:1})",
    "MATCH (n) RETURN 1;; CREATE (:X)",
    "CR\u0395ATE (n:X {pwned:1})",  # Greek capital epsilon
    "\uff23\uff32\uff25\uff21\uff34\uff25 (n:X {pwned:1})",  # full-width CREATE
    "MERGE (n:Harm {id:'harm:pwned', pwned: 1}) RETURN n",
    "MATCH (n:Harm) FOREACH (x IN [1] | SET n.pwned = 1)",
    "MATCH (n:Harm) SET n += {pwned:1}",
    "MATCH (n:Harm) WITH n LIMIT 1 SET n.pwned = 1 RETURN n",
    "MATCH (n:Harm) REMOVE n.id",
    "MATCH (n:Harm) DETACH DELETE n",
    "MATCH (n)\nDELETE\nn",
    "UNWIND [1,2] AS x CREATE (:T {x:x, pwned:1})",
    "CALL { CREATE (n:X {pwned:1}) } RETURN 1",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "load csv with headers from 'file:///etc/passwd' AS row RETURN row",
    "DROP INDEX ON :Harm(id)",
    "CREATE INDEX FOR (n:X) ON (n.a)",
    "CALL db.idx.fulltext.createNodeIndex('Harm','name')",
    "CALL `db.idx.fulltext.createNodeIndex`('Harm','name')",
    "CALL db.`idx`.fulltext.drop('Section')",
    "CALL db .idx.fulltext.createNodeIndex('Harm','name')",
    "CALL db/**/.idx.fulltext.createNodeIndex('Harm','name')",
    "CALL db//c\n.idx.fulltext.drop('Section')",
    "CALL db.idx.fulltext.drop",
    "CALL db.idx.vector.createNodeIndex('X','v',2,'euclidean')",
    "CALL algo.pageRank('Harm', null) YIELD node RETURN node",
    "CALL dbms.killQueries(['1'])",
    "MATCH (n:Harm) WHERE n.name = 'a\\\\' CREATE (m:X {pwned:1}) RETURN n",
    "MATCH (n) RETURN n /* unterminated CREATE (:X)",
    "RETURN 'unterminated",
    "MATCH (n:`Harm`) SET n.`pwned` = 1",
    "GRAPH.DELETE skg",
    "MATCH (a:Harm),(b:Harm) WITH a,b LIMIT 1 CREATE (a)-[:PWN]->(b)",
    "OPTIONAL MATCH (n) WITH n LIMIT 1 MERGE (:X)",
    "CALL db.labels() YIELD label CREATE (:X {l: label})",
    "CALL db.idx.fulltext.queryNodes('Section', 'x') YIELD node SET node.pwned = 1",
    "CALL `db.labels`() YIELD label MERGE (:X {l: label})",
    "MATCH (d:Document) SET d.title = 'changed'",
]

# Reads that crashed or could stall the server: they may answer or be refused, never hurt it.
CRASHES = [
    ("CALL db/**/.labels()", ()),  # aborted FalkorDB 4.16.3 (SIGABRT) before the door stripped comments
    ("CALL db /* c */ .labels()", ()),
    ("CALL db//c\n.labels()", ()),
    ("MATCH (n:Harm) WHERE n.name = 'a\\' CREATE (m:X {pwned:1}) //' RETURN n", ()),  # escape desync
    ("CALL db.idx.fulltext.queryNodes('Section', '*') YIELD node RETURN count(node) AS n", ()),
    ("CALL db.idx.fulltext.queryNodes('Section', '@x:(((') YIELD node RETURN count(node) AS n", ()),
    ("CALL db.idx.fulltext.queryNodes('NoSuchLabel', 'x') YIELD node RETURN node", ()),
    ("MATCH (a),(b),(c) RETURN count(*)", ("--timeout", "1")),
    ("MATCH p=(a)-[*1..30]->(b) RETURN count(p)", ("--timeout", "1")),
    ("UNWIND range(1, 1000000000) AS x RETURN count(x)", ("--timeout", "2")),
]


@pytest.mark.parametrize("cypher", WRITES)
def test_a_write_attempt_is_refused_and_the_store_is_unchanged(door: dict[str, Any], cypher: str) -> None:
    before = census(door["data_dir"])
    result = cli(door["data_dir"], "cypher", cypher)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error:") and "Traceback" not in result.output
    assert server.pid_is_server(door["pid"]), "the server died"
    assert census(door["data_dir"]) == before


@pytest.mark.parametrize(("cypher", "options"), CRASHES)
def test_a_crash_attempt_leaves_the_server_up_and_unchanged(
    door: dict[str, Any], cypher: str, options: tuple[str, ...]
) -> None:
    before = census(door["data_dir"])
    started = time.monotonic()
    result = cli(door["data_dir"], "cypher", cypher, *options)
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    assert time.monotonic() - started < 15
    info = server.running(door["data_dir"] / "graph")
    assert info is not None and info.pid == door["pid"], "the server died or was replaced"
    assert census(door["data_dir"]) == before


def test_a_comment_inside_a_procedure_name_answers_instead_of_aborting_the_server(door: dict[str, Any]) -> None:
    result = cli(door["data_dir"], "cypher", "CALL db/**/.labels()", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "Document" in result.output
    assert server.pid_is_server(door["pid"])


def test_a_runaway_read_stops_at_the_time_limit(door: dict[str, Any]) -> None:
    started = time.monotonic()
    result = cli(door["data_dir"], "cypher", "MATCH (a),(b),(c) RETURN count(*)", "--timeout", "1")
    assert result.exit_code == 1
    assert "1 s time limit" in result.output and "--timeout" in result.output
    assert time.monotonic() - started < 10  # the limit, plus a loaded machine's start-up


def test_the_row_cap_is_applied_and_said(door: dict[str, Any]) -> None:
    result = cli(door["data_dir"], "cypher", "MATCH (n:Harm) RETURN n.id AS id", "--max-rows", "5", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "id" and len(result.stdout.splitlines()) == 6
    assert "more than 5 rows" in result.stderr and "--max-rows" in result.stderr
    named = cli(door["data_dir"], "query", "documents", "--max-rows", "3", "-f", "json")
    assert named.exit_code == 0 and "more than 3 rows" in named.stderr


def test_markup_in_cells_and_values_is_printed_as_text(door: dict[str, Any]) -> None:
    result = cli(door["data_dir"], "cypher", "RETURN '[/x]' AS a, '[bold red]b[/]' AS b")
    assert result.exit_code == 0, result.output
    assert "[/x]" in result.output and "[bold red]b[/]" in result.output
    title = cli(door["data_dir"], "cypher", "MATCH (d:Document {id: 'doc:synthetic-00000'}) RETURN d.title AS t")
    assert title.exit_code == 0 and CAPTION in title.output, title.output
    named = cli(door["data_dir"], "query", "documents", columns=400)
    assert named.exit_code == 0 and "Traceback" not in named.output, named.output
    assert CAPTION in named.output


def test_an_uninterruptible_read_on_a_server_of_its_own_ends_with_the_command(tmp_path: Path) -> None:
    """FalkorDB checks its time limit between records, not inside one expression: a quadratic
    reduce runs on. The client gives up shortly after the limit, and the command, the server's
    only user, stops the server: nothing keeps computing and the graph is unchanged."""
    with EmbeddedStore(tmp_path) as s:
        s.ensure_schema()
        s.replace_graph(synthetic_graph(n_docs=3, sections=2))
    before = census(tmp_path)
    started = time.monotonic()
    result = cli(tmp_path, "cypher", "--timeout", "1",
                 "RETURN size(reduce(s = '', x IN range(1, 1000000) | s + 'aaaaaaaaaa')) AS n")
    assert result.exit_code == 1 and "time limit" in result.output, result.output
    assert time.monotonic() - started < 1 + 3 + 10
    assert not server.server_alive(tmp_path / "graph")
    assert census(tmp_path) == before


def test_a_runaway_read_blocks_a_write_no_longer_than_its_time_limit(tmp_path: Path) -> None:
    from queries.run import read_cypher

    store = EmbeddedStore(tmp_path).open()
    try:
        store.ensure_schema()
        store.replace_graph(synthetic_graph(n_docs=30, sections=10))
        errors: list[BaseException] = []

        def runaway() -> None:
            try:
                read_cypher(store, "MATCH (a),(b),(c) RETURN count(*)", timeout=1.5)
            except BaseException as e:  # noqa: BLE001 - checked below
                errors.append(e)

        reader = threading.Thread(target=runaway)
        reader.start()
        time.sleep(0.3)
        with EmbeddedStore(tmp_path) as writer:  # an ingest joining the same server
            started = time.monotonic()
            writer.run("CREATE (:Probe {x: 1})", write=True)
            waited = time.monotonic() - started
        reader.join(30)
        assert not reader.is_alive()
        assert errors and "time limit" in str(errors[0])
        assert waited < 1.5 + 2.0, f"the write waited {waited:.1f} s"
    finally:
        store.close()
