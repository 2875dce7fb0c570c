"""Fixtures for end-to-end ingest runs: a private copy of data/raw and a private data dir."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    """``tmp/raw`` (a copy of data/raw) and ``tmp/data`` (store and caches)."""
    shutil.copytree(REPO / "data" / "raw", tmp_path / "raw")
    (tmp_path / "data").mkdir()
    return tmp_path


IngestResult = tuple[int, dict[str, Any], str]


@pytest.fixture()
def ingest(workspace: Path) -> Callable[..., IngestResult]:
    """Run ``skg ingest --json`` on the workspace; returns (exit code, report, stderr)."""

    def run(*extra: str) -> IngestResult:
        result = CliRunner().invoke(
            app,
            ["ingest", str(workspace / "raw"), "--data-dir", str(workspace / "data"),
             "--store", "embedded", "--json", *extra],
        )
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        try:
            report = json.loads(result.stdout)
        except ValueError:
            report = {}
        return result.exit_code, report, result.stderr

    return run


@pytest.fixture()
def query(workspace: Path) -> Callable[..., list[dict[str, Any]]]:
    """Read-only Cypher against the workspace's embedded store."""
    from graph.stores import open_store

    def run(cypher: str, params: dict[str, Any] | None = None,
            data_dir: Path | None = None) -> list[dict[str, Any]]:
        with open_store("embedded", data_dir or workspace / "data") as store:
            return store.run(cypher, params or {})

    return run
