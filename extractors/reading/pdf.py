"""PDF text in reading order, without page furniture, from either engine, with true errors.

The default engine is PDFium (:mod:`extractors.reading.pdfium`, about 10x faster); pdfplumber
(:mod:`extractors.reading.plumber`) reads what PDFium cannot open or finds no text in, and
everything when asked (``engine="pdfplumber"``, ``skg extract --engine pdfplumber``,
``SKG_PDF_ENGINE``). Both hand word boxes to :mod:`extractors.reading.layout`, so they order
text alike.

Per page, rows in the top and bottom margins that repeat across pages (running headers and
footers) or give a page number ("2|Page", "Page 3 of 9") are dropped, unless that would
leave the document with no text. Every line keeps its page number.

Errors come from what the parsers say, not from byte patterns: a file is "encrypted" when a
parser asks for a password; only when both engines fail is it "damaged", or "truncated" if it
also has no ``%%EOF`` anywhere; "no text layer" only when no page draws any text. Every
message is one plain line naming the file: no PDF objects, no hashes.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from extractors.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    ExtractionError,
    NoTextLayerError,
)
from extractors.reading.frames import EngineError, PageText
from extractors.reading.layout import Word, reading_order, rows
from extractors.reading.normalise import join_hyphenated_indexed, normalise_line, page_number
from extractors.reading.pdfium import read_pdfium
from extractors.reading.plumber import dedupe_chars, read_plumber
from extractors.reading.sections import Line

__all__ = ["ENGINES", "dedupe_chars", "extract_pdf_lines"]

MARGIN = 0.09  # share of the page height at top and bottom where headers and footers live
_DIGITS = re.compile(r"\d+")
_SURROGATE = re.compile("[\ud800-\udfff]")  # half a UTF-16 pair from a broken font: not printable
Reader = Callable[[bytes, str | None], tuple[list[PageText], str | None]]
ENGINES: dict[str, Reader] = {"pdfium": read_pdfium, "pdfplumber": read_plumber}
DEFAULT_ENGINE = "pdfium"


def default_engine() -> str:
    """``SKG_PDF_ENGINE`` if set, else PDFium."""
    return os.environ.get("SKG_PDF_ENGINE", "").strip().lower() or DEFAULT_ENGINE


def extract_pdf_lines(
    path: Path, data: bytes, password: str | None = None, engine: str | None = None
) -> tuple[list[Line], list[str], str | None]:
    """Lines in reading order (blank between paragraphs), warnings, and the PDF's title."""
    _quiet_pdf_loggers()
    pages, title, warnings = _read(path, data, password, engine or default_engine())
    if not any(p.words for p in pages):
        if any(p.text_objects for p in pages):
            raise EmptyDocumentError(f"{path}: its text cannot be read (the fonts map to no characters)")
        raise NoTextLayerError(f"{path}: no text layer; OCR is not supported")
    blank = [i + 1 for i, p in enumerate(pages) if not p.words]
    if blank:
        warnings.append(f"page(s) {_ranges(blank)} have no text layer (scanned?); skipped")
    bad = [(i + 1, p.undecodable) for i, p in enumerate(pages) if p.undecodable]
    if bad:
        warnings.append(
            f"page(s) {_ranges([n for n, _ in bad])}: {sum(k for _, k in bad)} characters could not be "
            "decoded (a font without a Unicode map); that text is missing or wrong"
        )
    lines = _lines(pages, _repeated_margin_rows(pages))
    if not any(ln.text for ln in lines):
        warnings.append("the only text is in the page margins (headers, footers); kept")
        lines = _lines(pages, None)
    return lines, warnings, _clean_title(title)


def _read(path: Path, data: bytes, password: str | None, engine: str) -> tuple[list[PageText], str | None, list[str]]:
    """Pages from ``engine``, or from the other one when it fails or finds no text."""
    if engine not in ENGINES:
        raise ExtractionError(f"{path}: unknown PDF engine {engine!r} (SKG_PDF_ENGINE); use {' or '.join(ENGINES)}")
    other = "pdfplumber" if engine == "pdfium" else "pdfium"
    try:
        pages, title = ENGINES[engine](data, password)
    except EngineError as first:
        try:
            pages, title = ENGINES[other](data, password)
        except EngineError as second:
            raise _error(path, data, password, first, second) from None
        return pages, title, [f"read with {other}: {engine} could not read it"]
    if engine == "pdfium" and not any(p.words for p in pages):
        try:  # pdfminer sometimes reads text PDFium does not; a scan costs one more parse
            more, more_title = read_plumber(data, password)
        except EngineError:
            return pages, title, []
        if any(p.words for p in more):
            return more, title or more_title, ["read with pdfplumber: pdfium found no text"]
    return pages, title, []


def _error(path: Path, data: bytes, password: str | None, *errors: EngineError) -> Exception:
    kinds = {e.kind for e in errors}
    if "password" in kinds:
        hint = "wrong password in sources.toml" if password else "encrypted; supply the password in sources.toml"
        return EncryptedDocumentError(f"{path}: {hint}")
    if "encrypted" in kinds:
        return EncryptedDocumentError(f"{path}: encrypted with a scheme that cannot be read")
    # Both parsers failed; a file that never reaches its end marker was cut short.
    if b"%%EOF" not in data:
        return CorruptDocumentError(f"{path}: truncated PDF (it ends before its last object); fetch it again")
    if kinds == {"no-pages"}:
        return CorruptDocumentError(f"{path}: damaged PDF (its page tree cannot be read)")
    reason = next((e.reason for e in reversed(errors) if e.kind == "damaged" and e.reason), "")
    return CorruptDocumentError(f"{path}: damaged PDF" + (f" ({reason[:80]})" if reason else ""))


def _quiet_pdf_loggers() -> None:
    """pdfminer and pdfplumber log font and metadata trouble as WARNING; with no handler set,
    Python prints that on stderr. Quiet them unless someone (``skg -v``) set a level."""
    for name in ("pdfminer", "pdfplumber"):
        log = logging.getLogger(name)
        if log.level == logging.NOTSET:
            log.setLevel(logging.CRITICAL)


def _lines(pages: list[PageText], furniture: set[str] | None) -> list[Line]:
    texts: list[str] = []
    page_of: list[int] = []
    tables: list[bool] = []
    for number, page in enumerate(pages, start=1):
        for k, frame in enumerate(page.frames):
            words = frame.words
            if k == 0 and furniture is not None:
                words = _drop_furniture(words, frame.height, furniture)
            for line in reading_order(words):
                if line.para and texts and texts[-1]:
                    texts.append("")
                    page_of.append(number)
                    tables.append(False)
                texts.append(normalise_line(_SURROGATE.sub("\ufffd", line.text)))
                page_of.append(number)
                tables.append(line.table)
            texts.append("")
            page_of.append(number)
            tables.append(False)
    return [Line(t, page_of[i], tables[i]) for t, i in join_hyphenated_indexed(texts)]


def _clean_title(raw: str | None) -> str | None:
    title = normalise_line(raw) if raw else ""
    return title if title and title.lower() not in {"untitled", "microsoft word"} else None


def _main_frame(page: PageText) -> tuple[float, list[Word]]:
    return (page.frames[0].height, page.frames[0].words) if page.frames else (0.0, [])


def _margin_rows(words: list[Word], height: float) -> list[tuple[str, list[Word]]]:
    """Rows wholly in the top or bottom margin, with their digit-free key."""
    out = []
    for row in rows([w for w in words if w.bottom < height * MARGIN or w.top > height * (1 - MARGIN)]):
        text = " ".join(w.text for w in row)
        out.append((_DIGITS.sub("#", normalise_line(text).lower()), row))
    return out


def _repeated_margin_rows(pages: list[PageText]) -> set[str]:
    """Keys of margin rows found on at least half the pages (and on two or more)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        height, words = _main_frame(page)
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
