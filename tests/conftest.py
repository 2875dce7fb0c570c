"""Suite-wide set-up: keep Prefect's home, results and logs inside a temporary directory.

Set before any test imports Prefect, which reads its settings at import time.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"

_prefect_home = tempfile.mkdtemp(prefix="skg-prefect-home-")
os.environ.setdefault("PREFECT_HOME", _prefect_home)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("DO_NOT_TRACK", "1")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The five seed documents and their sources.toml."""
    return RAW


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Under ``SKG_REQUIRE_NEO4J=1`` (``make test-neo4j``) a skipped test is a failure: that run
    exists to prove the Neo4j tests ran, and a skip would hide that they did not."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("SKG_REQUIRE_NEO4J") == "1":
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under SKG_REQUIRE_NEO4J=1 (a skip is a failure here): {reason}"
