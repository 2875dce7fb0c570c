"""End-to-end: the ingest flow over data/raw into a real embedded store, with real Prefect runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

DUDLEY = {"dudley-safer-seven-web", "dudley-safer-seven-pdf"}
KINGSTON = "kingston-richmond-online-safety-guidance.txt"


def _by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["id"]: d for d in report["documents"]}


def _ingested_at(query: Callable[..., list[dict[str, Any]]]) -> dict[str, str]:
    rows = query("MATCH (d:Document) RETURN d.id AS id, d.ingested_at AS at")
    return {r["id"]: r["at"] for r in rows}


def test_ingest_loads_seeds_and_groups_the_safer_seven_copies(ingest, query) -> None:
    code, report, stderr = ingest()
    assert code == 0, stderr
    docs = _by_id(report)
    assert len(docs) == 5
    statuses = {i: d["status"] for i, d in docs.items()}
    assert sorted(statuses.values()) == ["duplicate", "new", "new", "new", "new"]
    dup = next(d for d in docs.values() if d["status"] == "duplicate")
    assert {dup["id"], dup["duplicate_of"]} == DUDLEY
    assert set(report["timings"]) >= {"discover", "extract", "dedupe", "tag", "build", "load"}

    assert query("MATCH (d:Document) RETURN count(d) AS n")[0]["n"] == 5
    pair = query("MATCH (a:Document)-[r:DUPLICATE_OF]->(b:Document) RETURN a.id AS a, b.id AS b")
    assert [(r["a"], r["b"]) for r in pair] == [(f"doc:{dup['id']}", f"doc:{dup['duplicate_of']}")]
    # The copy was not tagged: its mentions are not counted twice.
    copy_mentions = query(
        "MATCH (d:Document {id: $id})-[:HAS_SECTION]->(:Section)-[m:MENTIONS]->() RETURN count(m) AS n",
        {"id": f"doc:{dup['id']}"})
    assert copy_mentions[0]["n"] == 0
    links = query("MATCH (:Harm)-[l:MAY_CONSTITUTE|REPORTED_VIA]->() RETURN count(l) AS n")[0]["n"]
    assert links > 0
    assert report["counts"]["links_written"] == links


def test_second_run_reports_all_unchanged_and_writes_nothing(ingest, query) -> None:
    assert ingest()[0] == 0
    before_counts = query("MATCH (n) RETURN count(n) AS n")[0]["n"]
    before_at = _ingested_at(query)
    code, report, _ = ingest()
    assert code == 0
    assert {d["status"] for d in report["documents"]} == {"unchanged"}
    assert "extract" not in report["timings"]  # nothing was extracted, tagged or written
    assert query("MATCH (n) RETURN count(n) AS n")[0]["n"] == before_counts
    assert _ingested_at(query) == before_at


def test_changed_document_is_reprocessed_and_the_edition_diff_names_what_changed(
        ingest, query, workspace: Path) -> None:
    assert ingest()[0] == 0
    before_at = _ingested_at(query)
    path = workspace / "raw" / KINGSTON
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n\nReporting Fraud\n\nVictims of online fraud and scams should call "
                    "Action Fraud on 0300 123 2040.\n", encoding="utf-8")
    code, report, stderr = ingest()
    assert code == 0, stderr
    docs = _by_id(report)
    assert docs["kingston-richmond-guidance"]["status"] == "changed"
    assert {d["status"] for i, d in docs.items() if i != "kingston-richmond-guidance"} == {"unchanged"}
    added = docs["kingston-richmond-guidance"]["changes"]["added"]
    # Action Fraud is the outdated name of Report Fraud: the graph keeps the current one.
    assert "Report Fraud" in added.get("agencies", []), added
    assert "03001232040" in added.get("contact points", []), added
    assert not docs["kingston-richmond-guidance"]["changes"]["removed"]
    after_at = _ingested_at(query)
    assert {k: v for k, v in after_at.items() if "kingston" not in k} == \
        {k: v for k, v in before_at.items() if "kingston" not in k}
    # The previous edition's metadata is kept, superseded by the new one.
    prev = query("MATCH (d:Document {id: 'doc:kingston-richmond-guidance'})-[:SUPERSEDES]->(p:Document) "
                 "RETURN p.superseded AS s, p.sha256 AS sha")
    assert len(prev) == 1 and prev[0]["s"] is True


def test_corrupt_file_beside_them_exits_2_and_the_rest_is_loaded(ingest, query, workspace: Path) -> None:
    (workspace / "raw" / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    code, report, stderr = ingest()
    assert code == 2
    docs = _by_id(report)
    assert docs["broken.pdf"]["status"] == "failed"  # an unlisted file's id is its whole name
    assert "broken.pdf" in docs["broken.pdf"]["error"]
    assert "broken.pdf" in stderr and "Traceback" not in stderr
    assert query("MATCH (d:Document) RETURN count(d) AS n")[0]["n"] == 5


def test_removed_document_is_reported_and_pruned_only_with_prune(ingest, query, workspace: Path) -> None:
    assert ingest()[0] == 0
    (workspace / "raw" / KINGSTON).unlink()
    manifest = workspace / "raw" / "sources.toml"
    entries = manifest.read_text(encoding="utf-8").split("[[source]]")
    manifest.write_text("[[source]]".join(e for e in entries if KINGSTON not in e), encoding="utf-8")
    code, report, _ = ingest()
    assert code == 0
    assert _by_id(report)["kingston-richmond-guidance"]["status"] == "removed"
    assert query("MATCH (d:Document {id: 'doc:kingston-richmond-guidance'}) RETURN count(d) AS n")[0]["n"] == 1
    code, report, _ = ingest("--prune")
    assert code == 0
    assert query("MATCH (d:Document {id: 'doc:kingston-richmond-guidance'}) RETURN count(d) AS n")[0]["n"] == 0


def test_dask_task_runner_gives_the_same_graph(ingest, query, workspace: Path) -> None:
    assert ingest()[0] == 0
    dask_dir = workspace / "data-dask"
    code, _report, stderr = ingest("--task-runner", "dask", "--data-dir", str(dask_dir))
    assert code == 0, stderr
    nodes = "MATCH (n) RETURN n.id AS id ORDER BY id"
    rels = "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b ORDER BY a, t, b"
    assert query(nodes, data_dir=dask_dir) == query(nodes)
    assert query(rels, data_dir=dask_dir) == query(rels)
