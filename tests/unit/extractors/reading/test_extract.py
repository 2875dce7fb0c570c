"""extract(): the Document contract and one test per kind of bad input."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from extractors.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    FileTooLargeError,
    NoTextLayerError,
    UnsupportedFormatError,
)
from extractors.models import Source, SourceMeta
from extractors.reading.extract import extract, extract_path

RAW = Path(__file__).resolve().parents[4] / "data" / "raw"
MakePdf = Callable[..., Path]
BLOCKS = [("h", "1. Introduction"), ("p", "Online safety matters for every child in the area.")]


def test_document_has_manifest_id_sha256_and_metadata() -> None:
    path = RAW / "pan-sussex-procedure-8.45-online-safety.txt"
    doc = extract_path(path)
    assert doc.id == "pan-sussex-procedure-8-45"
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.format == "text" and doc.metadata.published == 2017
    assert doc.path == str(path)


def test_file_outside_the_manifest_uses_its_whole_name_and_warns(tmp_path: Path) -> None:
    path = tmp_path / "local-note.txt"
    path.write_text("Local Note\n\nSome guidance text for staff.\n")
    doc = extract_path(path)
    assert doc.id == "local-note.txt" and doc.metadata.region == []
    assert "not in sources.toml; region unknown" in doc.warnings


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocumentError, match=rf"^{path}: empty file"):
        extract_path(path)


def test_whitespace_only_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("\n   \n\t\n")
    with pytest.raises(EmptyDocumentError, match=rf"^{path}: no text"):
        extract_path(path)


def test_random_bytes_named_pdf_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "random.pdf"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(CorruptDocumentError, match=rf"^{path}: "):
        extract_path(path)


def test_truncated_pdf_is_corrupt(make_pdf: MakePdf) -> None:
    path = make_pdf("whole.pdf", BLOCKS)
    data = path.read_bytes()
    cut = path.with_name("cut.pdf")
    cut.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(CorruptDocumentError, match=rf"^{cut}: truncated"):
        extract_path(cut)


def test_pdf_with_garbage_body_but_an_eof_marker_fails_fast_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.4\n" + os.urandom(20000) + b"\n%%EOF\n")
    with pytest.raises(CorruptDocumentError, match=rf"^{path}: damaged PDF"):
        extract_path(path)


def test_password_protected_pdf_asks_for_the_password(make_pdf: MakePdf) -> None:
    path = make_pdf("locked.pdf", BLOCKS, encrypt="s3cret")
    with pytest.raises(EncryptedDocumentError) as info:
        extract_path(path)
    assert str(info.value) == f"{path}: encrypted; supply the password in sources.toml"


def test_password_from_sources_toml_opens_the_pdf(make_pdf: MakePdf) -> None:
    path = make_pdf("locked.pdf", BLOCKS, encrypt="s3cret")
    (path.parent / "sources.toml").write_text(
        '[[source]]\nid = "locked"\nfile = "locked.pdf"\npassword = "s3cret"\n')
    doc = extract_path(path)
    assert doc.sections[0].heading == "Introduction"
    wrong = Source(path=path, meta=SourceMeta(id="locked", file="locked.pdf", password="nope"))
    with pytest.raises(EncryptedDocumentError, match="wrong password"):
        extract(wrong)


def test_scanned_pdf_without_text_layer_is_refused(scanned_pdf: Path) -> None:
    with pytest.raises(NoTextLayerError) as info:
        extract_path(scanned_pdf)
    assert str(info.value) == f"{scanned_pdf}: no text layer; OCR is not supported"


def test_non_utf8_text_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Children\u2019s Safety\n\nCaf\u00e9 staff must report concerns \u2013 always.\n".encode("cp1252"))
    doc = extract_path(path)
    assert "Caf\u00e9 staff must report concerns \u2013 always." in doc.text
    assert "Children's Safety" in doc.text  # curly quote decoded, then normalised
    assert any("not UTF-8" in w and "Windows-1252" in w for w in doc.warnings)


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(FileTooLargeError, match=rf"^{path}: .* over the .* limit"):
        extract_path(path, max_bytes=1000)


def test_docx_is_unsupported(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    path = tmp_path / "guidance.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(UnsupportedFormatError, match=rf"^{path}: .*docx.*not supported"):
        extract_path(path)


def test_exe_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "setup.exe"
    path.write_bytes(b"MZ\x90\x00" + os.urandom(512))
    with pytest.raises(UnsupportedFormatError, match=rf"^{path}: unsupported format"):
        extract_path(path)


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(Exception, match=rf"^{tmp_path / 'nope.txt'}: no such file"):
        extract_path(tmp_path / "nope.txt")


def test_extract_all_turns_each_failure_into_one_line_and_goes_on(tmp_path: Path, monkeypatch) -> None:
    from extractors.reading import text as text_module
    from extractors.reading.extract import extract_all

    def source(name: str, body: bytes) -> Source:
        path = tmp_path / name
        path.write_bytes(body)
        return Source(path=path, meta=SourceMeta(id=path.stem, file=name))

    good = source("good.txt", b"Guidance\n\n1. Grooming\n\nGrooming is a crime.\n")
    empty = source("empty.txt", b"")
    odd = source("odd.txt", b"A file that trips a parser bug.\n")
    real = text_module.extract_text_lines

    def parser_with_a_bug(path: Path, data: bytes, markdown: bool = False):  # type: ignore[no-untyped-def]
        if path.name == "odd.txt":  # an error no parser promised: not an ExtractionError
            raise IndexError("list index out of range\nwith a second line")
        return real(path, data, markdown=markdown)

    monkeypatch.setattr(text_module, "extract_text_lines", parser_with_a_bug)
    seen: list[str] = []
    result = extract_all([empty, odd, good], on_each=lambda s: seen.append(s.meta.id))
    assert [d.id for d in result.documents] == ["good"]
    assert [(f.id, f.error) for f in result.failures] == [("empty", "EmptyDocumentError"), ("odd", "IndexError")]
    assert result.failures[0].message == f"{empty.path}: empty file"
    assert result.failures[1].message == (
        f"{odd.path}: unexpected IndexError: list index out of range with a second line")
    assert seen == ["empty", "odd", "good"]
