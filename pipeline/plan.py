"""Decide what an ingest run must do: compare the sources on disk with the stored graph.

A document is unchanged when its bytes (sha256) and the processing version stamped on the
stored Document are both the same; only new and changed documents are extracted, tagged and
written. This check needs no Prefect, so the CLI runs it first and a run with nothing to do
costs well under a second.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from extractors.models import Source, SourceMeta
from extractors.reading.sources import manifest_digest


@dataclass(frozen=True)
class StoredDocument:
    """What the store remembers of a document from the last run."""

    id: str  # source id (without the ``doc:`` prefix)
    sha256: str | None
    version: str | None
    path: str | None = None
    duplicate_of: str | None = None


@dataclass(frozen=True)
class Plan:
    """Sources by what must happen to them, and stored documents whose file is gone."""

    new: list[Source] = field(default_factory=list)
    changed: list[Source] = field(default_factory=list)
    unchanged: list[Source] = field(default_factory=list)
    removed: list[StoredDocument] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)
    stored: dict[str, StoredDocument] = field(default_factory=dict)

    @property
    def to_process(self) -> list[Source]:
        return [*self.new, *self.changed]

    def nothing_to_do(self, prune: bool) -> bool:
        return not self.to_process and not (prune and self.removed)


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in chunks so large PDFs don't sit in memory."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def document_version(version: str, meta: SourceMeta) -> str:
    """The version stamped on a stored Document: the processing version plus a hash of its
    manifest entry, so that editing the entry (title, region, ...) makes the document changed."""
    return f"{version}+m{manifest_digest(meta)}"


def make_plan(
    sources: list[Source], stored: dict[str, StoredDocument], version: str, force: bool = False,
    keep: frozenset[str] = frozenset(),
) -> Plan:
    """Sort ``sources`` into new / changed / unchanged against ``stored``; find removed ones.

    Files that cannot be read are left for extraction to report; they count as changed.
    Stored documents in ``keep`` (listed but missing, or failing discovery) are never removed.
    """
    plan = Plan(stored=dict(stored))
    for src in sources:
        try:
            digest = file_sha256(src.path)
        except OSError:
            digest = ""
        plan.hashes[src.meta.id] = digest
        before = stored.get(src.meta.id)
        if before is None:
            plan.new.append(src)
        elif (force or not digest or before.sha256 != digest
              or before.version != document_version(version, src.meta)):
            plan.changed.append(src)
        else:
            plan.unchanged.append(src)
    present = {s.meta.id for s in sources}
    plan.removed.extend(d for i, d in sorted(stored.items()) if i not in present and i not in keep)
    return plan


def check_prune(plan: Plan, present: int, source_dir: Path, yes: bool) -> None:
    """Refuse a ``--prune`` that looks like a mistake unless ``yes``: one that would remove every
    stored document because the source directory holds none (a wrong or unmounted directory),
    or more than half of them. Raises :class:`PruneRefusedError` saying how many and why."""
    from extractors.errors import PruneRefusedError

    n, total = len(plan.removed), len(plan.stored)
    if yes or not n:
        return
    if present == 0:
        raise PruneRefusedError(f"{source_dir}: no documents here, so --prune would remove all {n} "
                                "stored documents; check the directory, or add --yes to remove them")
    if n > total / 2:
        raise PruneRefusedError(f"{source_dir}: --prune would remove {n} of the {total} stored "
                                "documents (more than half); add --yes to remove them")
