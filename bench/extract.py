"""Benchmark PDF extraction: pages/second and reading-order quality on generated PDFs.

Generates N PDFs (default 200; 1-8 pages each, half laid out in two columns, with a running
header and a "Page n of m" footer) and times, on the same files, in one process:

* ``skg`` column-aware extraction (``extractors.extract.extract``: dedupe, words, furniture
  removal, columns, sections);
* plain pdfplumber ``page.extract_text()`` (the baseline the target is relative to);
* pypdfium2 ``get_textpage().get_text_range()`` (the ceiling);
* a prototype: the same layout code fed with pypdfium2's line boxes instead of pdfplumber's
  words, to show what getting near the ceiling would take.

Quality is the share of the source's word 5-grams found in the output, on two-column pages.

Usage: ``.venv/bin/python bench/extract.py [--docs 200] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import write_section  # noqa: E402

PAGE_W, PAGE_H = 595.0, 842.0
SIZE, LEADING = 10.0, 12.5
VOCAB = [
    "children",
    "young",
    "people",
    "online",
    "risk",
    "harm",
    "guidance",
    "report",
    "police",
    "partnership",
    "safeguarding",
    "school",
    "parents",
    "carers",
    "grooming",
    "exploitation",
    "images",
    "platform",
    "support",
    "concern",
    "referral",
    "abuse",
    "internet",
    "social",
    "media",
    "gaming",
    "contact",
    "advice",
    "professional",
    "agency",
    "local",
    "practitioner",
    "child",
    "protection",
    "procedure",
    "assessment",
    "disclosure",
    "evidence",
    "service",
    "helpline",
    "consent",
    "privacy",
    "bullying",
    "messaging",
    "account",
    "device",
    "network",
    "content",
    "access",
    "training",
    "policy",
    "review",
]


def _paragraph(rng: random.Random, n: int) -> str:
    words = [rng.choice(VOCAB) for _ in range(n)]
    for i in range(0, n, rng.randint(9, 16)):
        words[i] = words[i].capitalize()
    return " ".join(words) + "."


def generate(path: Path, pages: int, columns: int, rng: random.Random) -> str:
    """Write a PDF of exactly ``pages`` pages; return the body text laid out, in order."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    margin, gutter = 50.0, 24.0
    col_w = (PAGE_W - 2 * margin - (columns - 1) * gutter) / columns
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    source: list[str] = []
    section = 0
    for page in range(1, pages + 1):
        c.setFont("Helvetica", 8)
        c.drawString(margin, PAGE_H - 30, "Local Safeguarding Partnership - Online Safety Guidance")
        c.drawCentredString(PAGE_W / 2, 28, f"Page {page} of {pages}")
        for col in range(columns):
            y = 780.0
            while y > 90:
                if rng.random() < 0.25:
                    section += 1
                    heading = f"{section}. {rng.choice(VOCAB).capitalize()} {rng.choice(VOCAB).capitalize()}"
                    c.setFont("Helvetica-Bold", SIZE)
                    c.drawString(margin + col * (col_w + gutter), y, heading)
                    source.append(heading)
                    y -= LEADING * 1.5
                words = _paragraph(rng, rng.randint(30, 90)).split()
                line: list[str] = []
                c.setFont("Helvetica", SIZE)
                for w in words + [None]:  # type: ignore[list-item]
                    trial = " ".join([*line, w]) if w else ""
                    if w is None or stringWidth(trial, "Helvetica", SIZE) > col_w:
                        if line and y > 70:
                            c.drawString(margin + col * (col_w + gutter), y, " ".join(line))
                            source.append(" ".join(line))
                            y -= LEADING
                        line = [w] if w else []
                    else:
                        line.append(w)
                y -= LEADING * 0.8
        c.showPage()
    c.save()
    return " ".join(source)


def corpus(directory: Path, n: int, seed: int = 7) -> list[tuple[Path, int, int, str]]:
    """(path, pages, columns, source text) for n generated PDFs."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        pages, columns = rng.randint(1, 8), 2 if i % 2 else 1
        path = directory / f"doc{i:03d}-{columns}col.pdf"
        out.append((path, pages, columns, generate(path, pages, columns, rng)))
    return out


def shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z]+", text.lower())
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


def skg_text(path: Path) -> str:
    from extractors.reading.extract import extract_path

    return extract_path(path).text


def plumber_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pdfium_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def pdfium_layout_text(path: Path) -> str:
    """Prototype: pypdfium2 line boxes through extractors.reading.layout (no furniture removal)."""
    import pypdfium2 as pdfium

    from extractors.reading.layout import Word, reading_order

    pdf = pdfium.PdfDocument(path)
    out: list[str] = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            height = page.get_height()
            tp = page.get_textpage()
            words = []
            for k in range(tp.count_rects()):
                left, bottom, right, top = tp.get_rect(k)
                words.append(
                    Word(
                        left,
                        right,
                        height - top,
                        height - bottom,
                        tp.get_text_bounded(left, bottom, right, top).strip(),
                    )
                )
            out.extend(line.text for line in reading_order(words))
    finally:
        pdf.close()
    return "\n".join(out)


def run_all(
    methods: list[tuple[str, Callable[[Path], str]]], docs: list[tuple[Path, int, int, str]]
) -> dict[str, tuple[float, float]]:
    """{method: (seconds, mean 5-gram survival on two-column documents)}.

    Methods take turns document by document, so a neighbour's load on a shared machine
    slows all of them alike and the ratios stay fair.
    """
    seconds = {name: 0.0 for name, _ in methods}
    scores: dict[str, list[float]] = {name: [] for name, _ in methods}
    for path, _, columns, source in docs:
        src = shingles(source) if columns == 2 else set()
        for name, method in methods:
            start = time.perf_counter()
            text = method(path)
            seconds[name] += time.perf_counter() - start
            if columns == 2:
                scores[name].append(len(src & shingles(text)) / max(1, len(src)))
    return {name: (seconds[name], sum(scores[name]) / max(1, len(scores[name]))) for name, _ in methods}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="write the corpus here instead of a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        docs = corpus(directory, args.docs)
        gen = time.perf_counter() - t
        pages = sum(p for _, p, _, _ in docs)
        two_col = sum(p for _, p, c, _ in docs if c == 2)
        print(f"generated {len(docs)} PDFs, {pages} pages ({two_col} two-column) in {gen:.1f}s", flush=True)
        methods = [
            ("skg column-aware (`extract()`: dedupe, words, furniture, columns, sections)", skg_text),
            ("pdfplumber `page.extract_text()`", plumber_text),
            ("pypdfium2 `get_text_range()` (ceiling)", pdfium_text),
            ("prototype: pypdfium2 line boxes + `extractors.reading.layout`", pdfium_layout_text),
        ]
        results = run_all(methods, docs)
        for name, (seconds, quality) in results.items():
            print(f"{name}: {pages / seconds:,.1f} pages/s, two-column 5-gram survival {quality:.1%}", flush=True)
    ours = pages / results[methods[0][0]][0]
    plain = pages / results[methods[1][0]][0]
    ceiling = pages / results[methods[2][0]][0]
    proto = pages / results[methods[3][0]][0]
    rows = "\n".join(f"| {name} | {pages / s:,.1f} | {q:.1%} |" for name, (s, q) in results.items())
    note = (
        ""
        if len(docs) == 200
        else f" (the default is 200; this run used `--docs {len(docs)}` to keep CPU time down on a shared machine)"
    )
    body = f"""`bench/extract.py`: {len(docs)} generated PDFs{note}, {pages} pages ({two_col} in two columns), 1-8 pages
each, with a running header and a "Page n of m" footer; one process. Quality is the share of
the source's word 5-grams found in the output on the two-column documents.

| method | pages/s | two-column 5-gram survival |
|---|---|---|
{rows}

- Column-aware extraction runs at **{ours / plain:.2f}x** the speed of plain `extract_text()`
  (target: at least 0.5x, {"met" if ours / plain >= 0.5 else "NOT met"}) and is the only pdfplumber path that keeps two-column
  text in order. Its cost stays close to `extract_text()` because the columns are found from
  the words pdfplumber builds anyway (no second pass over the characters), and because
  `extractors.pdf.dedupe_chars` replaces pdfplumber's `Page.dedupe_chars`, which is quadratic
  (it restores the order with `list.index`): a 3-page document took 2.9 s with pdfplumber's and
  takes 0.44 s with ours (plain `extract_text()`: 0.33 s).
- Methods take turns document by document, so load from other processes on a shared machine
  affects all rows alike; absolute rates vary with that load (FACTS.md measured pdfplumber at
  14.5 and pypdfium2 at 1,083 pages/s on an idle machine), the ratios much less.
- The ceiling (pypdfium2 plain text) is **{ceiling / ours:.0f}x** faster than us. Almost all of our
  time is pdfplumber/pdfminer building one Python dict per character; no pdfplumber setting
  avoids it. Getting within 10x of the ceiling ({ceiling / 10:,.0f} pages/s) means not building
  per-character objects in Python: the prototype row feeds pypdfium2's line boxes
  (`count_rects`/`get_rect`/`get_text_bounded`, C code) into the same `extractors.reading.layout`
  column logic and reaches **{proto:,.0f} pages/s ({ceiling / proto:.1f}x from the ceiling)**. Making it the
  extractor would need: furniture removal and paragraph gaps on those boxes (cheap, same
  code), fake-bold de-duplication (pdfium reports overprinted text twice; compare boxes),
  and checks that pdfium's boxes split at column gutters on real guidance PDFs. Running
  documents in parallel (one process per core) multiplies either path by the core count.
"""
    write_section("extract", body)
    print(body)


if __name__ == "__main__":
    main()
