"""PDF errors that are true: decided by the parsers, one plain line, readable files read."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractors.errors import CorruptDocumentError, EncryptedDocumentError, ExtractionError, NoTextLayerError
from extractors.reading.extract import extract_path
from extractors.reading.sections import Line, split_sections

SHARED_PDFS = Path(__file__).resolve().parents[5] / "shared" / "pdfs"
MakePdf = Callable[..., Path]
BLOCKS = [("h", "1. Introduction"), ("p", "Children and young people are safer online when adults know the risks.")]


def test_a_pdf_with_bytes_after_its_eof_marker_is_read(make_pdf: MakePdf) -> None:
    path = make_pdf("tail.pdf", BLOCKS)
    path.write_bytes(path.read_bytes() + b"\n% trailing bytes after the end marker\n" * 600)  # %%EOF 20 KB back
    assert "safer online" in extract_path(path).text


def test_a_pdf_without_an_eof_marker_that_parses_is_read(make_pdf: MakePdf) -> None:
    path = make_pdf("noeof.pdf", BLOCKS)
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b"%%EOF")])
    for engine in ("pdfium", "pdfplumber"):
        assert "safer online" in extract_path(path, engine=engine).text


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_an_encrypted_pdf_error_is_one_plain_line(make_pdf: MakePdf, engine: str) -> None:
    path = make_pdf("locked.pdf", BLOCKS, encrypt="s3cret")
    with pytest.raises(EncryptedDocumentError) as info:
        extract_path(path, engine=engine)
    message = str(info.value)
    assert message == f"{path}: encrypted; supply the password in sources.toml"


def test_a_damaged_pdf_names_a_plain_reason_not_a_pdf_object(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    with pytest.raises(CorruptDocumentError) as info:
        extract_path(path)
    message = str(info.value)
    assert message.startswith(f"{path}: damaged PDF")
    assert "\n" not in message and "<<" not in message and "{" not in message and len(message) < len(str(path)) + 120


def test_no_text_layer_only_when_no_page_draws_text(scanned_pdf: Path) -> None:
    with pytest.raises(NoTextLayerError, match="no text layer"):
        extract_path(scanned_pdf)


def test_pdfminer_logging_is_quiet_unless_verbose(make_pdf: MakePdf) -> None:
    from pipeline.cli import app

    log = logging.getLogger("pdfminer")
    saved = log.level
    try:
        log.setLevel(logging.NOTSET)
        extract_path(make_pdf("quiet.pdf", BLOCKS), engine="pdfplumber")
        assert log.level == logging.CRITICAL  # WARNING lines no longer reach stderr
        result = CliRunner().invoke(app, ["-v", "extract", str(make_pdf("loud.pdf", BLOCKS))])
        assert result.exit_code == 0
        assert log.level == logging.WARNING  # -v: the user asked to see them
    finally:
        log.setLevel(saved)


def test_extract_engine_option_reads_with_either_engine(make_pdf: MakePdf) -> None:
    from pipeline.cli import app

    path = make_pdf("both.pdf", BLOCKS)
    for engine in ("pdfium", "pdfplumber"):
        result = CliRunner().invoke(app, ["extract", str(path), "--json", "--engine", engine])
        assert result.exit_code == 0, result.output
        assert "safer online" in result.stdout
    bad = CliRunner().invoke(app, ["extract", str(path), "--engine", "pdfminer"])
    assert bad.exit_code != 0


def test_a_contents_page_that_is_the_whole_document_is_kept() -> None:
    entries = ["Contents", "", "1. Introduction ........ 4", "2. Online risks ........ 6",
               "3. Reporting a concern ........ 9", "4. Useful contacts ........ 12"]
    sections, warnings = split_sections([Line(t, 1) for t in entries], reflow=True)
    text = " ".join(s.heading + " " + s.text for s in sections)
    assert "Online risks" in text and "Useful contacts" in text
    assert any("table of contents" in w and "kept" in w for w in warnings)


def test_values_in_tables_are_never_section_numbers() -> None:
    lines = ["1. Scores", "", "Technical marks for the free programme.", "",
             "24.50 Total Segment Score", "", "21.50 Total Element Score", "",
             "0.89 Factor", "", "2. Judges", "", "Nine judges marked each element."]
    sections, warnings = split_sections([Line(t, 1) for t in lines], reflow=True)
    assert [s.number for s in sections] == ["1", "2"]
    assert "24.50 Total Segment Score" in sections[0].text
    assert not [w for w in warnings if "reading order" in w]


def test_a_table_row_is_never_a_heading() -> None:
    lines = [Line("Who to call", 1), Line("", 1), Line("1 \u2014 Police \u2014 101", 1, True),
             Line("2 \u2014 Childline \u2014 0800 1111", 1, True), Line("3 \u2014 NSPCC \u2014 0808 800 5000", 1, True)]
    sections, _ = split_sections(lines, reflow=True)
    assert [s.number for s in sections] == [None]
    assert "Police \u2014 101" in sections[0].text


@pytest.mark.skipif(not SHARED_PDFS.is_dir(), reason="../shared/pdfs (public test PDFs) is not present")
def test_undecodable_characters_are_counted_per_page_in_a_warning() -> None:
    path = SHARED_PDFS / "pdfjs__test_pdfs_ZapfDingbats.pdf"  # pdfminer: 53 "(cid:N)" on pages 1-2
    if not path.exists():
        pytest.skip(f"{path.name} is not in ../shared/pdfs")
    doc = extract_path(path, engine="pdfplumber")
    assert [w for w in doc.warnings if "could not be decoded" in w] == [
        "page(s) 1-2: 53 characters could not be decoded (a font without a Unicode map); that text is missing or wrong"
    ]


def test_a_file_one_engine_cannot_read_is_read_by_the_other() -> None:
    path = SHARED_PDFS / "pdfjs__test_pdfs_Pages-tree-refs.pdf"  # PDFium cannot load its page
    if not path.exists():
        pytest.skip(f"{path.name} is not in ../shared/pdfs")
    doc = extract_path(path)
    assert doc.text.strip()
    assert "read with pdfplumber: pdfium could not read it" in doc.warnings


def test_an_unknown_engine_in_the_setting_is_a_clear_error(make_pdf: MakePdf, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf("engine.pdf", BLOCKS)
    monkeypatch.setenv("SKG_PDF_ENGINE", "pdfminer")
    expected = r"unknown PDF engine 'pdfminer' \(SKG_PDF_ENGINE\); use pdfium or pdfplumber"
    with pytest.raises(ExtractionError, match=expected):
        extract_path(path)
    monkeypatch.setenv("SKG_PDF_ENGINE", "pdfplumber")
    assert "safer online" in extract_path(path).text
