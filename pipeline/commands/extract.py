"""``skg extract``: the sections of one document, or a summary of every document in a directory."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from pipeline.app import (
    EXIT_PARTIAL,
    OutputFormat,
    app,
    console,
    err_console,
    print_json,
    print_rows,
    state,
    user_errors,
)

if TYPE_CHECKING:
    from extractors.models import Document
    from extractors.reading.budget import Budget


class PdfEngine(str, Enum):
    pdfium = "pdfium"
    pdfplumber = "pdfplumber"


def document_json(doc: Any) -> dict[str, Any]:
    """The documented JSON shape of an extracted document."""
    return {
        "id": doc.id,
        "sha256": doc.sha256,
        "format": doc.format,
        "metadata": doc.metadata.model_dump(mode="json", exclude={"password"}),
        "sections": [
            {"number": s.number, "heading": s.heading, "text": s.text, "ordinal": s.ordinal,
             "pages": s.pages}
            for s in doc.sections
        ],
        "warnings": list(doc.warnings),
    }


def _print_document(doc: Any) -> None:
    rows = [
        {"#": s.ordinal, "number": s.number, "heading": s.heading, "pages": _pages(s.pages),
         "words": len(s.text.split())}
        for s in doc.sections
    ]
    print_rows(rows, OutputFormat.table, title=f"{doc.id} ({doc.format}, {doc.word_count} words)")
    for warning in doc.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)


def _pages(pages: list[int]) -> str:
    if not pages:
        return ""
    return str(pages[0]) if len(pages) == 1 else f"{pages[0]}-{pages[-1]}"


def show_pdf_logs() -> None:
    """``skg -v``: let pdfminer's and pdfplumber's warnings through in the worker that extracts
    (a level set beforehand is left alone by the extractor, which quiets them otherwise)."""
    import logging

    for name in ("pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.WARNING)


def extract_file(path: Path, budget: Budget, max_bytes: int, engine: str | None = None) -> Document:
    """One file (metadata from the ``sources.toml`` beside it) through the one extraction loop,
    under ``budget`` as in an ingest; its failure raised as one ``<file>: <reason>`` error."""
    from extractors.errors import ExtractionError
    from extractors.reading.extract import extract_all
    from extractors.reading.sources import source_for_file

    source, _ = source_for_file(path)
    result = extract_all([source], max_bytes, engine=engine, budget=budget)
    if result.failures:
        raise ExtractionError(result.failures[0].message)
    return result.documents[0]


def _extract_directory(directory: Path, budget: Budget, max_bytes: int, as_json: bool,
                       engine: str | None = None) -> int:
    """Extract every document in ``directory``; returns how many failed."""
    from rich.progress import Progress

    from extractors.reading.extract import extract_all
    from extractors.reading.sources import discover

    found = discover(directory)
    sources = found.sources
    with Progress(console=err_console, transient=True, disable=len(sources) < 5) as progress:
        task = progress.add_task("extracting", total=len(sources))
        result = extract_all(sources, max_bytes, on_each=lambda _s: progress.advance(task), engine=engine,
                             budget=budget)
    # discovery's problems first (collisions, bad names, missing files), then extraction's
    docs, failures = result.documents, [p.error for p in found.problems] + [f.message for f in result.failures]
    if as_json:
        print_json([document_json(d) for d in docs])
    else:
        rows = [
            {"document": d.id, "format": d.format, "sections": len(d.sections),
             "words": d.word_count, "warnings": len(d.warnings)}
            for d in docs
        ]
        print_rows(rows, OutputFormat.table, title=f"Extraction of {directory}")
        for d in docs:
            for warning in d.warnings:
                console.print(f"[yellow]warning:[/] {d.id}: {warning}", highlight=False, soft_wrap=True)
    for message in failures:
        err_console.print(f"Error: {message}", highlight=False, markup=False, soft_wrap=True)
    return len(failures)


@app.command("extract")
def extract_command(
    path: Path = typer.Argument(..., help="A document (PDF, HTML, Markdown, text) or a directory of them."),
    as_json: bool = typer.Option(False, "--json", help="Print the document(s) as JSON."),
    engine: PdfEngine | None = typer.Option(
        None, "--engine", help="PDF engine: pdfium (fast, the default) or pdfplumber (default: SKG_PDF_ENGINE).",
        show_default=False,
    ),
) -> None:
    """Show the sections of a document as extracted, in reading order, with warnings.

    Example: `skg extract data/raw/dudley-safer-seven-online-risks.pdf-extract.txt` (a table
    of sections: number, heading, pages, words) or `skg extract FILE --json`.

    Given a directory, `skg extract data/raw` prints one row per document (sections, words,
    warnings); files that cannot be read are listed as `Error: FILE: reason` and the command
    exits 2. The size limit is `SKG_MAX_FILE_MB` (default 50); each document gets the ingest's
    budget, `SKG_DOC_TIMEOUT` seconds (60) and `SKG_DOC_MEMORY_MB` (4096). PDFs are read with PDFium;
    `--engine pdfplumber` (or `SKG_PDF_ENGINE=pdfplumber`) reads them with pdfplumber instead,
    through the same layout code. pdfminer's own log lines are shown only with `skg -v`.
    """
    from pipeline.settings import get_settings

    if state.verbose:
        show_pdf_logs()  # here, and below in the worker that extracts
    chosen = engine.value if engine is not None else None
    with user_errors():
        settings = get_settings()
        with settings.budget(prepare=show_pdf_logs if state.verbose else None) as budget:
            if path.is_dir():
                failed = _extract_directory(path, budget, settings.max_bytes, as_json, chosen)
            else:
                failed = 0
                doc = extract_file(path, budget, settings.max_bytes, chosen)
    if failed:
        raise typer.Exit(EXIT_PARTIAL)
    if path.is_dir():
        return
    if as_json:
        print_json(document_json(doc))
    else:
        _print_document(doc)
