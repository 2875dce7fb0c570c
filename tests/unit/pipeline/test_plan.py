"""make_plan sorts sources against the store; the CLI hands its plan to the flow once."""

from __future__ import annotations

from pathlib import Path

from extractors.models import Source, SourceMeta
from graph.stores.base import StoredDocument
from pipeline.plan import Planned, document_version, file_sha256, hand_over, make_plan, take_over


def _stored(src: Source, version: str = "v1", sha: str | None = None, path: str | None = None) -> StoredDocument:
    """As the store records ``src`` after a run at processing ``version`` (its manifest entry's
    hash included)."""
    return StoredDocument(src.meta.id, sha or file_sha256(src.path), document_version(version, src.meta),
                          path or str(src.path))


def test_plan_sorts_new_changed_unchanged_and_removed(write_source) -> None:
    same, edited, fresh = write_source("same", "a"), write_source("edited", "b"), write_source("fresh", "c")
    stored = {"same": _stored(same), "edited": _stored(edited, sha="0" * 64),
              "gone": StoredDocument("gone", "1" * 64, "v1", "/old/gone.txt")}
    plan = make_plan([same, edited, fresh], stored, "v1")
    assert [s.meta.id for s in plan.unchanged] == ["same"]
    assert [s.meta.id for s in plan.changed] == ["edited"]
    assert [s.meta.id for s in plan.new] == ["fresh"]
    assert [d.id for d in plan.removed] == ["gone"]
    assert [s.meta.id for s in plan.to_process] == ["fresh", "edited"]
    assert plan.hashes["same"] == file_sha256(same.path)
    assert not plan.nothing_to_do(prune=False)


def test_new_processing_version_or_force_reprocesses_an_unchanged_file(write_source) -> None:
    src = write_source("doc", "text")
    assert make_plan([src], {"doc": _stored(src, "v1")}, "v1").nothing_to_do(prune=False)
    assert [s.meta.id for s in make_plan([src], {"doc": _stored(src, "v1")}, "v2").changed] == ["doc"]
    assert [s.meta.id for s in make_plan([src], {"doc": _stored(src)}, "v1", force=True).changed] == ["doc"]


def test_removed_documents_are_work_only_with_prune(write_source) -> None:
    src = write_source("doc", "text")
    plan = make_plan([src], {"doc": _stored(src), "gone": StoredDocument("gone", "x", "v1")}, "v1")
    assert plan.nothing_to_do(prune=False)
    assert not plan.nothing_to_do(prune=True)


def test_unreadable_file_counts_as_changed_so_extraction_reports_it(tmp_path: Path) -> None:
    src = Source(path=tmp_path / "missing.txt", meta=SourceMeta(id="missing", file="missing.txt"))
    plan = make_plan([src], {"missing": StoredDocument("missing", "abc", "v1")}, "v1")
    assert [s.meta.id for s in plan.changed] == ["missing"] and plan.hashes["missing"] == ""


def test_a_handed_over_plan_is_taken_once_and_only_for_the_same_arguments(write_source, tmp_path: Path) -> None:
    src = write_source("doc", "text")
    planned = Planned([src], ["a warning"], make_plan([src], {}, "v1"), "v1")
    hand_over(tmp_path / "raw", tmp_path / "data", "embedded", False, planned)
    assert take_over(tmp_path / "raw", tmp_path / "data", "embedded", True) is None  # --force differs
    assert take_over(tmp_path / "raw", tmp_path / "data", "embedded", False) is planned
    assert take_over(tmp_path / "raw", tmp_path / "data", "embedded", False) is None
