"""A real Prefect server on 127.0.0.1: deploy from prefect.yaml, run `ingest`, check the graph."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.devserver import PrefectServer

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[3]
PREFECT = str(Path(sys.executable).with_name("prefect"))


def _prefect(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 180) -> str:
    done = subprocess.run([PREFECT, "--no-prompt", *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_deploy_from_prefect_yaml_and_run_ingest_on_a_worker(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "prefect.yaml", project / "prefect.yaml")
    (project / "pipeline").symlink_to(REPO / "pipeline")
    shutil.copytree(REPO / "data" / "raw", project / "data" / "raw")
    with PrefectServer(tmp_path / "prefect-home") as server:
        env = {k: v for k, v in server.env().items() if not k.startswith("SKG_")}
        env.update(PWD=str(project), COLUMNS="250")
        _prefect(["work-pool", "create", "skg-process", "--type", "process"], env, project)
        out = _prefect(["deploy", "--all"], env, project)
        assert "ingest/ingest" in out and "ingest/reingest-weekly" in out
        _prefect(["deployment", "run", "ingest/ingest"], env, project)
        _prefect(["worker", "start", "--pool", "skg-process", "--run-once"], env, project, timeout=300)
        runs = _prefect(["flow-run", "ls"], env, project)
        assert "COMPLETED" in runs.upper(), runs

    from graph.stores import open_store

    with open_store("embedded", project / "data") as store:
        rows = store.run("MATCH (d:Document) RETURN count(d) AS n")
    assert rows[0]["n"] == 5
