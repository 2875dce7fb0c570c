"""sources.toml is validated on load; unlisted files are still sources, with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import ManifestError
from extractors.reading.sources import discover, load_manifest


def _write(tmp_path: Path, manifest: str, files: tuple[str, ...] = ("a.txt",)) -> Path:
    for name in files:
        (tmp_path / name).write_text("1. Heading\nSome guidance text.\n")
    (tmp_path / "sources.toml").write_text(manifest)
    return tmp_path


def test_manifest_rejects_unknown_keys(tmp_path: Path) -> None:
    d = _write(tmp_path, '[[source]]\nid = "a"\nfile = "a.txt"\ncolour = "red"\n')
    with pytest.raises(ManifestError, match="colour"):
        load_manifest(d)


def test_manifest_rejects_missing_file(tmp_path: Path) -> None:
    d = _write(tmp_path, '[[source]]\nid = "b"\nfile = "b.txt"\n')
    with pytest.raises(ManifestError, match="does not exist"):
        load_manifest(d)


def test_manifest_rejects_duplicate_ids(tmp_path: Path) -> None:
    d = _write(tmp_path, '[[source]]\nid = "a"\nfile = "a.txt"\n[[source]]\nid = "a"\nfile = "c.txt"\n',
               files=("a.txt", "c.txt"))
    with pytest.raises(ManifestError, match="duplicate id 'a'"):
        load_manifest(d)


def test_manifest_rejects_invalid_toml(tmp_path: Path) -> None:
    d = _write(tmp_path, "[[source]\nid=")
    with pytest.raises(ManifestError, match="not valid TOML"):
        load_manifest(d)


def test_manifest_rejects_unknown_jurisdiction(tmp_path: Path) -> None:
    d = _write(tmp_path, '[[source]]\nid = "a"\nfile = "a.txt"\njurisdiction = ["Atlantis"]\n')
    with pytest.raises(ManifestError, match="jurisdiction"):
        load_manifest(d)


def test_file_without_manifest_entry_is_processed_with_warning(tmp_path: Path) -> None:
    d = _write(tmp_path, '[[source]]\nid = "a"\nfile = "a.txt"\n', files=("a.txt", "extra.txt"))
    sources, warnings = discover(d)
    assert [s.meta.id for s in sources] == ["a", "extra"]
    extra = sources[1]
    assert not extra.in_manifest and extra.meta.region == []
    assert len(warnings) == 1 and "extra.txt" in warnings[0] and "region unknown" in warnings[0]
