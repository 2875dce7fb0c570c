"""Discover the documents in a directory and read their metadata from ``sources.toml``.

The manifest is validated on load: unknown keys, missing files and duplicate ids are
:class:`ManifestError`. A file the manifest does not list is still a source, with its
region unknown and a warning.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import ValidationError

from extractors.errors import ManifestError
from extractors.models import Source, SourceMeta

MANIFEST = "sources.toml"
# Files in a source directory that are never documents.
IGNORED = {MANIFEST, ".gitkeep", ".DS_Store", "README.md"}


def load_manifest(directory: Path) -> dict[str, SourceMeta]:
    """Read ``directory/sources.toml`` into ``{file name: SourceMeta}``.

    The file is a list of ``[[source]]`` tables. Raises :class:`ManifestError` naming the
    manifest and the offending entry.
    """
    path = directory / MANIFEST
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ManifestError(f"{path}: not valid TOML: {e}") from e
    unknown_top = set(data) - {"source"}
    if unknown_top:
        raise ManifestError(f"{path}: unknown top-level keys {sorted(unknown_top)}; use [[source]]")
    entries: dict[str, SourceMeta] = {}
    ids: set[str] = set()
    for i, raw in enumerate(data.get("source", []), start=1):
        label = raw.get("id") or raw.get("file") or f"entry {i}"
        try:
            meta = SourceMeta(**raw)
        except ValidationError as e:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors()
            )
            raise ManifestError(f"{path}: source {label!r}: {problems}") from e
        if meta.id in ids:
            raise ManifestError(f"{path}: duplicate id {meta.id!r}")
        if meta.file in entries:
            raise ManifestError(f"{path}: file {meta.file!r} listed twice")
        if not (directory / meta.file).exists() and not meta.fetch:
            raise ManifestError(f"{path}: source {meta.id!r}: file {meta.file!r} does not exist")
        ids.add(meta.id)
        entries[meta.file] = meta
    return entries


def discover(directory: Path) -> tuple[list[Source], list[str]]:
    """Every document in ``directory`` (not recursive) with its metadata, and warnings.

    Sources are sorted by file name so that runs are deterministic.
    """
    if not directory.is_dir():
        raise ManifestError(f"{directory}: not a directory")
    manifest = load_manifest(directory)
    warnings: list[str] = []
    sources: list[Source] = []
    seen: set[str] = set()
    for path in sorted(p for p in directory.iterdir() if p.is_file()):
        if path.name in IGNORED or path.name.startswith("."):
            continue
        meta = manifest.get(path.name)
        if meta is None:
            warnings.append(f"{path}: not in {MANIFEST}; region unknown")
            sources.append(Source(path=path, meta=SourceMeta(id=path.stem, file=path.name),
                                  in_manifest=False))
        else:
            sources.append(Source(path=path, meta=meta))
        seen.add(path.name)
    for name, meta in manifest.items():
        if name not in seen and meta.fetch:
            sources.append(Source(path=directory / name, meta=meta))
    return sources, warnings


def source_for_file(path: Path) -> tuple[Source, list[str]]:
    """The Source for one file, using the manifest in its directory when there is one."""
    manifest = load_manifest(path.parent)
    meta = manifest.get(path.name)
    if meta is None:
        return Source(path=path, meta=SourceMeta(id=path.stem, file=path.name), in_manifest=False), [
            f"{path}: not in {MANIFEST}; region unknown"
        ]
    return Source(path=path, meta=meta), []
