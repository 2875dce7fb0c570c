"""Benchmark PDF extraction: pages/s and text fidelity of four methods, in one interleaved run.

Methods, on the same files in one process, taking turns file by file (the order rotates), so a
neighbour's load on a shared machine slows all of them alike and the ratios stay fair:

* ``fast``: ``extract_path(engine="pdfium")``, the default (PDFium words, layout, sections);
* ``pdfplumber``: ``extract_path(engine="pdfplumber")`` (same layout code, pdfminer's words);
* ``extract_text``: plain pdfplumber ``page.extract_text()``;
* ``pypdfium2``: raw ``get_textpage().get_text_range()`` (the ceiling).

Corpora: the generated one (``bench/_corpus.py``; fidelity = share of the source text's word
5-grams found in the output, and "in order" = a two-column document's numbered sections come
out as 1..n with fidelity >= 0.98) and, when present, ``../shared/pdfs`` (fidelity = share of
pypdfium2's distinct word 5-grams, on files with at least 20; each file has a 30 s limit).

Usage: ``.venv/bin/python bench/extract.py [--docs 200] [--real DIR] [--no-write]``
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import corpus  # noqa: E402
from _results import write_section  # noqa: E402

REAL = ROOT.parent / "shared" / "pdfs"
NOTES = """- Fidelity is the share of the reference's distinct word 5-grams (the source text for the generated
  corpus, pypdfium2's text for real files) found in each section's number, heading and text.
  "pdf_check's measure" leaves the section number out, as `../shared/tools/pdf_check.py` does, so
  every numbered heading costs the 5-grams that span its number.
- pypdfium2 reads in drawing order. On grids, charts and forms (pdf.js `issue269_2.pdf`,
  `issue8424.pdf`, pdfplumber `figure_structure.pdf`) skg reads row by row, which this proxy
  scores near 0 with all the text there; running headers and footers skg drops on purpose count
  as lost too.
- The machine is shared (other helpers' tests and benchmarks run beside it; see the load
  average), so absolute rates vary with the load; the ratios come from the one interleaved run."""
TOKEN = re.compile(r"\w+")


def grams(text: str, n: int = 5) -> set[tuple[str, ...]]:
    t = TOKEN.findall(text.lower())
    return {tuple(t[i : i + n]) for i in range(len(t) - n + 1)}


def fidelity(reference: set[tuple[str, ...]], text: str) -> float:
    return len(reference & grams(text)) / max(1, len(reference))


def _doc_text(doc: Any) -> str:
    """The document's words as printed: section number, heading, text."""
    return "\n".join(f"{s.number or ''} {s.heading}\n{s.text}" for s in doc.sections)


def _check_text(doc: Any) -> str:
    """What ../shared/tools/pdf_check.py compares: heading and text, without the section number."""
    return "\n".join(f"{s.heading}\n{s.text}" for s in doc.sections)


def fast(path: Path) -> tuple[str, Any]:
    from extractors.reading.extract import extract_path

    doc = extract_path(path, engine="pdfium")
    return _doc_text(doc), doc


def plumber_engine(path: Path) -> tuple[str, Any]:
    from extractors.reading.extract import extract_path

    doc = extract_path(path, engine="pdfplumber")
    return _doc_text(doc), doc


def extract_text(path: Path) -> tuple[str, Any]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        out = []
        for page in pdf.pages:
            out.append(page.extract_text() or "")
            page.close()
        return "\n".join(out), None


def raw_pdfium(path: Path) -> tuple[str, Any]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            out.append(tp.get_text_range())
            tp.close()
            page.close()
        return "\n".join(out), None
    finally:
        pdf.close()


METHODS: list[tuple[str, Callable[[Path], tuple[str, Any]]]] = [
    ("fast (PDFium words + layout, the default)", fast),
    ("`--engine pdfplumber` (same layout)", plumber_engine),
    ("pdfplumber `extract_text()`", extract_text),
    ("pypdfium2 `get_text_range()` (ceiling)", raw_pdfium),
]


class _Timeout(Exception):
    pass


def _timed(method: Callable[[Path], tuple[str, Any]], path: Path, limit: int) -> tuple[float, str | None, Any]:
    def alarm(*_: Any) -> None:
        raise _Timeout

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(limit)
    start = time.perf_counter()
    try:
        text, doc = method(path)
        return time.perf_counter() - start, text, doc
    except Exception:  # noqa: BLE001 - a failure is a result here, counted per method
        return time.perf_counter() - start, None, None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run(files: list[tuple[Path, int, str | None]], limit: int = 30) -> dict[str, Any]:
    """Per method: seconds and pages over files every method read, fidelities, failures, texts."""
    names = [n for n, _ in METHODS]
    out: dict[str, Any] = {n: {"secs": 0.0, "pages": 0, "fid": {}, "check": {}, "failed": [], "docs": {}}
                           for n in names}
    for k, (path, pages, source) in enumerate(files):
        order = METHODS[k % len(METHODS) :] + METHODS[: k % len(METHODS)]
        got = {name: _timed(m, path, limit) for name, m in order}
        ref_text = source if source is not None else got[names[3]][1]
        ref = grams(ref_text) if ref_text else set()
        every = all(t is not None for _, t, _ in got.values())
        for name, (secs, text, doc) in got.items():
            r = out[name]
            if text is None:
                r["failed"].append(path.name)
                continue
            r["docs"][path.name] = doc
            if every:
                r["secs"] += secs
                r["pages"] += pages
            if len(ref) >= 20:
                r["fid"][path.name] = fidelity(ref, text)
                r["check"][path.name] = fidelity(ref, _check_text(doc)) if doc is not None else r["fid"][path.name]
    return out


def _pages(path: Path) -> int:
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(path)
        n = len(pdf)
        pdf.close()
        return n
    except Exception:  # noqa: BLE001 - unreadable by PDFium: count it as one page
        return 1


def _table(res: dict[str, Any], base: str) -> str:
    rate = {n: r["pages"] / r["secs"] if r["secs"] else 0.0 for n, r in res.items()}
    lines = ["| method | pages/s | x of pypdfium2's time | median fidelity | same, pdf_check's measure | "
             "files < 0.5 | failed |", "|---|---|---|---|---|---|---|"]
    for n, r in res.items():
        fid = list(r["fid"].values())
        med = f"{statistics.median(fid):.3f}" if fid else "-"
        check = list(r["check"].values())
        med_check = f"{statistics.median(check):.3f}" if check else "-"
        slow = rate[base] / rate[n] if rate[n] else 0.0
        lines.append(f"| {n} | {rate[n]:,.1f} | {slow:.1f} | {med} | {med_check} | {sum(f < 0.5 for f in fid)} | "
                     f"{len(r['failed'])} |")
    return "\n".join(lines)


def _in_order(res: dict[str, Any], docs: list[tuple[Path, int, int, str]]) -> dict[str, str]:
    out = {}
    two = [p for p, _, c, _ in docs if c == 2]
    for name in [n for n, _ in METHODS[:2]]:
        ok = 0
        for path in two:
            doc = res[name]["docs"].get(path.name)
            if doc is None:
                continue
            numbers = [s.number for s in doc.sections if s.number]
            expected = [str(i) for i in range(1, len(numbers) + 1)]
            ok += numbers == expected and res[name]["fid"].get(path.name, 0) >= 0.98
        out[name] = f"{ok}/{len(two)}"
    return out


def _load(avg: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:.1f}" for v in avg)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--real", type=Path, default=REAL)
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    names = [n for n, _ in METHODS]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        docs = corpus(Path(tmp), args.docs)
        gen = run([(p, pages, src) for p, pages, _, src in docs])
        order = _in_order(gen, docs)
    pages = sum(p for _, p, _, _ in docs)
    body = [f"Generated corpus: {len(docs)} PDFs, {pages} pages (half in two columns), 1-8 pages each.\n",
            _table(gen, names[3]), "",
            f"Two-column documents read in order: fast {order[names[0]]}, pdfplumber engine {order[names[1]]}."]
    if args.real.is_dir():
        files = sorted(p for p in args.real.iterdir() if p.suffix.lower() == ".pdf")
        real = run([(p, _pages(p), None) for p in files])
        fast_f, plain_f = real[names[0]]["fid"], real[names[2]]["fid"]
        worse = sorted((fast_f[f] - plain_f[f], f) for f in fast_f if f in plain_f and fast_f[f] < plain_f[f] - 0.05)
        check_f = real[names[0]]["check"]
        worse_check = sorted((check_f[f] - plain_f[f], f) for f in check_f
                             if f in plain_f and check_f[f] < plain_f[f] - 0.05)
        worst = sorted((v, f) for f, v in fast_f.items())[:5]
        body += ["", f"Real files ({args.real.name}/: {len(files)} PDFs; pages/s over the files all four read; "
                 "fidelity against pypdfium2's text):\n", _table(real, names[3]), "",
                 f"Files where fast is more than 0.05 below `extract_text()`: {len(worse)}"
                 + (": " + ", ".join(f"{f} ({d:+.2f})" for d, f in worse) if worse else "") + "; "
                 f"on pdf_check's measure: {len(worse_check)}"
                 + (": " + ", ".join(f"{f} ({d:+.2f})" for d, f in worse_check) if worse_check else "") + ".",
                 "Lowest fast fidelity: " + ", ".join(f"{f} {v:.2f}" for v, f in worst) + "."]
    load_after = os.getloadavg()
    body += ["", f"Load average (1, 5, 15 min) at the start {_load(load_before)}, at the end {_load(load_after)}.",
             "", NOTES]
    text = "\n".join(body)
    print(text)
    if not args.no_write:
        write_section("extract", "`bench/extract.py`: methods take turns file by file (order rotating), so "
                      "the ratios hold on a loaded machine; absolute rates vary with the load.\n\n" + text)


if __name__ == "__main__":
    main()
