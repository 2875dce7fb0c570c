"""PDF text with pdfplumber, in reading order, without page furniture.

Per page: duplicate characters drawn twice for a fake-bold effect are removed
(``dedupe_chars``), words are extracted once, rows in the top and bottom margins that repeat
across pages (running headers and footers) or give a page number ("2|Page", "Page 3 of 9")
are dropped, and :mod:`extractors.reading.layout` orders the rest column by column. Every line keeps
its page number.

Failures are fast and named: a file cut short (no ``%%EOF``), bytes pdfminer cannot parse, a
password-protected file without the right password in ``sources.toml``, or a scan with no
text layer each raise their own :mod:`extractors.errors` class.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from operator import itemgetter
from pathlib import Path
from typing import Any

from extractors.errors import CorruptDocumentError, EncryptedDocumentError, NoTextLayerError
from extractors.reading.layout import Word, reading_order, rows
from extractors.reading.normalise import join_hyphenated_indexed, normalise_line, page_number
from extractors.reading.sections import Line

MARGIN = 0.09  # share of the page height at top and bottom where headers and footers live
_DIGITS = re.compile(r"\d+")


def extract_pdf_lines(
    path: Path, data: bytes, password: str | None = None
) -> tuple[list[Line], list[str], str | None]:
    """Lines in reading order (blank between paragraphs), warnings, and the PDF's title."""
    _check_complete(path, data)
    pages, title = _read_words(path, data, password)
    if not pages:
        raise CorruptDocumentError(f"{path}: damaged PDF (no pages found)")
    warnings: list[str] = []
    if not any(words for _, _, words in pages):
        raise NoTextLayerError(f"{path}: no text layer; OCR is not supported")
    blank = [i + 1 for i, (_, _, words) in enumerate(pages) if not words]
    if blank:
        warnings.append(f"page(s) {_ranges(blank)} have no text layer (scanned?); skipped")
    furniture = _repeated_margin_rows(pages)
    texts: list[str] = []
    page_of: list[int] = []
    for number, (_width, height, words) in enumerate(pages, start=1):
        body = _drop_furniture(words, height, furniture)
        for line in reading_order(body):
            if line.para and texts and texts[-1]:
                texts.append("")
                page_of.append(number)
            texts.append(normalise_line(line.text))
            page_of.append(number)
        texts.append("")
        page_of.append(number)
    lines = [Line(t, page_of[i]) for t, i in join_hyphenated_indexed(texts)]
    return lines, warnings, title


def _check_complete(path: Path, data: bytes) -> None:
    """A PDF ends with %%EOF; without it the file was cut short (a failed download)."""
    if b"%%EOF" not in data[-2048:]:
        raise CorruptDocumentError(f"{path}: truncated or damaged PDF (no %%EOF at the end); fetch it again")


def _read_words(path: Path, data: bytes,
                password: str | None) -> tuple[list[tuple[float, float, list[Word]]], str | None]:
    """(width, height, words) for every page, and the document title from its metadata."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils import extract_words

    try:
        # from the bytes already read: the file is read once per extraction
        with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            title = _title(pdf.metadata)
            pages = []
            for page in pdf.pages:
                chars = dedupe_chars(page.chars)
                words = [
                    Word(w["x0"], w["x1"], w["top"], w["bottom"], w["text"])
                    for w in extract_words(chars)
                ]
                pages.append((float(page.width), float(page.height), words))
                page.close()  # drop the page's cached objects: memory stays flat on long PDFs
            return pages, title
    except Exception as e:
        cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(cause, PDFPasswordIncorrect):
            hint = "wrong password in sources.toml" if password else "encrypted; supply the password in sources.toml"
            raise EncryptedDocumentError(f"{path}: {hint}") from e
        if isinstance(cause, (MemoryError, KeyboardInterrupt)):
            raise
        reason = str(cause) or type(cause).__name__
        raise CorruptDocumentError(f"{path}: damaged PDF ({reason})") from e


def dedupe_chars(chars: list[dict[str, Any]], tolerance: float = 1.0) -> list[dict[str, Any]]:
    """Characters without the copies drawn over them for a fake-bold effect.

    The same rule as pdfplumber's ``Page.dedupe_chars`` (same text, font and size within
    ``tolerance`` points keep only the first), but in O(n log n): pdfplumber's version
    restores the order with ``list.index``, which is quadratic and took 75% of the time on
    a page of 3,000 characters.
    """
    from pdfplumber.utils.clustering import cluster_objects

    def key(c: dict[str, Any]) -> tuple[Any, ...]:
        return (c["upright"], c["text"], c["fontname"], c["size"])

    order = {id(c): i for i, c in enumerate(chars)}
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for c in chars:
        groups.setdefault(key(c), []).append(c)
    keep: list[int] = []
    for group in groups.values():
        if len(group) == 1:
            keep.append(order[id(group[0])])
            continue
        for row in cluster_objects(group, itemgetter("doctop"), tolerance):
            for cluster in cluster_objects(row, itemgetter("x0"), tolerance):
                first = min(cluster, key=itemgetter("doctop", "x0"))
                keep.append(order[id(first)])
    if len(keep) == len(chars):
        return chars
    return [chars[i] for i in sorted(keep)]


def _title(metadata: dict[str, Any]) -> str | None:
    raw = metadata.get("Title") if metadata else None
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="ignore")
    title = normalise_line(str(raw)) if raw else ""
    return title if title and title.lower() not in {"untitled", "microsoft word"} else None


def _margin_rows(words: list[Word], height: float) -> list[tuple[str, list[Word]]]:
    """Rows wholly in the top or bottom margin, with their digit-free key."""
    out = []
    for row in rows([w for w in words if w.bottom < height * MARGIN or w.top > height * (1 - MARGIN)]):
        text = " ".join(w.text for w in row)
        out.append((_DIGITS.sub("#", normalise_line(text).lower()), row))
    return out


def _repeated_margin_rows(pages: list[tuple[float, float, list[Word]]]) -> set[str]:
    """Keys of margin rows found on at least half the pages (and on two or more)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for _, height, words in pages:
        counts.update({key for key, _ in _margin_rows(words, height)})
    need = max(2, (len(pages) + 1) // 2)
    return {key for key, n in counts.items() if n >= need}


def _drop_furniture(words: list[Word], height: float, furniture: set[str]) -> list[Word]:
    drop: set[int] = set()
    for key, row in _margin_rows(words, height):
        text = " ".join(w.text for w in row)
        if key in furniture or page_number(text, bare=True) is not None:
            drop.update(id(w) for w in row)
    return [w for w in words if id(w) not in drop] if drop else words


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> "1-3, 5"."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}-{prev}" if start != prev else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(parts)
