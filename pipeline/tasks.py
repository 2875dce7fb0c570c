"""Prefect tasks: each wraps one library stage and adds only orchestration policy.

Granularity is a batch of documents per task (FACTS.md: a task run costs 25-35 ms until the
ephemeral server has stored it, so one task per document per stage does not scale). Failures
stay isolated per document inside a batch: a bad file becomes a ``failed`` entry, the rest of
its batch is processed. Extraction and tagging are cached per document inside the batch
(:mod:`pipeline.cache`), not by Prefect per batch, so one changed file costs one document's
work. Writes are never cached; only transient store errors are retried.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from extractors.dedupe.config import DedupeConfig
from extractors.errors import FetchError, StoreUnavailableError
from extractors.models import DedupeResult, Document, Source, TaggedDocument
from pipeline.cache import DocumentCache, extract_key, tag_key
from pipeline.plan import LoadPayload, Plan


@dataclass(frozen=True)
class BatchResult:
    """One batch's results by document id, failures as ``{id: "file: reason"}``, and how many
    documents were computed rather than read from the cache."""

    ok: dict[str, Any] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    computed: int = 0


@task(name="fetch-remote", cache_policy=NO_CACHE)
def fetch_task(sources: list[Source], source_dir: Path, force: bool = False) -> tuple[dict[str, str], list[str]]:
    """Conditional GET of every ``fetch = true`` source: ``({id: error}, warnings)``; a new
    edition held back (D9: a login page, a 1-byte body) is a warning and the previous copy is
    ingested as before, unless ``force``."""
    from extractors.reading.fetch import fetch, harm_ids

    failed: dict[str, str] = {}
    warnings: list[str] = []
    for src in sources:
        try:
            result = fetch(src.meta, source_dir, force=force, harms_of=harm_ids)
        except FetchError as e:
            failed[src.meta.id] = str(e)
            continue
        if result.reason:
            warnings.append(result.reason)
    return failed, warnings


@task(name="plan", cache_policy=NO_CACHE)
def plan_task(sources: list[Source], store_uri: str, data_dir: Path, force: bool,
              keep: frozenset[str] = frozenset()) -> tuple[Plan, str]:
    """Compare the sources with the store (see :func:`pipeline.plan.plan_sources`)."""
    from graph.stores import open_store
    from pipeline.plan import plan_sources

    with open_store(store_uri, data_dir) as store:  # joins the flow's server: no new start
        return plan_sources(sources, store, force, keep)


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(sources: list[Source], hashes: dict[str, str], max_bytes: int, cache_dir: Path,
                  force: bool = False, timeout: float = 60.0, memory_mb: int = 4096) -> BatchResult:
    """Extract a batch of sources (:func:`extract_cached`)."""
    return extract_cached(sources, hashes, max_bytes, cache_dir, force, timeout, memory_mb)


def extract_cached(sources: list[Source], hashes: dict[str, str], max_bytes: int, cache_dir: Path,
                   force: bool = False, timeout: float = 60.0, memory_mb: int = 4096) -> BatchResult:
    """Extract sources, each from the per-document cache when its bytes, metadata and the
    extractor version are unchanged; per-document failures are collected, not raised.

    Each document is extracted in a worker process with a deadline and a memory cap (D6), so a
    runaway or a crash becomes that document's one-line failure (failures are never cached)."""
    from extractors.reading.budget import Budget
    from extractors.reading.extract import extract_all

    cache = DocumentCache(cache_dir / "documents", read=not force)
    ok: dict[str, Document] = {}
    todo: list[Source] = []
    for src in sources:
        digest = hashes.get(src.meta.id)
        hit = cache.get("extract", extract_key(src, digest, max_bytes), Document) if digest else None
        if hit is not None:
            ok[src.meta.id] = hit
        else:
            todo.append(src)
    if not todo:
        return BatchResult(ok)
    with Budget(timeout, memory_mb) as budget:
        result = extract_all(todo, max_bytes, budget=budget)
    by_id = {s.meta.id: s for s in todo}
    for doc in result.documents:
        ok[doc.id] = doc
        cache.put("extract", extract_key(by_id[doc.id], doc.sha256, max_bytes), doc)
    return BatchResult(ok, {f.id: f.message for f in result.failures}, computed=len(todo))


@task(name="dedupe", cache_policy=NO_CACHE)
def dedupe_task(changed: list[Document], present: dict[str, str], index_path: Path, config: DedupeConfig,
                sources: dict[str, Source], extract_args: tuple[Any, ...]) -> tuple[DedupeResult, BatchResult]:
    """The corpus's duplicate groups after ``changed`` documents, from the persisted index
    (:func:`extractors.dedupe.groups.dedupe_changed`). Unchanged documents are not read unless
    the index lacks them (a first run, a lost index): those come from :func:`extract_cached`
    and are returned too, so that a task run in another process hands them back."""
    from extractors.dedupe.groups import dedupe_changed

    read = BatchResult()

    def reader(ids: list[str]) -> list[Document]:
        nonlocal read
        read = extract_cached([sources[i] for i in ids], *extract_args)
        return [read.ok[i] for i in ids if i in read.ok]

    return dedupe_changed(changed, present, index_path, reader, config), read


@task(name="tag-batch", cache_policy=NO_CACHE)
def tag_batch(documents: list[Document], tagging_version: str, cache_dir: Path,
              force: bool = False, timeout: float = 60.0, memory_mb: int = 4096) -> BatchResult:
    """Tag and link a batch of canonical documents, each from the per-document cache when it
    and the tagging version are unchanged.

    Each document is tagged in a worker process under the same per-document budget as its
    extraction (``SKG_DOC_TIMEOUT``, ``SKG_DOC_MEMORY_MB``), so a document that stalls or
    exhausts the tagger, or crashes it, becomes that document's one-line failure and the rest
    of the batch is still tagged. The worker builds the spaCy pipeline once (0.2 s), before
    the first document's deadline starts."""
    from extractors.errors import SkgError
    from extractors.reading.budget import Budget
    from extractors.tagging.tagger import default_nlp, tag

    cache = DocumentCache(cache_dir / "documents", read=not force)
    ok: dict[str, TaggedDocument] = {}
    todo: list[Document] = []
    for doc in documents:
        hit = cache.get("tag", tag_key(doc, tagging_version), TaggedDocument)
        if hit is not None:
            ok[doc.id] = hit
        else:
            todo.append(doc)
    failed: dict[str, str] = {}
    if todo:
        with Budget(timeout, memory_mb, prepare=default_nlp) as budget:
            for doc in todo:
                try:
                    result = budget.run(tag, doc, label=f"{doc.path}: tagging failed")
                except SkgError as e:
                    failed[doc.id] = " ".join(str(e).split())
                    continue
                ok[doc.id] = result
                cache.put("tag", tag_key(doc, tagging_version), result)
    return BatchResult(ok, failed, computed=len(todo))


def build(documents: dict[str, Document], dedupe: DedupeResult, tagged: dict[str, TaggedDocument],
          write_ids: list[str], version: str) -> Any:
    """The graph of ``documents`` (:func:`graph.build.build_graph`), the written documents
    stamped with their version (:func:`pipeline.plan.document_version`).

    Not a task: Prefect walks a task's parameters looking for upstream futures, and over a
    cold corpus (1,000 Documents and their tagging) that walk cost more than the build itself
    (bench/ingest.py: build 16 s as a task, under a second in the flow body). ``quote()``
    would skip the walk, but the Dask task runner then passes the wrapper, not the value."""
    from extractors.taxonomy.load import load_taxonomy
    from graph.build import build_graph
    from graph.schema import document_id

    graph = build_graph([documents[k] for k in sorted(documents)], dedupe,
                        [tagged[k] for k in sorted(tagged)], load_taxonomy(),
                        ingested_at=datetime.now(UTC).isoformat(timespec="seconds"))
    from pipeline.plan import document_version

    for sid in write_ids:  # the manifest entry's hash is part of it: editing the entry re-ingests
        graph.nodes[document_id(sid)]["version"] = document_version(version, documents[sid].metadata)
    return graph


def is_transient(_task: Any, _task_run: Any, state: Any) -> bool:
    """Retry loads only when the store was unreachable, never on a deterministic error."""
    try:
        state.result()
    except StoreUnavailableError:
        return True
    except Exception:  # noqa: BLE001 - anything else is deterministic: do not retry
        return False
    return False


@task(name="load", retries=3, retry_delay_seconds=exponential_backoff(2),
      retry_condition_fn=is_transient, cache_policy=NO_CACHE)
def load_task(payload: LoadPayload, store_uri: str, data_dir: Path) -> dict[str, Any]:
    """Write the changed documents (and prune removed ones) in one store session; returns the
    store's counts afterwards."""
    from graph.stores import open_store

    with open_store(store_uri, data_dir) as store:  # joins the flow's server: no new start
        if payload.replace_ids:
            store.replace_documents(payload.graph, payload.replace_ids)
        if payload.remove_ids:  # a pruned document goes with its superseded editions
            store.remove_documents([*payload.remove_ids, *store.superseded_editions(payload.remove_ids)])
        return dict(store.counts())
