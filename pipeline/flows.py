"""The ``ingest`` flow: discover -> fetch -> plan -> extract -> dedupe -> tag -> build -> load.

One flow run per ingest and one task per batch of documents per stage keep Prefect's cost
small (FACTS.md). The flow decides; the stages in :mod:`pipeline.stages` do the work.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.states import Completed

from extractors.errors import FetchError
from extractors.models import Document, Source, TaggedDocument
from extractors.reading.fetch import fetch
from extractors.reading.sources import discover
from pipeline import progress, stages
from pipeline.plan import Plan, check_prune
from pipeline.run_report import DocumentReport, RunReport, problem_rows
from pipeline.settings import get_settings
from pipeline.tasks import dedupe_task, extract_batch, load_task, tag_batch


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = round(timings.get(stage, 0.0) + time.perf_counter() - start, 3)


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), max(1, size))]


def _run_batches(stage: str, batch_task: Any, items: list[Any], batch_size: int,
                 failed: dict[str, str], *args: Any) -> dict[str, Any]:
    """Submit ``batch_task`` per batch, gather ``ok`` results and add failures to ``failed``."""
    progress.start(stage, len(items))
    batches = _chunks(items, batch_size)
    futures = [batch_task.submit(batch, *args) for batch in batches]
    ok: dict[str, Any] = {}
    for fut, batch in zip(futures, batches, strict=True):
        result = fut.result()
        ok.update(result["ok"])
        failed.update(result["failed"])
        progress.advance(stage, len(batch))
    progress.finish(stage)
    return ok


@task(name="fetch-remote")
def fetch_task(sources: list[Source], source_dir: Path, force: bool = False) -> tuple[dict[str, str], list[str]]:
    """Conditional GET of every ``fetch = true`` source: ``({id: error}, warnings)``; a new
    edition held back (D9) is a warning and the previous copy is ingested as before."""
    failed: dict[str, str] = {}
    warnings: list[str] = []
    for src in sources:
        try:
            result = fetch(src.meta, source_dir, force=force, harms_of=stages.harm_ids)
        except FetchError as e:
            failed[src.meta.id] = str(e)
            continue
        if result.reason:
            warnings.append(result.reason)
    return failed, warnings


@task(name="plan")
def plan_task(sources: list[Source], store_uri: str, data_dir: Path, force: bool,
              keep: frozenset[str] = frozenset()) -> tuple[Plan, str]:
    """Compare the sources with the store (see :func:`pipeline.stages.plan_sources`)."""
    return stages.plan_sources(sources, store_uri, data_dir, force, keep)


@flow(name="ingest", log_prints=True)
def ingest(
    source_dir: str = "data/raw",
    data_dir: str = "data",
    store: str | None = None,
    prune: bool = False,
    force: bool = False,
    batch_size: int = 50,
    yes: bool = False,
) -> Any:
    """Ingest the guidance in ``source_dir`` into the graph store and return the run report.

    Unchanged documents (same bytes, same processing version) are skipped; changed ones are
    replaced atomically; removed ones are reported and deleted only with ``prune`` (and, when
    that would remove more than half of the documents or all of them, only with ``yes``). A run
    with nothing to do ends in a ``Completed(name="Skipped")`` state.
    """
    settings = get_settings(store=store, data_dir=Path(data_dir), raw_dir=Path(source_dir))
    store_uri, ddir, sdir = settings.store, settings.data_dir, settings.raw_dir
    report = RunReport()
    timings = report.timings
    logger = get_run_logger()

    with _timed(timings, "discover"):
        found = discover(sdir)
        sources = found.sources
        report.warnings.extend(found.warnings)
        remote = [s for s in sources if s.meta.fetch]
        fetch_failed, fetch_warnings = fetch_task(remote, sdir, force) if remote else ({}, [])
        report.warnings.extend(fetch_warnings)
        plan, version = plan_task(sources, store_uri, ddir, force, frozenset(p.id for p in found.problems))
        if prune:
            check_prune(plan, len(sources) + len(found.problems), sdir, yes)

    removed_ids = [d.id for d in plan.removed]
    if plan.nothing_to_do(prune) and not fetch_failed:
        skipped = stages.skipped_report(plan, report.warnings)
        skipped.documents += problem_rows(found.problems)
        skipped.counts = skipped.status_counts()
        return Completed(name="Skipped", message="nothing changed", data=skipped)

    failed: dict[str, str] = dict(fetch_failed)
    # Cached results live where PREFECT_RESULTS_LOCAL_STORAGE_PATH points: `skg ingest` and the
    # deployments in prefect.yaml set it to <data dir>/cache/prefect.
    # Extraction covers every source: unchanged ones are cache hits (same sha256 and version),
    # and dedupe needs the whole corpus to place new documents.
    to_extract = [s for s in sources if s.meta.id not in failed]
    with _timed(timings, "extract"):
        documents: dict[str, Document] = _run_batches(
            "extract", extract_batch, to_extract, batch_size, failed,
            plan.hashes, int(settings.max_file_mb * 1024 * 1024),
            settings.doc_timeout, settings.doc_memory_mb)

    with _timed(timings, "dedupe"):
        progress.start("dedupe", 1)
        ordered = [documents[k] for k in sorted(documents)]
        dedupe = dedupe_task(ordered, settings.cache_dir / "lsh-index.pkl", {
            "lsh_threshold": settings.lsh_threshold,
            "duplicate_threshold": settings.duplicate_threshold,
            "revision_threshold": settings.revision_threshold,
            "containment_threshold": settings.containment_threshold,
        })
        progress.finish("dedupe")
    duplicate_of = {m.id: g.canonical for g in dedupe.groups for m in g.members if m.id != g.canonical}

    processed = {s.meta.id for s in plan.to_process}
    # A document whose group role changed (it became, or stopped being, a copy) is rewritten too.
    write_ids = sorted(
        i for i in documents
        if i in processed or i not in plan.stored or plan.stored[i].duplicate_of != duplicate_of.get(i)
    )
    to_tag = [documents[i] for i in write_ids if i not in duplicate_of]

    with _timed(timings, "tag"):
        tagged: dict[str, TaggedDocument] = _run_batches(
            "tag", tag_batch, to_tag, batch_size, failed, version, settings.cache_dir / "spacy")
    write_ids = [i for i in write_ids if i not in failed]

    with _timed(timings, "build"):
        payload, changes = stages.build_payload(
            documents, dedupe, tagged, write_ids, removed_ids if prune else [],
            {s.meta.id for s in plan.changed}, store_uri, ddir, version,
        )

    with _timed(timings, "load"):
        progress.start("load", 1)
        counts = load_task(payload, store_uri, ddir) if (payload.replace_ids or payload.remove_ids) else {}
        progress.finish("load")

    report.documents = _rows(sources, plan, documents, write_ids, duplicate_of, failed, changes)
    report.documents += stages.removed_rows(plan, pruned=prune)
    report.documents += problem_rows(found.problems)
    report.counts = {**report.status_counts(), **stages.payload_counts(payload, tagged), **counts}
    if report.failed:
        lines = "\n".join(f"| `{d.file}` | {d.error} |" for d in report.failed)
        create_markdown_artifact(
            key="ingest-failures",
            markdown=f"# Documents that failed to ingest\n\n| file | reason |\n|---|---|\n{lines}\n",
            description=f"{len(report.failed)} of {len(sources)} documents failed",
        )
        logger.warning("%d document(s) failed: %s", len(report.failed),
                       ", ".join(d.file for d in report.failed))
    return report


def _rows(sources: list[Source], plan: Plan, documents: dict[str, Document], write_ids: list[str],
          duplicate_of: dict[str, str], failed: dict[str, str],
          changes: dict[str, Any]) -> list[DocumentReport]:
    new = {s.meta.id for s in plan.new}
    changed = {s.meta.id for s in plan.changed}
    rows = []
    for src in sources:
        sid = src.meta.id
        if sid in failed:
            rows.append(DocumentReport(id=sid, file=src.path.name, status="failed", error=failed[sid]))
            continue
        dup = duplicate_of.get(sid)
        if sid in new or sid in changed:
            status = "duplicate" if dup else ("new" if sid in new else "changed")
        else:
            status = "unchanged"
        rows.append(DocumentReport(id=sid, file=src.path.name, status=status, duplicate_of=dup,
                                   changes=changes.get(sid)))
    return rows
