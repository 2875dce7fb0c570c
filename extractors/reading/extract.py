"""The one entry point every later stage uses: a :class:`Source` in, a :class:`Document` out.

>>> from extractors.reading.extract import extract_path
>>> doc = extract_path(Path("data/raw/dudley-safer-seven-online-risks.web.txt"))
>>> [s.number for s in doc.sections][1:]
['1', '2', '3', '4', '5', '6', '7']

Every error is an :class:`~extractors.errors.ExtractionError` whose message starts with the
file's path: ``"<file>: <reason>"``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractors.errors import EmptyDocumentError, ExtractionError, FileTooLargeError
from extractors.models import Document, Source
from extractors.reading.detect import SNIFF_BYTES, sniff
from extractors.reading.sections import Line, split_sections
from extractors.reading.sources import source_for_file

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Bump when extraction output changes, so caches keyed on it are invalidated.
EXTRACTOR_VERSION = "1"


def extract(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read, sniff and extract ``source``, returning its sections in reading order."""
    path = source.path
    data = _read(path, max_bytes)
    fmt = sniff(path, data[:SNIFF_BYTES])
    title = source.meta.title
    warnings: list[str] = []
    reflow = False
    lines: list[Line]
    if fmt == "pdf":
        from extractors.reading.pdf import extract_pdf_lines

        lines, warnings, pdf_title = extract_pdf_lines(path, data, source.meta.password)
        title = title or pdf_title
        reflow = True
    elif fmt == "html":
        from extractors.reading.html import extract_html_lines

        lines, warnings, html_title = extract_html_lines(path, data)
        title = title or html_title
    else:
        from extractors.reading.text import extract_text_lines

        lines, warnings = extract_text_lines(path, data, markdown=fmt == "markdown")
    if not any(line.text.strip() for line in lines):
        raise EmptyDocumentError(f"{path}: no text in the file")
    sections, section_warnings = split_sections(lines, title=title, reflow=reflow)
    if not source.in_manifest:
        warnings.insert(0, "not in sources.toml; region unknown")
    return Document(
        id=source.meta.id,
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        metadata=source.meta.model_copy(update={"password": None}),  # never cached (D18)
        sections=sections,
        warnings=[*warnings, *section_warnings],
    )


def extract_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """:func:`extract` for one file, with metadata from the ``sources.toml`` beside it."""
    source, _ = source_for_file(Path(path))
    return extract(source, max_bytes=max_bytes)


def _read(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError as e:
        raise ExtractionError(f"{path}: no such file") from e
    except OSError as e:
        raise ExtractionError(f"{path}: cannot read ({e.strerror})") from e
    if size == 0:
        raise EmptyDocumentError(f"{path}: empty file")
    if size > max_bytes:
        raise FileTooLargeError(
            f"{path}: {size / 1024 / 1024:.1f} MB is over the {max_bytes / 1024 / 1024:.0f} MB limit "
            "(raise SKG_MAX_FILE_MB to allow it)"
        )
    try:
        return path.read_bytes()
    except OSError as e:
        raise ExtractionError(f"{path}: cannot read ({e.strerror})") from e
