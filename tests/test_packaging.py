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


def _requirement_names(reqs: list[str]) -> set[str]:
    import re

    return {_canonical(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in reqs}


def _canonical(name: str) -> str:
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_distributions(*dirs: str) -> set[str]:
    """Distributions whose modules the files under ``dirs`` import (stdlib and our own left out)."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    dist = packages_distributions()
    ours = {"extractors", "graph", "queries", "pipeline", "conftest", "_results", "_corpus"}
    out: set[str] = set()
    for d in dirs:
        for f in (REPO / d).rglob("*.py"):
            for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in sys.stdlib_module_names or top in ours:
                        continue
                    found = dist.get(top)
                    assert found, f"{f}: imports {top}, which no installed distribution provides"
                    out.add(_canonical(found[0]))
    return out


def test_declared_dependencies_are_exactly_the_imported_ones() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = _requirement_names(project["dependencies"])
    extras = {k: _requirement_names(v) for k, v in project["optional-dependencies"].items()}
    # Used by name, not imported: bs4's "lxml" parser, the pytest-timeout plugin; fastapi is
    # pinned for Prefect's server (see the comment in pyproject.toml); neo4j-rust-ext is a
    # compiled module the neo4j driver loads itself.
    by_name = {"lxml", "fastapi", "neo4j-rust-ext"}
    imported = _imported_distributions("extractors", "graph", "queries", "pipeline")
    assert runtime - by_name == imported
    tests_need = _imported_distributions("tests") - runtime
    assert extras["test"] - {"pytest-timeout"} == tests_need
    assert _imported_distributions("bench") - runtime - extras["test"] == set()  # bench needs nothing more
