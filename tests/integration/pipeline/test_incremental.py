"""An incremental ingest writes the same graph as a ``--force`` full run of the same corpus,
through a changed document, a copy that leaves one duplicate group and joins another, and the
pruned removal of that copy (real Prefect runs, real embedded store)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

KINGSTON = "kingston-richmond-online-safety-guidance.txt"
SAFER_COPY = "dudley-safer-seven-online-risks.pdf-extract.txt"
SUSSEX = "pan-sussex-procedure-8.45-online-safety.txt"
# Differ between any two runs by design: when the run happened.
_TIMESTAMPS = {"ingested_at"}


def _graph(data_dir: Path) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    from graph.export import read_graph
    from graph.stores import open_store

    with open_store("embedded", data_dir) as store:
        g = read_graph(store)
    nodes = {n: {k: v for k, v in d.items() if k not in _TIMESTAMPS} for n, d in g.nodes(data=True)}
    edges = sorted((a, b, k, sorted((p, repr(v)) for p, v in d.items() if p not in _TIMESTAMPS))
                   for a, b, k, d in g.edges(keys=True, data=True))
    return nodes, edges


def _group_of(report: dict[str, Any], doc_id: str) -> set[str]:
    """The ids ``doc_id`` shares a duplicate group with (itself included), as the report says."""
    canonical = next(d["duplicate_of"] for d in report["documents"] if d["id"] == doc_id) or doc_id
    return {d["id"] for d in report["documents"] if d["id"] == canonical or d["duplicate_of"] == canonical}


def test_incremental_runs_write_the_graph_a_forced_full_run_writes(ingest, workspace: Path) -> None:
    raw, data, full = workspace / "raw", workspace / "data", workspace / "data-full"
    code, cold, stderr = ingest()
    assert code == 0, stderr
    copy_id = next(d["id"] for d in cold["documents"] if d["file"] == SAFER_COPY)
    sussex_id = next(d["id"] for d in cold["documents"] if d["file"] == SUSSEX)
    assert len(_group_of(cold, copy_id)) == 2 and sussex_id not in _group_of(cold, copy_id)
    shutil.copytree(data, full)

    kingston = raw / KINGSTON
    kingston.write_text(kingston.read_text(encoding="utf-8") + "\n\nA closing paragraph of this edition.\n",
                        encoding="utf-8")
    # The Safer Seven copy leaves its group and becomes a re-wrapped copy of the Sussex procedure.
    (raw / SAFER_COPY).write_text((raw / SUSSEX).read_text(encoding="utf-8").replace(". ", ".\n"),
                                  encoding="utf-8")
    code, incremental, stderr = ingest()
    assert code == 0, stderr
    assert incremental["counts"]["extracted"] == 2
    code, forced, stderr = ingest("--force", "--data-dir", str(full))
    assert code == 0, stderr
    assert _group_of(incremental, copy_id) == _group_of(forced, copy_id) == {copy_id, sussex_id}
    assert _graph(data) == _graph(full)

    # The copy is removed: the Sussex group is gone and its other member stands alone.
    (raw / SAFER_COPY).unlink()
    manifest = raw / "sources.toml"
    entries = manifest.read_text(encoding="utf-8").split("[[source]]")
    manifest.write_text("[[source]]".join(e for e in entries if SAFER_COPY not in e), encoding="utf-8")
    code, pruned, stderr = ingest("--prune")
    assert code == 0, stderr
    code, _, stderr = ingest("--prune", "--force", "--data-dir", str(full))
    assert code == 0, stderr
    assert pruned["counts"]["extracted"] == 0
    assert next(d for d in pruned["documents"] if d["id"] == sussex_id)["duplicate_of"] is None
    assert _graph(data) == _graph(full)
