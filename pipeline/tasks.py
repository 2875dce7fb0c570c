"""Prefect tasks: each wraps one library stage and adds only orchestration policy.

Granularity is a batch of documents per task (FACTS.md: a task run costs 25-35 ms until the
ephemeral server has stored it, so one task per document per stage does not scale). Failures
stay isolated per document inside a batch: a bad file becomes a ``failed`` entry, the rest of
its batch is processed. Pure, expensive stages are cached by the documents' sha256 plus the
extractor / taxonomy / pipeline versions; writes are never cached; only transient store
errors are retried.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from prefect import task
from prefect.tasks import exponential_backoff

from extractors.errors import SkgError, StoreUnavailableError
from extractors.models import DedupeResult, Document, Source, TaggedDocument
from extractors.versions import EXTRACT_VERSION, PIPELINE_VERSION
from pipeline import stages

BatchResult = dict[str, Any]  # {"ok": {id: result}, "failed": {id: "file: reason"}}


def _batch_key(kind: str, version: str, parts: list[str]) -> str:
    return hashlib.sha256("\n".join([kind, version, *parts]).encode()).hexdigest()


def _extract_key(_ctx: Any, params: dict[str, Any]) -> str:
    parts = [f"{s.meta.model_dump_json()}|{params['hashes'].get(s.meta.id, '')}"
             for s in params["sources"]]
    # The budget is in the key: a document that ran out of time is retried when it is raised.
    budget = f"{params.get('timeout', 60.0)}:{params.get('memory_mb', 4096)}"
    return _batch_key("extract", f"{EXTRACT_VERSION}:{params['max_bytes']}:{budget}", parts)


def _tag_key(_ctx: Any, params: dict[str, Any]) -> str:
    parts = [f"{d.id}|{d.sha256}|{d.metadata.model_dump_json()}" for d in params["documents"]]
    return _batch_key("tag", f"{PIPELINE_VERSION}:{params['processing_version']}", parts)


@task(name="extract-batch", cache_key_fn=_extract_key, persist_result=True)
def extract_batch(sources: list[Source], hashes: dict[str, str], max_bytes: int,
                  timeout: float = 60.0, memory_mb: int = 4096) -> BatchResult:
    """Extract a batch of sources; per-document failures are collected, not raised.

    Each document runs in a worker process with a deadline and a memory cap (D6), so any
    exception, a runaway or a crash becomes that document's one-line failure."""
    from extractors.reading.budget import Budget
    from extractors.reading.extract import extract
    from extractors.reading.sources import display_name

    ok: dict[str, Document] = {}
    failed: dict[str, str] = {}
    with Budget(timeout, memory_mb) as budget:
        for source in sources:
            try:
                ok[source.meta.id] = budget.run(extract, source, max_bytes=max_bytes,
                                                label=display_name(str(source.path)))
            except SkgError as e:
                failed[source.meta.id] = str(e)
    return {"ok": ok, "failed": failed}


@task(name="dedupe")
def dedupe_task(documents: list[Document], index_path: Path, thresholds: dict[str, float]) -> DedupeResult:
    """Group duplicates, revisions and containments over the whole corpus."""
    return stages.dedupe_documents(documents, index_path, thresholds)


@task(name="tag-batch", cache_key_fn=_tag_key, persist_result=True)
def tag_batch(documents: list[Document], processing_version: str, cache_dir: Path) -> BatchResult:
    """Tag and link a batch of canonical documents; per-document failures are collected."""
    ok: dict[str, TaggedDocument] = {}
    failed: dict[str, str] = {}
    for doc, result in zip(documents, stages.tag_documents(documents, cache_dir), strict=True):
        if isinstance(result, Exception):
            failed[doc.id] = f"{doc.path}: tagging failed: {result}"
        else:
            ok[doc.id] = result
    return {"ok": ok, "failed": failed}


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
      retry_condition_fn=is_transient)
def load_task(payload: stages.LoadPayload, store_uri: str, data_dir: Path) -> dict[str, Any]:
    """Write the changed documents (and prune removed ones) in one store session."""
    return stages.load(payload, store_uri, data_dir)
