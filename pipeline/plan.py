"""Decide what an ingest run must do: compare the sources on disk with the stored graph.

A document is unchanged when its bytes (sha256) and the processing version stamped on the
stored Document are both the same; only new and changed documents are extracted, tagged and
written. This check needs no Prefect, so the CLI runs it first and a run with nothing to do
costs well under a second. When there is work, the CLI hands its plan to the flow
(:func:`hand_over` / :func:`take_over`) so one ``skg ingest`` discovers and plans once.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from extractors.models import Source, SourceMeta
from extractors.reading.sources import manifest_digest
from graph.stores.base import GraphStore, StoredDocument

__all__ = ["LoadPayload", "Plan", "Planned", "StoredDocument", "check_prune", "document_version", "file_sha256",
           "hand_over", "make_plan", "plan_sources", "processing_version", "take_over"]


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


def processing_version() -> str:
    """The version stamped on stored documents (extractor, tagger/linker and taxonomy)."""
    from extractors.taxonomy.load import load_taxonomy
    from extractors.versions import processing_version as version

    taxonomy = load_taxonomy()
    return version(taxonomy.version, taxonomy.hash)


def plan_sources(sources: list[Source], store: GraphStore, force: bool = False,
                 keep: frozenset[str] = frozenset()) -> tuple[Plan, str]:
    """Compare ``sources`` with the open ``store``: what is new, changed, unchanged or removed,
    and the processing version the plan was made for. Stored documents in ``keep`` (listed but
    missing, or failing discovery) are never counted as removed."""
    version = processing_version()
    return make_plan(sources, store.stored_documents(), version, force, keep), version


@dataclass
class LoadPayload:
    """What one load writes: the graph of changed documents, and ids to replace or remove."""

    graph: nx.MultiDiGraph
    replace_ids: list[str] = field(default_factory=list)
    remove_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Planned:
    """A discovery and plan made before the flow started, for the flow to reuse."""

    sources: list[Source]
    warnings: list[str]
    plan: Plan
    version: str
    problems: list[Any] = field(default_factory=list)  # discovery's failed/missing rows


_handed: dict[tuple[str, ...], Planned] = {}
_handed_lock = threading.Lock()


def _handoff_key(raw_dir: Path, data_dir: Path, store_uri: str, force: bool) -> tuple[str, ...]:
    return (str(Path(raw_dir).resolve()), str(Path(data_dir).resolve()), store_uri, str(force))


def hand_over(raw_dir: Path, data_dir: Path, store_uri: str, force: bool, planned: Planned) -> None:
    """Leave ``planned`` for the flow run this process starts next with the same arguments."""
    with _handed_lock:
        _handed[_handoff_key(raw_dir, data_dir, store_uri, force)] = planned


def take_over(raw_dir: Path, data_dir: Path, store_uri: str, force: bool) -> Planned | None:
    """The plan handed over for these arguments (once), or None: then the flow plans itself."""
    with _handed_lock:
        return _handed.pop(_handoff_key(raw_dir, data_dir, store_uri, force), None)


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
