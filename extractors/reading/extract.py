"""The one entry point every later stage uses: a :class:`Source` in, a :class:`Document` out.

>>> from extractors.reading.extract import extract_path
>>> doc = extract_path(Path("data/raw/dudley-safer-seven-online-risks.web.txt"))
>>> [s.number for s in doc.sections][1:]
['1', '2', '3', '4', '5', '6', '7']

Every error is an :class:`~extractors.errors.ExtractionError` whose message starts with the
file's path: ``"<file>: <reason>"``. :func:`extract_all` is the one loop over many sources
(``skg extract DIR``, ``skg dedupe DIR`` and the ingest flow): one bad file becomes a
:class:`Failure` line, the others are still extracted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.errors import EmptyDocumentError, ExtractionError, FileTooLargeError
from extractors.models import Document, Frozen, Source
from extractors.reading.detect import SNIFF_BYTES, sniff
from extractors.reading.sections import Line, split_sections
from extractors.reading.sources import source_for_file

if TYPE_CHECKING:
    from extractors.reading.budget import Budget

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def extract(source: Source, max_bytes: int = DEFAULT_MAX_BYTES, engine: str | None = None) -> Document:
    """Read, sniff and extract ``source``, returning its sections in reading order.

    ``engine`` picks the PDF engine (``"pdfium"`` or ``"pdfplumber"``; default
    ``SKG_PDF_ENGINE`` or PDFium).
    """
    path = source.path
    data = _read(path, max_bytes)
    fmt = sniff(path, data[:SNIFF_BYTES])
    title = source.meta.title
    warnings: list[str] = []
    reflow = False
    lines: list[Line]
    if fmt == "pdf":
        from extractors.reading.pdf import extract_pdf_lines

        lines, warnings, pdf_title = extract_pdf_lines(path, data, source.meta.password, engine)
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


def extract_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, engine: str | None = None) -> Document:
    """:func:`extract` for one file, with metadata from the ``sources.toml`` beside it."""
    source, _ = source_for_file(Path(path))
    return extract(source, max_bytes=max_bytes, engine=engine)


class Failure(Frozen):
    """One source that could not be extracted: ``message`` is ``"<file>: <reason>"``."""

    id: str
    path: str
    message: str
    error: str  # the exception's class name, e.g. "EncryptedDocumentError"


class ExtractionResult(Frozen):
    """What :func:`extract_all` made of a list of sources, in their order."""

    documents: list[Document]
    failures: list[Failure]


def extract_all(sources: Iterable[Source], max_bytes: int = DEFAULT_MAX_BYTES,
                on_each: Callable[[Source], None] | None = None, engine: str | None = None,
                budget: Budget | None = None) -> ExtractionResult:
    """Extract every source; a failure (an ExtractionError, or any unexpected error from a
    parser on an odd file) is recorded as one line naming the file and the reason, and the
    loop goes on. ``on_each`` is called after each source (progress bars). With a ``budget``
    each source is extracted in its worker process, under its deadline and memory cap."""
    from extractors.reading.sources import display_name

    documents: list[Document] = []
    failures: list[Failure] = []
    for source in sources:
        try:
            if budget is None:
                documents.append(extract(source, max_bytes=max_bytes, engine=engine))
            else:
                documents.append(budget.run(extract, source, max_bytes=max_bytes, engine=engine,
                                            label=display_name(str(source.path))))
        except Exception as e:  # noqa: BLE001 - one bad file must not stop the others
            text = str(e)
            if not isinstance(e, ExtractionError):
                text = f"unexpected {type(e).__name__}: {text}"
            message = text if text.startswith(str(source.path)) else f"{source.path}: {text}"
            failures.append(Failure(id=source.meta.id, path=str(source.path),
                                    message=" ".join(message.split()), error=type(e).__name__))
        if on_each is not None:
            on_each(source)
    return ExtractionResult(documents=documents, failures=failures)


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
