"""The flow's promises, through real Prefect runs on the ephemeral server and the real
embedded store: per-document cache hits, one store server per ingest, the ``Skipped`` state,
and the failure artifact read back through the Prefect client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

KINGSTON = "kingston-richmond-online-safety-guidance.txt"


def _server_starts(data: Path) -> int:
    """Embedded server starts so far: redis-server appends one line per start to its log."""
    log = data / "graph" / "redis.log"
    return log.read_text(errors="replace").count("Ready to accept connections") if log.exists() else 0


def _statuses(report: dict[str, Any]) -> dict[str, str]:
    return {d["id"]: d["status"] for d in report["documents"]}


def test_one_changed_document_is_the_only_one_extracted_and_tagged_again(ingest, workspace: Path) -> None:
    data = workspace / "data"
    code, cold, stderr = ingest()
    assert code == 0, stderr
    # Five documents extracted; four tagged (the Safer Seven copy is not tagged).
    assert (cold["counts"]["extracted"], cold["counts"]["tagged"]) == (5, 4)
    assert _server_starts(data) == 1  # plan, flow and load share one server

    path = workspace / "raw" / KINGSTON
    path.write_text(path.read_text(encoding="utf-8") + "\n\nA new closing paragraph for this edition.\n",
                    encoding="utf-8")
    code, warm, stderr = ingest()
    assert code == 0, stderr
    assert _statuses(warm)["kingston-richmond-guidance"] == "changed"
    # The other four come from the per-document cache: counted, not recomputed.
    assert (warm["counts"]["extracted"], warm["counts"]["tagged"]) == (1, 1)
    assert _server_starts(data) == 2

    code, forced, _ = ingest("--force")
    assert code == 0
    assert (forced["counts"]["extracted"], forced["counts"]["tagged"]) == (5, 4)
    assert _server_starts(data) == 3


def test_flow_with_nothing_to_do_ends_in_a_skipped_state(ingest, workspace: Path) -> None:
    from pipeline.flows import ingest as ingest_flow
    from pipeline.run_report import RunReport

    assert ingest()[0] == 0
    state = ingest_flow(source_dir=str(workspace / "raw"), data_dir=str(workspace / "data"),
                        store="embedded", return_state=True)
    assert state.is_completed() and state.name == "Skipped"
    report = state.result()
    assert isinstance(report, RunReport) and report.skipped
    assert {d.status for d in report.documents} == {"unchanged"} and len(report.documents) == 5


def test_failures_are_published_as_a_markdown_artifact_of_the_flow_run(workspace: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    from pipeline.flows import ingest as ingest_flow

    (workspace / "raw" / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n")
    state = ingest_flow(source_dir=str(workspace / "raw"), data_dir=str(workspace / "data"),
                        store="embedded", return_state=True)
    report = state.result()
    assert [d.file for d in report.failed] == ["truncated.pdf"]
    run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id])))
    assert sorted(a.key for a in artifacts) == ["ingest-failures", "ingest-run-report"]
    failures = next(a for a in artifacts if a.key == "ingest-failures")
    markdown = str(failures.data)
    assert "| `truncated.pdf` |" in markdown and "truncated PDF" in markdown
    assert failures.description == "1 of 6 documents failed"


def test_unknown_store_is_one_user_error_line_and_exit_1(ingest) -> None:
    code, _report, stderr = ingest("--store", "mysql://db.example")
    assert code == 1
    assert stderr.strip().splitlines() == [
        "Error: unknown store 'mysql://db.example': use 'embedded' or a neo4j:// / bolt:// URI (SKG_STORE)"]


def test_bad_setting_is_one_line_naming_the_variable(ingest, monkeypatch) -> None:
    monkeypatch.setenv("SKG_DEDUPE__DUPLICATE_THRESHOLD", "high")
    code, _report, stderr = ingest()
    assert code == 1
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: SKG_DEDUPE__DUPLICATE_THRESHOLD: "), stderr
