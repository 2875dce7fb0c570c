"""End-to-end on Neo4j: ``skg ingest data/raw --store neo4j://…`` as a real process (real
Prefect runs), then every named query and ``skg cypher`` through the CLI against it.

The password travels as the user's NEO4J_PASSWORD; no output, log, report or Prefect file the
run leaves behind contains it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graph.stores.base import GraphStore
from queries.browser.guide import SAMPLE_PARAMS
from queries.catalog import list_queries

ROOT = Path(__file__).resolve().parents[2]
SKG = str(Path(sys.executable).with_name("skg"))

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def _password() -> str:
    from graph.stores.settings import Neo4jSettings

    return Neo4jSettings().secret()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, neo4j: GraphStore) -> dict[str, Any]:
    """data/raw ingested into an emptied Neo4j by ``skg ingest`` in a subprocess, twice."""
    tmp = tmp_path_factory.mktemp("neo4j-ingest")
    shutil.copytree(ROOT / "data" / "raw", tmp / "raw")
    neo4j.run("MATCH (n) DETACH DELETE n", write=True)
    uri = os.environ["NEO4J_URI"].replace("bolt://", "neo4j://")  # the routing scheme, too
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "SKG_STORE", "PREFECT_"))}
    env.update(NEO4J_USERNAME="neo4j", NEO4J_PASSWORD=_password(), SKG_STORE=uri,
               PREFECT_HOME=str(tmp / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    runs = []
    for _ in range(2):
        runs.append(subprocess.run([SKG, "ingest", str(tmp / "raw"), "--data-dir", str(tmp / "data"),
                                    "--store", uri, "--json"], env=env, capture_output=True, text=True,
                                   timeout=600, cwd=tmp))
    return {"tmp": tmp, "env": env, "uri": uri, "runs": runs}


def skg(ws: dict[str, Any], *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in this process (a subprocess costs seconds of imports per call)."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    env = {k: ws["env"].get(k) for k in ("NEO4J_USERNAME", "NEO4J_PASSWORD", "SKG_STORE")}
    r = CliRunner().invoke(app, [*args, "--store", ws["uri"]], env={**env, "NEO4J_PASSWORD_FILE": None})
    return subprocess.CompletedProcess(args, r.exit_code, r.stdout, r.stderr)


def test_ingest_into_neo4j_loads_the_seeds_and_a_second_run_changes_nothing(workspace, neo4j) -> None:
    first, second = workspace["runs"]
    assert first.returncode == 0, first.stderr[-3000:]
    report = json.loads(first.stdout)
    assert sorted(d["status"] for d in report["documents"]) == ["duplicate", "new", "new", "new", "new"]
    assert neo4j.run("MATCH (d:Document) RETURN count(d) AS n")[0]["n"] == 5
    links = neo4j.run("MATCH (:Harm)-[l:MAY_CONSTITUTE|REPORTED_VIA]->() RETURN count(l) AS n")[0]["n"]
    assert links > 0 and report["counts"]["links_written"] == links
    assert second.returncode == 0, second.stderr[-3000:]
    assert {d["status"] for d in json.loads(second.stdout)["documents"]} == {"unchanged"}


def test_forced_reingest_into_neo4j_is_idempotent(workspace, neo4j) -> None:
    before = neo4j.counts()
    env, tmp, uri = workspace["env"], workspace["tmp"], workspace["uri"]
    done = subprocess.run([SKG, "ingest", str(tmp / "raw"), "--data-dir", str(tmp / "data"), "--store", uri,
                           "--force", "--json"], env=env, capture_output=True, text=True, timeout=600, cwd=tmp)
    assert done.returncode == 0, done.stderr[-3000:]
    assert neo4j.counts() == before


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_named_query_runs_on_neo4j_through_the_cli(workspace, query) -> None:
    params = [a for p in query.params if p.required for a in ("--param", f"{p.name}={SAMPLE_PARAMS[p.name]}")]
    done = skg(workspace, "query", query.name, *params, "--format", "json")
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads(done.stdout)
    if query.name != "jurisdiction-mismatch":
        assert rows, f"{query.name} returned no rows on Neo4j"


@pytest.mark.parametrize("cypher", [
    "MATCH (n) DETACH DELETE n",
    "CREATE (:Harm {id: 'harm:x', name: 'x'})",
    "MATCH (h:Harm {id: 'harm:grooming'}) SET h.name = 'changed'",
    "MERGE (:Region {id: 'region:nowhere'})",
    "CALL db.index.fulltext.drop('section_text')",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
])
def test_skg_cypher_refuses_writes_on_neo4j(workspace, neo4j, cypher) -> None:
    before = neo4j.counts()
    done = skg(workspace, "cypher", cypher)
    assert done.returncode == 1
    assert "refused" in done.stdout + done.stderr and "Traceback" not in done.stdout + done.stderr
    assert neo4j.counts() == before


@pytest.mark.parametrize("cypher", [
    "CREATE (:Harm {id: 'harm:x'})",
    "MATCH (h:Harm) SET h.name = 'changed'",
    "MATCH (n) DETACH DELETE n",
])
def test_the_store_itself_reads_in_access_mode_read(neo4j, workspace, cypher) -> None:
    """Past the query guard, Neo4j's READ access mode refuses the write on its own."""
    from extractors.errors import QueryError

    before = neo4j.counts()
    with pytest.raises(QueryError, match="read-only"):
        neo4j.run(cypher)
    assert neo4j.counts() == before


def test_skg_cypher_reads_from_neo4j(workspace) -> None:
    done = skg(workspace, "cypher", "MATCH (d:Document) RETURN count(d) AS documents", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"documents": 5}]


def test_the_password_appears_in_no_output_log_report_or_prefect_file(workspace) -> None:
    secret = _password()
    assert len(secret) >= 8
    report = subprocess.run([SKG, "report", "--out", str(workspace["tmp"] / "report.html"), "--store",
                             workspace["uri"]], env=workspace["env"], capture_output=True, text=True,
                            timeout=300, cwd=workspace["tmp"])
    assert report.returncode == 0, report.stderr[-2000:]
    wrong = {**workspace["env"], "NEO4J_PASSWORD": "not-" + secret}  # a failed login names no secret
    bad = subprocess.run([SKG, "cypher", "RETURN 1", "--store", workspace["uri"]], env=wrong,
                         capture_output=True, text=True, timeout=120, cwd=workspace["tmp"])
    assert bad.returncode == 1 and "authentication failed" in bad.stdout + bad.stderr
    outputs = [r.stdout + r.stderr for r in [*workspace["runs"], report, bad]]
    assert not [o for o in outputs if secret in o]
    files = [p for p in workspace["tmp"].rglob("*") if p.is_file() and "raw" not in p.parts]
    if os.environ.get("SKG_NEO4J_DIR"):  # the server's own logs
        files += [p for p in (Path(os.environ["SKG_NEO4J_DIR"]) / "logs").glob("*") if p.is_file()]
    assert any("prefect" in p.parts for p in files), "the Prefect home holds the runs' files"
    leaked = [p for p in files if secret.encode() in p.read_bytes()]
    assert not leaked
