"""The per-document budget: a runaway, a memory hog or a crash fails that call only (D6)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from extractors.errors import BudgetExceededError, ExtractionError
from extractors.models import Source, SourceMeta
from extractors.reading.budget import Budget
from extractors.reading.extract import extract


@pytest.fixture(scope="module")
def budget():  # type: ignore[no-untyped-def]
    with Budget(timeout=5, memory_mb=1024) as b:
        yield b


@pytest.mark.timeout(60)
def test_a_call_over_its_deadline_fails_and_the_next_call_runs(budget: Budget) -> None:
    start = time.monotonic()
    with pytest.raises(BudgetExceededError, match=r"slow\.txt: took over 5 s \(raise SKG_DOC_TIMEOUT"):
        budget.run(time.sleep, 120, label="slow.txt")
    assert time.monotonic() - start < 30
    assert budget.run(sum, [1, 2, 3], label="next") == 6


@pytest.mark.timeout(60)
def test_a_call_over_its_memory_cap_fails(budget: Budget) -> None:
    with pytest.raises(BudgetExceededError, match=r"hog\.pdf: .*memory.*SKG_DOC_MEMORY_MB=1024"):
        budget.run(bytearray, 4 * 1024**3, label="hog.pdf")
    assert budget.run(len, "abc", label="next") == 3


@pytest.mark.timeout(60)
def test_a_crashing_worker_fails_that_call_only(budget: Budget) -> None:
    with pytest.raises(BudgetExceededError, match=r"crash\.html: the worker died"):
        budget.run(os._exit, 3, label="crash.html")
    assert budget.run(max, 4, 5, label="next") == 5


@pytest.mark.timeout(60)
def test_any_exception_becomes_an_extraction_error_naming_the_file(budget: Budget) -> None:
    with pytest.raises(ExtractionError, match=r"^bad\.txt: ValueError: invalid literal"):
        budget.run(int, "x", label="bad.txt")
    with pytest.raises(ExtractionError, match=r"^deep\.html: nested too deeply"):
        budget.run(json.loads, "[" * 100_000, label="deep.html")


@pytest.mark.timeout(60)
def test_extraction_through_the_budget_returns_the_document(budget: Budget, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("1. Online grooming\n\nReport it to CEOP.\n")
    source = Source(path=path, meta=SourceMeta(id="a", file="a.txt"))
    doc = budget.run(extract, source, label=str(path))
    assert doc.id == "a" and "CEOP" in doc.text
