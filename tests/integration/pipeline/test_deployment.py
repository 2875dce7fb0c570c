"""A real Prefect server on 127.0.0.1: deploy from prefect.yaml, run `ingest`, check the graph."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[3]
PREFECT = str(Path(sys.executable).with_name("prefect"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SKG_"))}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PWD=str(project),
               PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="WARNING",
               COLUMNS="250")
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, cwd=project, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, "Prefect server did not start within 120 s"
            time.sleep(1)
        _prefect(["work-pool", "create", "skg-process", "--type", "process"], env, project)
        out = _prefect(["deploy", "--all"], env, project)
        assert "ingest/ingest" in out and "ingest/reingest-weekly" in out
        _prefect(["deployment", "run", "ingest/ingest"], env, project)
        _prefect(["worker", "start", "--pool", "skg-process", "--run-once"], env, project, timeout=300)
        runs = _prefect(["flow-run", "ls"], env, project)
        assert "COMPLETED" in runs.upper(), runs
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

    from graph.stores import open_store

    with open_store("embedded", project / "data") as store:
        rows = store.run("MATCH (d:Document) RETURN count(d) AS n")
    assert rows[0]["n"] == 5
