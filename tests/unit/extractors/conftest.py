"""Fixtures for the extractor tests: PDFs laid out by reportlab, made fresh by each test.

``make_pdf(name, blocks, columns=2, header=..., footer=...)`` flows headings and paragraphs
into one or two columns over as many A4 pages as they need, with an optional running header
and a footer that may carry the page number ("Page {page} of {pages}").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

PAGE_W, PAGE_H = 595.0, 842.0
MARGIN_X, TOP, BOTTOM = 50.0, 780.0, 70.0
GUTTER = 24.0
SIZE, LEADING = 10.0, 12.5
HEADING_FONT, BODY_FONT = "Helvetica-Bold", "Helvetica"

Block = tuple[str, str]  # ("h" | "p", text)


def _wrap(text: str, font: str, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and stringWidth(trial, font, SIZE) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def _layout(blocks: list[Block], columns: int, title: str | None) -> list[list[tuple[float, float, str, str]]]:
    """Pages of (x, y, font, text) draw operations."""
    col_w = (PAGE_W - 2 * MARGIN_X - (columns - 1) * GUTTER) / columns
    pages: list[list[tuple[float, float, str, str]]] = [[]]
    col, y = 0, TOP
    if title:
        pages[0].append((MARGIN_X, y, HEADING_FONT, title))
        y -= 2.5 * LEADING
    top_of_columns = y
    for kind, text in blocks:
        font = HEADING_FONT if kind == "h" else BODY_FONT
        lines = _wrap(text, font, col_w)
        for k, line in enumerate(lines):
            # Keep a heading with the first line after it.
            need = 2 * LEADING if kind == "h" and k == 0 else LEADING
            if y - need < BOTTOM:
                col += 1
                if col >= columns:
                    pages.append([])
                    col, top_of_columns = 0, TOP
                y = top_of_columns
            pages[-1].append((MARGIN_X + col * (col_w + GUTTER), y, font, line))
            y -= LEADING
        y -= 0.8 * LEADING  # paragraph space
    return pages


def build_pdf(
    path: Path,
    blocks: list[Block],
    columns: int = 1,
    header: str | None = None,
    footer: str | None = None,
    title: str | None = None,
    encrypt: str | None = None,
    fake_bold: bool = False,
) -> Path:
    """Write a PDF of ``blocks`` to ``path``. ``footer`` may use {page} and {pages}."""
    from reportlab.pdfgen import canvas

    pages = _layout(blocks, columns, title)
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), encrypt=encrypt)
    c.setTitle(title or "")
    for n, ops in enumerate(pages, start=1):
        if header:
            c.setFont(BODY_FONT, 8)
            c.drawString(MARGIN_X, PAGE_H - 30, header)
        if footer:
            c.setFont(BODY_FONT, 8)
            c.drawCentredString(PAGE_W / 2, 28, footer.format(page=n, pages=len(pages)))
        for x, y, font, text in ops:
            c.setFont(font, SIZE)
            c.drawString(x, y, text)
            if fake_bold and font == HEADING_FONT:
                c.drawString(x + 0.3, y, text)  # drawn twice: "bold" by overprinting
        c.showPage()
    c.save()
    return path


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """``make_pdf("name.pdf", blocks, **options)`` -> path of a fresh PDF in tmp_path."""

    def _make(name: str, blocks: list[Block], **options: object) -> Path:
        return build_pdf(tmp_path / name, blocks, **options)  # type: ignore[arg-type]

    return _make


@pytest.fixture
def scanned_pdf(tmp_path: Path) -> Path:
    """A one-page PDF whose only content is an image: a scan without a text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (200, 100), color=255)
    for x in range(20, 180):
        img.putpixel((x, 50), 0)
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    c.drawImage(ImageReader(img), 50, 500, width=400, height=200)
    c.showPage()
    c.save()
    return path


@pytest.fixture
def lorem() -> Callable[..., str]:
    """``lorem(n, seed)``: ``n`` words of varied, sentence-like filler (deterministic)."""
    return filler


def filler(n: int, seed: int = 0) -> str:
    """``n`` words of varied, sentence-like filler (deterministic)."""
    vocab = [
        "children",
        "online",
        "risk",
        "harm",
        "guidance",
        "report",
        "police",
        "partnership",
        "safeguarding",
        "school",
        "parents",
        "carers",
        "grooming",
        "exploitation",
        "images",
        "platform",
        "support",
        "concern",
        "referral",
        "abuse",
        "internet",
        "social",
        "media",
        "gaming",
        "contact",
        "advice",
        "professional",
        "agency",
        "local",
    ]
    words = [vocab[(seed * 7 + i * 13 + i // 5) % len(vocab)] for i in range(n)]
    out = []
    for i, w in enumerate(words):
        out.append(w.capitalize() if i % 12 == 0 else w)
        if i % 12 == 11:
            out[-1] += "."
    return " ".join(out).rstrip(".") + "."
