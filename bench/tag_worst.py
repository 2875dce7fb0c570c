"""Why tagging needs its own per-document budget, and what the budget costs.

Run by hand: ``.venv/bin/python bench/tag_worst.py``. Results go to bench/RESULTS.md
("tag-worst"). Two measurements, each as ratios against a reference in the same run:

1. The worst case: one section that is nothing but harm mentions ("Online grooming and
   sextortion. " repeated). Tagging time against the smallest size: if tagging were linear the
   ratio would equal the size ratio; it grows much faster, so a 500 KB file stalls the tag stage
   for minutes and a 50 MB one (the size limit) practically for ever. Piece-wise tagging (D15)
   does not help: the pieces are merged back into one Doc before the overlap checks.
2. The price of the bound: the data/raw corpus tagged as ``tag-batch`` now does it (each
   document sent to the budget's worker process) against ``tag_many`` in this process.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import write_section  # noqa: E402

SIZES = (1_000, 2_000, 4_000, 8_000)  # repeats of the sentence: two harm mentions each
REPEAT = 10  # data/raw repeated for the cost of the bound


def _flood(n: int):  # type: ignore[no-untyped-def]
    from extractors.models import Document, Section, SourceMeta

    text = "Online grooming and sextortion. " * n
    return Document(id="flood", path="flood.txt", sha256="0", format="text",
                    metadata=SourceMeta(id="flood", file="flood.txt"),
                    sections=[Section(number="1", heading="Harms", text=text, ordinal=1, pages=[])])


def worst_case() -> list[tuple[int, int, float, int]]:
    """(repeats, words, seconds, mentions) per size, one run each (the largest takes a minute)."""
    from extractors.tagging.tagger import default_nlp, tag

    default_nlp()
    out = []
    for n in SIZES:
        doc = _flood(n)
        t = time.process_time()
        tagged = tag(doc)
        out.append((n, doc.word_count, time.process_time() - t, len(tagged.mentions)))
        print(out[-1], flush=True)
    return out


def bound_cost() -> tuple[int, float, float]:
    """(documents, seconds in process, seconds through the budget) over data/raw x REPEAT."""
    from extractors.reading.budget import Budget
    from extractors.reading.extract import extract
    from extractors.reading.sources import discover
    from extractors.tagging.tagger import default_nlp, tag, tag_many

    docs = [extract(s) for s in discover(ROOT / "data/raw").sources]
    batch = [d.model_copy(update={"id": f"{d.id}-{i}"}) for i in range(REPEAT) for d in docs]
    default_nlp()
    best_in, best_budget = float("inf"), float("inf")
    with Budget(timeout=60, memory_mb=4096, prepare=default_nlp) as budget:
        budget.run(len, [], label="warm-up")  # the worker's start-up is not per-document work
        for _ in range(3):
            t = time.perf_counter()
            tag_many(batch)
            best_in = min(best_in, time.perf_counter() - t)
            t = time.perf_counter()
            for d in batch:
                budget.run(tag, d, label=d.path)
            best_budget = min(best_budget, time.perf_counter() - t)
    return len(batch), best_in, best_budget


def main() -> None:
    load_before = os.getloadavg()[0]
    sizes = worst_case()
    n_docs, in_process, bounded = bound_cost()
    base_n, base_words, base_s, _ = sizes[0]
    rows = "\n".join(
        f"| {n:,} | {words:,} | {mentions:,} | {s:.2f} s | {n / base_n:.0f}x | {s / base_s:.0f}x |"
        for n, words, s, mentions in sizes)
    body = f"""
Worst case for the tagger: one section of "Online grooming and sextortion. " repeated, tagged
with `tag()` in one process (CPU seconds; reference: the smallest size in the same run).

| repeats | words | mentions | tag + link | size ratio | time ratio |
|---|---|---|---|---|---|
{rows}

The time ratio grows with about the square of the size ratio or faster, so the tag stage has a
per-document budget (`SKG_DOC_TIMEOUT`, the same as extraction's): 16,000 repeats (500 KB) would
take minutes; `tests/faults/test_bad_inputs.py` and `test_command_budgets.py` check that such a
document fails alone at the budget and the others are tagged and loaded.

Price of the bound: data/raw repeated {REPEAT}x ({n_docs} documents), best of 3, wall clock.

| measure | value |
|---|---|
| `tag_many` in this process (reference) | {in_process:.2f} s |
| each document through the budget's worker (`tag-batch`) | {bounded:.2f} s |
| ratio | {bounded / in_process:.2f} |
| 1-minute load average before / after | {load_before:.1f} / {os.getloadavg()[0]:.1f} |

The worker's start-up (imports and building the pipeline, about 1-2 s, once per batch and after
a kill) is outside each document's deadline and not in these rows.
"""
    print(body)
    write_section("tag-worst", body)


if __name__ == "__main__":
    main()
