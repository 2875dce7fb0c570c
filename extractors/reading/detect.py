"""Decide a file's format from its first bytes, then its suffix.

Content wins over the name: random bytes called ``x.pdf`` are a corrupt PDF, a Word file
renamed ``.txt`` is still refused. Only when the bytes say nothing (plain text) does the
suffix choose between text, Markdown and HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

from extractors.errors import CorruptDocumentError, UnsupportedFormatError
from extractors.models import Format

SNIFF_BYTES = 8192

# Magic numbers of binary formats we recognise only to refuse them with a useful reason.
_BINARY_MAGIC: list[tuple[bytes, str]] = [
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"\xcf\xfa\xed\xfe", "an executable (Mach-O)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls); save it as PDF"),
    (b"\x89PNG", "an image (PNG); OCR is not supported"),
    (b"\xff\xd8\xff", "an image (JPEG); OCR is not supported"),
    (b"GIF8", "an image (GIF); OCR is not supported"),
    (b"II*\x00", "an image (TIFF); OCR is not supported"),
    (b"MM\x00*", "an image (TIFF); OCR is not supported"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"Rar!", "a RAR archive; unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive; unpack it first"),
    (b"{\\rtf", "an RTF document; save it as PDF"),
]
_UNSUPPORTED_SUFFIXES = {
    ".docx": "a Word document (.docx) is not supported yet; save it as PDF",
    ".doc": "a Word document (.doc) is not supported; save it as PDF",
    ".odt": "an OpenDocument text is not supported; save it as PDF",
    ".rtf": "an RTF document is not supported; save it as PDF",
    ".exe": "a Windows executable",
    ".dll": "a Windows library",
    ".zip": "a zip archive; unpack it first",
}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_MD_SIGNS = re.compile(r"^#{1,6} \S|\[[^\[\]\n]+\]\([^()\s]*\)|^\s*\*\*[^*\n]+\*\*", re.M)


def sniff(path: Path, head: bytes) -> Format:
    """The format of ``path`` given its first bytes ``head`` (up to :data:`SNIFF_BYTES`).

    Raises :class:`UnsupportedFormatError` for formats we do not read and
    :class:`CorruptDocumentError` for a ``.pdf`` whose bytes are not a PDF.

    >>> sniff(Path("a.txt"), b"%PDF-1.7 ...")
    'pdf'
    """
    suffix = path.suffix.lower()
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in head or suffix == ".docx":
            raise UnsupportedFormatError(f"{path}: {_UNSUPPORTED_SUFFIXES['.docx']}")
        raise UnsupportedFormatError(f"{path}: a zip archive (or Office file) is not supported")
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            raise UnsupportedFormatError(f"{path}: unsupported format: {what}")
    if suffix in _UNSUPPORTED_SUFFIXES:
        raise UnsupportedFormatError(f"{path}: unsupported format: {_UNSUPPORTED_SUFFIXES[suffix]}")
    if suffix == ".pdf":
        raise CorruptDocumentError(f"{path}: not a PDF (no %PDF header); the file is damaged or mislabelled")
    if _looks_binary(head):
        raise UnsupportedFormatError(
            f"{path}: unsupported format: binary data; supply PDF, HTML, Markdown or text"
        )
    if suffix in _HTML_SUFFIXES or _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return "html"
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    # A .txt saved from a Markdown source: three or more Markdown signs make it Markdown.
    sample = head.decode("utf-8", errors="ignore")
    if len(_MD_SIGNS.findall(sample)) >= 3:
        return "markdown"
    return "text"


def _looks_binary(head: bytes) -> bool:
    """NUL bytes, or many control bytes, mean this is not text in any encoding we read."""
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 with a byte-order mark: every ASCII character has a NUL byte; judge the text.
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
        control = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\f\r")
        return "\x00" in text or "\ufffd" in text[:-1] or control / max(len(text), 1) > 0.05
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) > 0.05
