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
