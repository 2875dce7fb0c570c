"""The per-document cache: keys change with whatever changes the output; bad entries miss."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from extractors.models import Source
from extractors.reading.extract import extract
from pipeline import cache as cache_module
from pipeline.cache import DocumentCache, extract_key, tag_key
from pipeline.plan import file_sha256

from .conftest import GUIDANCE


def test_extract_key_changes_with_bytes_version_limit_and_metadata(
        write_source: Callable[..., Source], monkeypatch: pytest.MonkeyPatch) -> None:
    src = write_source("kent", GUIDANCE)
    sha = file_sha256(src.path)
    key = extract_key(src, sha, 1000)
    assert extract_key(src, sha, 1000) == key
    assert extract_key(src, "0" * 64, 1000) != key
    assert extract_key(src, sha, 2000) != key
    assert extract_key(src.model_copy(update={"in_manifest": False}), sha, 1000) != key
    monkeypatch.setattr(cache_module, "EXTRACT_VERSION", "999")
    assert extract_key(src, sha, 1000) != key


def test_tag_key_changes_with_the_tagging_version_and_the_document(write_source: Callable[..., Source]) -> None:
    doc = extract(write_source("kent", GUIDANCE))
    other = extract(write_source("kent", GUIDANCE + "\nOne more line.\n"))
    assert tag_key(doc, "n1.p1.t1") == tag_key(doc, "n1.p1.t1")
    assert tag_key(doc, "n1.p2.t1") != tag_key(doc, "n1.p1.t1")
    assert tag_key(other, "n1.p1.t1") != tag_key(doc, "n1.p1.t1")


def test_a_round_trip_returns_an_equal_model_and_a_damaged_entry_is_a_miss(
        write_source: Callable[..., Source], tmp_path: Path) -> None:
    from extractors.models import Document

    doc = extract(write_source("kent", GUIDANCE))
    cache = DocumentCache(tmp_path / "documents")
    cache.put("extract", "ab" + "0" * 62, doc)
    assert cache.get("extract", "ab" + "0" * 62, Document) == doc
    (tmp_path / "documents" / "extract" / "ab" / ("ab" + "0" * 62 + ".json")).write_text("{not json")
    assert cache.get("extract", "ab" + "0" * 62, Document) is None
    assert DocumentCache(tmp_path / "documents", read=False).get("extract", "cd" + "0" * 62, Document) is None
