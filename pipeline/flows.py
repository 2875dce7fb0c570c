"""The ``ingest`` flow: discover -> fetch -> plan -> extract -> dedupe -> tag -> build -> load.

One flow run per ingest and one task per batch of documents per stage keep Prefect's cost
small (FACTS.md). The flow decides; the tasks in :mod:`pipeline.tasks` each wrap one library
call. One store session spans the run (plan, edition diff and load join its server, and the
schema is ensured once); under ``skg ingest`` the command already holds the store and has
handed over its discovery and plan (:func:`pipeline.plan.take_over`), so neither is repeated.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.states import Completed

from extractors.models import DedupeResult, Document, Source, TaggedDocument
from pipeline import progress
from pipeline.plan import LoadPayload, Plan, check_prune, take_over
from pipeline.run_report import (
    DocumentReport,
    RunReport,
    Status,
    payload_counts,
    problem_rows,
    publish_run_report,
    removed_rows,
    skipped_report,
)
from pipeline.settings import get_settings
from pipeline.tasks import (
    BatchResult,
    build,
    dedupe_task,
    extract_batch,
    extract_cached,
    fetch_task,
    load_task,
    plan_task,
    tag_batch,
)


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
                 failed: dict[str, str], *args: Any) -> tuple[dict[str, Any], int]:
    """Submit ``batch_task`` per batch, gather ``ok`` results and add failures to ``failed``;
    returns the results and how many documents were computed (not cached)."""
    progress.start(stage, len(items))
    batches = _chunks(items, batch_size)
    futures = [batch_task.submit(batch, *args) for batch in batches]
    ok: dict[str, Any] = {}
    computed = 0
    for fut, batch in zip(futures, batches, strict=True):
        result = fut.result()
        ok.update(result.ok)
        failed.update(result.failed)
        computed += result.computed
        progress.advance(stage, len(batch))
    progress.finish(stage)
    return ok, computed


@flow(name="ingest", log_prints=True)
def ingest(
    source_dir: str = "data/raw",
    data_dir: str = "data",
    store: str | None = None,
    prune: bool = False,
    force: bool = False,
    batch_size: int = 200,
    yes: bool = False,
) -> Any:
    """Ingest the guidance in ``source_dir`` into the graph store and return the run report.

    Unchanged documents (same bytes, same processing version) are skipped; changed ones are
    replaced atomically; removed ones are reported and deleted only with ``prune`` (and, when
    that would remove more than half of the documents or all of them, only with ``yes``). A run
    with nothing to do ends in a ``Completed(name="Skipped")`` state.
    """
    from extractors.reading.sources import discover
    from graph.stores import open_store

    settings = get_settings(store=store, data_dir=Path(data_dir), raw_dir=Path(source_dir))
    report = RunReport()
    with open_store(settings.store, settings.data_dir, settings.neo4j) as graph_store:
        graph_store.ensure_schema()
        with _timed(report.timings, "discover"):
            planned = take_over(settings.raw_dir, settings.data_dir, settings.store, force)
            fetch_failed: dict[str, str] = {}
            if planned is not None:
                sources, plan, version = planned.sources, planned.plan, planned.version
                problems = planned.problems
                report.warnings.extend(planned.warnings)
            else:
                found = discover(settings.raw_dir)
                sources, problems = found.sources, found.problems
                report.warnings.extend(found.warnings)
                remote = [s for s in sources if s.meta.fetch]
                fetch_failed, fetch_warnings = fetch_task(remote, settings.raw_dir, force) if remote else ({}, [])
                report.warnings.extend(fetch_warnings)
                plan, version = plan_task(sources, settings.store, settings.data_dir, force,
                                          frozenset(p.id for p in problems))
            if prune:
                check_prune(plan, len(sources) + len(problems), settings.raw_dir, yes)
        if plan.nothing_to_do(prune) and not fetch_failed:
            skipped = skipped_report(plan, report.warnings)
            skipped.documents += problem_rows(problems)
            skipped.counts = skipped.status_counts()
            publish_run_report(skipped)
            return Completed(name="Skipped", message="nothing changed", data=skipped)
        return _process(settings, graph_store, report, sources, problems, plan, version, fetch_failed,
                        prune, force, batch_size)


def _process(settings: Any, graph_store: Any, report: RunReport, sources: list[Source], problems: list[Any],
             plan: Plan, version: str, fetch_failed: dict[str, str], prune: bool, force: bool,
             batch_size: int) -> RunReport:
    """Extract, de-duplicate, tag, build and load what the plan says; the run report."""
    from extractors.taxonomy.load import load_taxonomy
    from extractors.versions import tagging_version
    from graph.editions import record_editions
    from graph.schema import document_id

    timings = report.timings
    failed: dict[str, str] = dict(fetch_failed)
    by_id = {s.meta.id: s for s in sources}
    extract_args = (plan.hashes, settings.max_bytes, settings.cache_dir, force, settings.doc_timeout,
                    settings.doc_memory_mb)
    # Only new and changed documents are extracted: de-duplication places them with the
    # persisted index alone, and build/load need only the documents they write.
    with _timed(timings, "extract"):
        documents: dict[str, Document]
        documents, extracted = _run_batches("extract", extract_batch, [s for s in plan.to_process
                                            if s.meta.id not in failed], batch_size, failed, *extract_args)

    def read(result: BatchResult) -> None:
        nonlocal extracted
        failed.update(result.failed)
        extracted += result.computed
        documents.update(result.ok)

    with _timed(timings, "dedupe"):
        progress.start("dedupe", 1)
        present = {i: plan.hashes.get(i, "") for i in by_id if i not in failed}
        dedupe, missing = dedupe_task([documents[k] for k in sorted(documents)], present,
                                      settings.cache_dir / "lsh-index.pkl", settings.dedupe, by_id, extract_args)
        read(missing)  # documents the index lacked (a first run, a lost index)
        progress.finish("dedupe")
    duplicate_of = {m.id: g.canonical for g in dedupe.groups for m in g.members if m.id != g.canonical}

    processed = {s.meta.id for s in plan.to_process}
    # A document whose group role changed (it became, or stopped being, a copy) is rewritten too.
    write_ids = sorted(
        i for i in by_id if i not in failed and (
            i in processed or i not in plan.stored or plan.stored[i].duplicate_of != duplicate_of.get(i))
    )
    involved = _with_group_partners(write_ids, dedupe)
    unread = sorted(i for i in involved if i not in documents and i in by_id and i not in failed)
    if unread:  # unchanged partners of written documents, from the per-document cache
        with _timed(timings, "extract"):
            read(extract_cached([by_id[i] for i in unread], *extract_args))
    write_ids = [i for i in write_ids if i in documents]
    to_tag = [documents[i] for i in write_ids if i not in duplicate_of]

    taxonomy = load_taxonomy()
    with _timed(timings, "tag"):
        tagged: dict[str, TaggedDocument]
        tagged, tagged_n = _run_batches("tag", tag_batch, to_tag, batch_size, failed,
                                        tagging_version(taxonomy.version, taxonomy.hash),
                                        settings.cache_dir, force, settings.doc_timeout,
                                        settings.doc_memory_mb)
    write_ids = [i for i in write_ids if i not in failed]

    with _timed(timings, "build"):
        graph = build({i: documents[i] for i in involved if i in documents}, dedupe,
                      {i: t for i, t in tagged.items() if i in involved}, write_ids, version)
        changed = {s.meta.id for s in plan.changed}
        edited = [document_id(s) for s in write_ids if s in changed]
        changes, superseded = record_editions(graph, edited, graph_store.document_entities(edited),
                                              graph_store.document_properties(edited))
        payload = LoadPayload(graph, sorted([document_id(s) for s in write_ids] + superseded),
                              [document_id(d.id) for d in plan.removed] if prune else [])

    with _timed(timings, "load"):
        progress.start("load", 1)
        counts = (load_task(payload, settings.store, settings.data_dir)
                  if (payload.replace_ids or payload.remove_ids) else {})
        progress.finish("load")

    report.documents = _rows(sources, plan, duplicate_of, failed, changes)
    report.documents += removed_rows(plan, pruned=prune)
    report.documents += problem_rows(problems)
    report.counts = {**report.status_counts(), "extracted": extracted, "tagged": tagged_n,
                     **payload_counts(payload, tagged), **counts}
    if report.failed:
        _report_failures(report, len(sources))
    publish_run_report(report)
    return report


def _with_group_partners(write_ids: list[str], dedupe: DedupeResult) -> set[str]:
    """The documents the load writes plus the other members of their duplicate groups: all the
    graph must hold, since a document's own part (its node, sections, mentions, links and the
    edges it owns to its group) depends on no other document. Building only these, not the
    whole corpus, keeps a one-file change cheap."""
    involved = set(write_ids)
    for group in dedupe.groups:
        ids = {group.canonical, *(m.id for m in group.members)}
        if ids & set(write_ids):
            involved |= ids
    return involved


def _report_failures(report: RunReport, n_sources: int) -> None:
    """The ``ingest-failures`` markdown artifact and one warning line in the flow's log."""
    lines = "\n".join(f"| `{d.file}` | {d.error} |" for d in report.failed)
    create_markdown_artifact(
        key="ingest-failures",
        markdown=f"# Documents that failed to ingest\n\n| file | reason |\n|---|---|\n{lines}\n",
        description=f"{len(report.failed)} of {n_sources} documents failed",
    )
    get_run_logger().warning("%d document(s) failed: %s", len(report.failed),
                             ", ".join(d.file for d in report.failed))


def _rows(sources: list[Source], plan: Plan, duplicate_of: dict[str, str],
          failed: dict[str, str], changes: dict[str, Any]) -> list[DocumentReport]:
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
            status: Status = "duplicate" if dup else ("new" if sid in new else "changed")
        else:
            status = "unchanged"
        rows.append(DocumentReport(id=sid, file=src.path.name, status=status, duplicate_of=dup,
                                   changes=changes.get(sid)))
    return rows
