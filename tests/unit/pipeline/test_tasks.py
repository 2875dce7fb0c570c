"""The tasks' policy without a Prefect server: retries only on transient store errors, and the
per-document cache inside a batch (the task bodies run through ``task.fn``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from prefect.states import Completed, Failed

from extractors.errors import ConfigError, StoreUnavailableError, StoreWriteError
from extractors.models import Source
from graph.stores import open_store
from pipeline.plan import file_sha256
from pipeline.tasks import extract_batch, is_transient, tag_batch

from .conftest import GUIDANCE


def _failed_with(error: Exception) -> Failed:
    return Failed(data=error)


def test_only_an_unreachable_store_is_retried() -> None:
    assert is_transient(None, None, _failed_with(StoreUnavailableError("socket gone")))
    assert not is_transient(None, None, _failed_with(StoreWriteError("constraint violated")))
    assert not is_transient(None, None, _failed_with(ValueError("bad input")))
    assert not is_transient(None, None, Completed(data={"nodes": 1}))


def test_an_unknown_store_uri_is_a_user_error_and_not_retried() -> None:
    with pytest.raises(ConfigError) as err:
        open_store("mysql://db.example")
    assert not isinstance(err.value, StoreUnavailableError)
    assert not is_transient(None, None, _failed_with(err.value))


def _extract(sources: list[Source], cache: Path, force: bool = False):  # type: ignore[no-untyped-def]
    hashes = {s.meta.id: file_sha256(s.path) for s in sources}
    return extract_batch.fn(sources, hashes, 1 << 20, cache, force)


def test_extraction_is_cached_per_document_so_one_changed_file_is_extracted_alone(
        write_source: Callable[..., Source], tmp_path: Path) -> None:
    sources = [write_source(f"doc{i}", GUIDANCE + f"\nDocument {i}.\n") for i in range(4)]
    cache = tmp_path / "cache"
    first = _extract(sources, cache)
    assert first.computed == 4 and sorted(first.ok) == ["doc0", "doc1", "doc2", "doc3"] and not first.failed

    again = _extract(sources, cache)
    assert again.computed == 0
    assert again.ok == first.ok  # the cached Documents are equal to the extracted ones

    write_source("doc2", GUIDANCE + "\nDocument 2, second edition.\n")
    third = _extract(sources, cache)
    assert third.computed == 1
    assert "second edition" in third.ok["doc2"].text and third.ok["doc1"] == first.ok["doc1"]

    assert _extract(sources, cache, force=True).computed == 4  # --force bypasses the cache


def test_changed_metadata_misses_the_cache(write_source: Callable[..., Source], tmp_path: Path) -> None:
    src = write_source("kent", GUIDANCE)
    cache = tmp_path / "cache"
    assert _extract([src], cache).computed == 1
    moved = src.model_copy(update={"meta": src.meta.model_copy(update={"region": ["Medway"]})})
    result = _extract([moved], cache)
    assert result.computed == 1 and result.ok["kent"].metadata.region == ["Medway"]


def test_failures_are_one_line_per_document_and_never_cached(
        write_source: Callable[..., Source], tmp_path: Path) -> None:
    good = write_source("good", GUIDANCE)
    empty = write_source("empty", "")
    cache = tmp_path / "cache"
    for _ in range(2):
        result = _extract([good, empty], cache)
        assert list(result.ok) == ["good"]
        assert result.failed == {"empty": f"{empty.path}: empty file"}
    assert result.computed == 1  # the failure is tried again, the good document is cached


# 32,000 harm mentions in one section: tagging time grows with about the square of their number
# (bench/tag_worst.py: half as many took 41 CPU seconds), so this takes minutes on any machine,
# far over the 10 s budget below; the good documents take milliseconds.
STALLS_THE_TAGGER = "1. Harms\n\n" + "Online grooming and sextortion. " * 16_000


@pytest.mark.timeout(300)
def test_a_document_that_stalls_the_tagger_fails_alone_and_the_batch_is_tagged(
        write_source: Callable[..., Source], tmp_path: Path) -> None:
    from extractors.reading.extract import extract

    docs = [extract(write_source(sid, text)) for sid, text in
            (("good0", GUIDANCE), ("stall", STALLS_THE_TAGGER), ("good1", GUIDANCE + "\nMore.\n"))]
    cache = tmp_path / "cache"
    result = tag_batch.fn(docs, "v-test", cache, False, 10.0, 4096)
    assert sorted(result.ok) == ["good0", "good1"] and result.computed == 3
    assert {m.entity_id for m in result.ok["good0"].mentions} >= {"harm:grooming", "harm:sextortion"}
    assert result.failed == {"stall": f"{docs[1].path}: tagging failed: took over 10 s (raise SKG_DOC_TIMEOUT "
                                      "to allow more)"}
    again = tag_batch.fn(docs[::2], "v-test", cache, False, 10.0, 4096)  # the good ones were cached
    assert again.computed == 0 and again.ok == result.ok
