"""Every ingest run publishes its run report as a Prefect artifact, read back through the client."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.devserver import PrefectServer
from pipeline.run_report import ARTIFACT_KEY

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[3]
SKG = str(Path(sys.executable).with_name("skg"))


async def _runs_with_artifacts(api_url: str) -> list[dict[str, Any]]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey, LogFilter, LogFilterFlowRunId
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: api_url}):
        async with get_client() as client:
            artifacts = await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[ARTIFACT_KEY])))
            out = []
            for a in sorted(artifacts, key=lambda a: a.created):
                logs = await client.read_logs(
                    log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[a.flow_run_id])))
                out.append({"markdown": a.data, "description": a.description,
                            "logs": [entry.message for entry in logs]})
            return out


def test_each_ingest_run_publishes_its_report_and_logs_each_changed_document(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "data" / "raw", raw)
    with PrefectServer(tmp_path / "prefect-home") as server:
        env = {k: v for k, v in server.env().items() if not k.startswith("SKG_")}

        def ingest() -> None:
            done = subprocess.run([SKG, "ingest", str(raw), "--data-dir", str(tmp_path / "data"), "--json"],
                                  env=env, capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, done.stderr

        ingest()
        kingston = raw / "kingston-richmond-online-safety-guidance.txt"
        kingston.write_text(kingston.read_text(encoding="utf-8")
                            + "\n\nReport fraud and scams to Report Fraud on 0300 123 2040.\n", encoding="utf-8")
        ingest()
        runs = asyncio.run(_runs_with_artifacts(server.api_url))

    assert len(runs) == 2
    first, second = runs
    assert "| document | status | added | removed | error |" in first["markdown"]
    assert first["markdown"].count("| new |") == 4 and "| duplicate |" in first["markdown"]
    assert "4 new" in first["description"]
    assert "`kingston-richmond-online-safety-guidance.txt` | changed |" in second["markdown"]
    assert "1 changed" in second["description"]
    row = next(line for line in second["markdown"].splitlines() if "| changed |" in line)
    assert "Fraud and scams" in row  # the edition's addition, by name
    changed = [m for m in second["logs"] if m.startswith("changed kingston-richmond")]
    assert len(changed) == 1 and "added" in changed[0]
    assert not any(m.startswith("changed pan-sussex") for m in second["logs"])
