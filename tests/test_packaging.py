"""The packages import from this repository, and the manifest of data/raw is valid."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from extractors.reading.sources import discover

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["pipeline", "extractors", "graph", "queries"])
def test_package_imports_from_this_repository(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__file__ is not None
    assert Path(module.__file__).resolve().parent == REPO / name


def test_data_raw_manifest_lists_every_seed_document(raw_dir: Path) -> None:
    sources, warnings = discover(raw_dir)
    assert warnings == []
    assert len(sources) == 5
    assert all(s.in_manifest and s.meta.region and s.meta.publisher for s in sources)
    assert {s.meta.kind for s in sources} == {"leaflet", "strategy", "guidance", "procedure"}
