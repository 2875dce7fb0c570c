"""Discover the documents in a directory and read their metadata from ``sources.toml``.

The manifest is validated on load: unknown keys, duplicate ids, control characters and paths
leading out of the directory are :class:`ManifestError`. A file the manifest does not list is
still a source, with its region unknown and a warning; its id is its whole file name
(``guidance.pdf``), never the stem, so ``guidance.pdf`` and ``guidance.txt`` stay two documents.
Problems that concern one file (an id collision, a file name that is not UTF-8, a listed file
that is missing) are reported for that file and the others are still discovered.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from extractors.errors import ManifestError
from extractors.models import Source, SourceMeta

MANIFEST = "sources.toml"
# Files in a source directory that are never documents.
IGNORED = {MANIFEST, ".gitkeep", ".DS_Store", "README.md"}
# C0/C1 control characters other than tab, newline and carriage return: a NUL breaks the
# store's query parser (D7) and the others are invisible, so a manifest holding one is a typo.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Ids and file names are single-line identifiers: no control character at all.
_ID_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Problem:
    """One file that cannot be a source: ``failed`` (collision, bad name) or ``missing``."""

    id: str
    file: str
    error: str
    status: Literal["failed", "missing"] = "failed"


@dataclass
class Discovery:
    """What :func:`discover` found. Unpacks as ``sources, warnings`` for older callers, with the
    problems appended to the warnings so that they are never silently dropped."""

    sources: list[Source] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def __iter__(self) -> Iterator[Any]:
        yield self.sources
        yield [*self.warnings, *(p.error for p in self.problems)]


def display_name(name: str) -> str:
    """A file name as printable text: bytes that are not UTF-8 shown as ``\\xff`` escapes."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def manifest_digest(meta: SourceMeta) -> str:
    """A short hash of a manifest entry, so an edit to it makes the document "changed".

    The password is left out: it never reaches the graph, not even as a hash."""
    return hashlib.sha256(meta.model_dump_json(exclude={"password"}).encode()).hexdigest()[:12]


def inside(directory: Path, relative: str) -> Path | None:
    """``directory / relative`` when it stays inside ``directory`` (symlinks resolved), else None."""
    rel = Path(relative)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        return None
    target = directory / rel
    try:
        target.resolve().relative_to(directory.resolve())
    except ValueError:
        return None
    return target


def _check_strings(path: Path, label: str, raw: dict[str, Any]) -> None:
    for key, value in raw.items():
        for v in value if isinstance(value, list) else [value]:
            if not isinstance(v, str):
                continue
            bad = (_ID_CONTROL if key in ("id", "file", "url") else _CONTROL).search(v)
            if bad:
                raise ManifestError(f"{path}: source {label!r}: {key} holds the control character "
                                    f"U+{ord(bad.group()):04X}; remove it")
    if "id" in raw and isinstance(raw["id"], str) and not raw["id"].strip():
        raise ManifestError(f"{path}: source {label!r}: id is empty")
    published = raw.get("published")
    if isinstance(published, int) and not 0 < published < 10000:
        raise ManifestError(f"{path}: source {label!r}: published {published} is not a year")


def load_manifest(directory: Path) -> dict[str, SourceMeta]:
    """Read ``directory/sources.toml`` into ``{file name: SourceMeta}``.

    The file is a list of ``[[source]]`` tables. Raises :class:`ManifestError` naming the
    manifest and the offending entry. A listed file that does not exist is *not* an error
    here: :func:`discover` reports it as missing and carries on with the others.
    """
    path = directory / MANIFEST
    if not path.exists():
        return {}
    try:
        # utf-8-sig: Windows editors save TOML with a byte-order mark.
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ManifestError(f"{path}: not valid TOML: {e}") from e
    except OSError as e:
        raise ManifestError(f"{path}: cannot read ({e.strerror or e})") from e
    unknown_top = set(data) - {"source"}
    if unknown_top:
        raise ManifestError(f"{path}: unknown top-level keys {sorted(unknown_top)}; use [[source]]")
    entries: dict[str, SourceMeta] = {}
    ids: set[str] = set()
    for i, raw in enumerate(data.get("source", []), start=1):
        label = str(raw.get("id") or raw.get("file") or f"entry {i}")
        _check_strings(path, label, raw)
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
        if inside(directory, meta.file) is None:
            raise ManifestError(f"{path}: source {meta.id!r}: file {meta.file!r} is outside the "
                                "source directory; give a name inside it")
        ids.add(meta.id)
        entries[meta.file] = meta
    return entries


def _entry_problem(path: Path, directory: Path) -> str | None:
    """Why a directory entry is skipped (a warning), or None when it is a document file."""
    try:
        st = path.lstat()
    except OSError as e:
        return f"{path}: cannot read ({e.strerror}); skipped"
    if stat.S_ISLNK(st.st_mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return f"{path}: broken or looping symlink; skipped"
        try:
            target.relative_to(directory.resolve())
        except ValueError:
            return f"{path}: symlink to {target}, outside the source directory; skipped"
        st = target.stat()
    if stat.S_ISDIR(st.st_mode):
        return None if not path.is_symlink() else f"{path}: symlink to a directory; skipped"
    if not stat.S_ISREG(st.st_mode):
        return f"{path}: not a regular file (device, FIFO or socket); skipped"
    return None


def discover(directory: Path) -> Discovery:
    """Every document in ``directory`` (not recursive) with its metadata, warnings and problems.

    Sources are sorted by file name so that runs are deterministic. Ids are unique: a manifest
    id equal to an unlisted file's name fails that file, naming both.
    """
    if not directory.is_dir():
        raise ManifestError(f"{directory}: not a directory")
    manifest = load_manifest(directory)
    found = Discovery()
    by_id = {meta.id: name for name, meta in manifest.items()}
    seen: set[str] = set()
    try:
        entries = sorted(directory.iterdir())
    except OSError as e:
        raise ManifestError(f"{directory}: cannot list ({e.strerror})") from e
    for path in entries:
        if path.name in IGNORED or path.name.startswith("."):
            continue
        if path.is_dir() and not path.is_symlink():
            continue
        skip = _entry_problem(path, directory)
        if skip:
            found.warnings.append(display_name(str(skip)))
            continue
        seen.add(path.name)
        meta = manifest.get(path.name)
        if meta is not None:
            found.sources.append(Source(path=path, meta=meta))
            continue
        shown = display_name(path.name)
        if shown != path.name:
            found.problems.append(Problem(shown, shown, f"{display_name(str(path))}: the file name "
                                          "is not valid UTF-8; rename the file"))
        elif path.name in by_id:
            found.problems.append(Problem(path.name, path.name, (
                f"{path}: its id {path.name!r} is already the id of {by_id[path.name]} in "
                f"{MANIFEST}; list {path.name} there with an id of its own")))
        else:
            found.warnings.append(f"{path}: not in {MANIFEST}; region unknown")
            found.sources.append(Source(path=path, meta=SourceMeta(id=path.name, file=path.name),
                                        in_manifest=False))
    for name, meta in manifest.items():
        if name in seen:
            continue
        target = directory / name
        if meta.fetch or (target.is_file() and _entry_problem(target, directory) is None):
            found.sources.append(Source(path=target, meta=meta))
        else:
            found.problems.append(Problem(meta.id, name, f"{target}: listed in {MANIFEST} (id "
                                          f"{meta.id!r}) but the file is missing", "missing"))
    return found


def source_for_file(path: Path) -> tuple[Source, list[str]]:
    """The Source for one file, using the manifest in its directory when there is one."""
    manifest = load_manifest(path.parent)
    meta = manifest.get(path.name)
    if meta is None:
        return Source(path=path, meta=SourceMeta(id=path.name, file=path.name), in_manifest=False), [
            f"{path}: not in {MANIFEST}; region unknown"
        ]
    return Source(path=path, meta=meta), []
