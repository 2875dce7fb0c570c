"""A replace on Neo4j is one transaction per batch of whole documents: SIGKILL the writer
process while one of its transactions is open, then crash and restart the server (recovery from
the transaction log), and every document is wholly the old version or wholly the new one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from typing import Any

import pytest

from graph.stores.base import GraphStore
from graph.testing import synthetic_graph

N_DOCS, SECTIONS = 400, 10
TX_ROWS = 2_000  # ~45 documents per transaction: about ten transactions in the replace
WRITER = textwrap.dedent(f"""
    import os
    from graph.stores.neo4j import Neo4jStore
    from graph.testing import synthetic_graph
    g = synthetic_graph({N_DOCS}, {SECTIONS}, version=2)
    with Neo4jStore(os.environ["NEO4J_URI"]) as store:
        store.batch_rows = {TX_ROWS}
        print("writing", flush=True)
        store.replace_graph(g)
    print("done", flush=True)
""")

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def versions(store: GraphStore) -> dict[str, set[str]]:
    """Per document, every version seen on its node, sections, mentions and links."""
    seen: dict[str, set[str]] = {}
    queries = [
        "MATCH (d:Document) RETURN d.id AS d, d.version AS v",
        "MATCH (s:Section) RETURN s.document_id AS d, s.version AS v",
        "MATCH (s:Section)-[m:MENTIONS]->() RETURN s.document_id AS d, m.version AS v",
        "MATCH ()-[l:MAY_CONSTITUTE|REPORTED_VIA]->() RETURN l.document_id AS d, l.version AS v",
    ]
    for q in queries:
        for r in store.run(q):
            seen.setdefault(r["d"], set()).add(r["v"])
    return seen


def open_write_transactions(store: GraphStore) -> list[dict[str, Any]]:
    rows = store.run("SHOW TRANSACTIONS YIELD transactionId, currentQuery, status, username "
                     "RETURN transactionId, currentQuery, status")
    return [r for r in rows if "UNWIND" in (r["currentQuery"] or "")]


def test_sigkill_of_the_writer_mid_replace_then_a_server_crash_leaves_every_document_old_or_new(
    neo4j: GraphStore, managed_server: Any
) -> None:
    from graph.stores import neo4j_server

    neo4j.run("MATCH (n) DETACH DELETE n", write=True)
    neo4j.ensure_schema()
    neo4j.replace_graph(synthetic_graph(N_DOCS, SECTIONS, version=1))
    expected_counts = neo4j.counts()
    writer = subprocess.Popen([sys.executable, "-c", WRITER], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": os.getcwd()})
    in_tx: list[dict[str, Any]] = []
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and writer.poll() is None:
            done = neo4j.run("MATCH (d:Document {version: '2'}) RETURN count(d) AS n")[0]["n"]
            in_tx = open_write_transactions(neo4j)
            if done >= N_DOCS // 5 and in_tx:  # some batches committed, one open right now
                break
            time.sleep(0.01)
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(30)
    assert in_tx, "the writer should have been killed inside a transaction"
    assert writer.returncode == -signal.SIGKILL

    neo4j.close()
    neo4j_server.stop(managed_server, kill=True)  # and the server crashes too
    neo4j_server.start(managed_server)
    neo4j.open()

    seen = versions(neo4j)
    assert len(seen) == N_DOCS
    mixed = {d: v for d, v in seen.items() if len(v) != 1}
    assert not mixed, f"{len(mixed)} documents are part old, part new"
    new = sum(v == {"2"} for v in seen.values())
    assert 0 < new < N_DOCS, "the kill should have landed mid-replace"
    assert neo4j.counts() == expected_counts  # no document lost or doubled a part
    sizes = neo4j.run("MATCH (d:Document)-[:HAS_SECTION]->(s:Section) RETURN d.id AS d, count(s) AS n")
    assert {r["n"] for r in sizes} == {SECTIONS}
    print(f"\nkill test: {new} of {N_DOCS} documents new, {N_DOCS - new} old, none mixed; "
          f"{len(in_tx)} write transaction(s) open at the kill")


def test_uniqueness_constraints_are_created_once_and_enforced(neo4j: GraphStore) -> None:
    from extractors.errors import QueryError
    from graph.schema import Label

    neo4j.ensure_schema()
    before = neo4j.run("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
                       "RETURN name, type, labelsOrTypes, properties")
    neo4j.ensure_schema()
    after = neo4j.run("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
                      "RETURN name, type, labelsOrTypes, properties")
    assert sorted(map(repr, before)) == sorted(map(repr, after))
    unique = {(r["labelsOrTypes"][0], tuple(r["properties"])) for r in after if "UNIQUE" in r["type"]}
    assert unique == {(label.value, ("id",)) for label in Label}
    neo4j.run("MATCH (n) DETACH DELETE n", write=True)
    neo4j.run("CREATE (:Harm {id: 'harm:dup'})", write=True)
    try:
        with pytest.raises(QueryError):
            neo4j.run("CREATE (:Harm {id: 'harm:dup'})", write=True)
    finally:
        neo4j.run("MATCH (n) DETACH DELETE n", write=True)



def test_a_failed_start_says_why_with_the_logs_last_lines(managed_server: Any, tmp_path: Any) -> None:
    """A JVM that cannot start (a heap larger than the machine) fails start() with the tail of its
    logs and leaves no process behind; ports another server holds are refused up front."""
    from graph.stores import neo4j_server
    from pipeline.devserver import free_port

    # a heap larger than the machine: the JVM cannot reserve it and exits at once
    bad = neo4j_server.LocalNeo4j(tmp_path / "bad", free_port(), free_port(), heap="99999g")
    with pytest.raises(neo4j_server.Neo4jServerError) as e:
        neo4j_server.start(bad, timeout=240)
    message = str(e.value)
    assert "exited" in message and "console.log (last" in message
    assert "heap" in message.lower()
    assert neo4j_server.running_pid(bad) is None
    clash = neo4j_server.LocalNeo4j(tmp_path / "clash", managed_server.bolt_port, managed_server.http_port)
    with pytest.raises(neo4j_server.Neo4jServerError, match="taken by another process"):
        neo4j_server.start(clash)
