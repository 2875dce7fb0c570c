"""Format sniffing: content first, then the suffix."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from extractors.errors import CorruptDocumentError, UnsupportedFormatError
from extractors.reading.detect import sniff


def test_pdf_is_recognised_by_its_header_whatever_the_name() -> None:
    assert sniff(Path("guidance.txt"), b"%PDF-1.7\n...") == "pdf"


def test_random_bytes_named_pdf_are_a_corrupt_pdf() -> None:
    with pytest.raises(CorruptDocumentError, match=r"^x\.pdf: not a PDF"):
        sniff(Path("x.pdf"), b"just some words, not a PDF")


def test_docx_is_unsupported_even_when_renamed() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(UnsupportedFormatError, match=r"^notes\.txt: .*\.docx"):
        sniff(Path("notes.txt"), buf.getvalue())


def test_executable_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormatError, match="Windows executable"):
        sniff(Path("setup.exe"), b"MZ\x90\x00\x03\x00\x00\x00")


def test_binary_with_nul_bytes_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormatError, match="binary data"):
        sniff(Path("blob.dat"), b"abc\x00\x01\x02def" * 10)


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("page.html", b"<p>hi</p>", "html"),
        ("page.txt", b"<!DOCTYPE html><html><body>hi</body></html>", "html"),
        ("notes.md", b"plain words", "markdown"),
        ("notes.txt", b"# Title\n\nSee [a](x) and [b](y).\n", "markdown"),
        ("notes.txt", b"Just a plain note.\n", "text"),
        ("notes", "caf\u00e9 in cp1252".encode("cp1252"), "text"),
    ],
)
def test_text_formats_by_content_then_suffix(name: str, head: bytes, expected: str) -> None:
    assert sniff(Path(name), head) == expected
