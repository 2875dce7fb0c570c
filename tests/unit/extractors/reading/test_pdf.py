"""PDF extraction on PDFs laid out by the tests: columns, page furniture, fake bold, pages."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from extractors.reading.extract import extract_path
from extractors.reading.normalise import comparable

RAW = Path(__file__).resolve().parents[4] / "data" / "raw"
MakePdf = Callable[..., Path]


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, comparable(a), comparable(b), autojunk=False).ratio()


def _blocks(sections: int, lorem: Callable[..., str], words: int = 120) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for n in range(1, sections + 1):
        out.append(("h", f"{n}. Topic Number {n}"))
        out.append(("p", lorem(words, seed=n)))
        out.append(("p", lorem(words // 2, seed=n + 50)))
    return out


def test_single_column_pdf_keeps_text_and_sections(make_pdf: MakePdf, lorem: Callable[..., str]) -> None:
    blocks = _blocks(3, lorem)
    doc = extract_path(make_pdf("one.pdf", blocks, columns=1))
    assert doc.format == "pdf"
    assert [(s.number, s.heading) for s in doc.sections] == [(str(n), f"Topic Number {n}") for n in (1, 2, 3)]
    assert _similarity(doc.sections[0].text, blocks[1][1] + "\n\n" + blocks[2][1]) >= 0.99
    assert not [w for w in doc.warnings if "reading order" in w]


def test_two_column_pdf_is_read_column_by_column(make_pdf: MakePdf, lorem: Callable[..., str]) -> None:
    blocks = _blocks(6, lorem)
    doc = extract_path(make_pdf("two.pdf", blocks, columns=2))
    assert [s.number for s in doc.sections] == [str(n) for n in range(1, 7)]
    for s in doc.sections:
        n = int(s.number or 0)
        expected = blocks[3 * n - 2][1] + "\n\n" + blocks[3 * n - 1][1]
        assert _similarity(s.text, expected) >= 0.99, s.number
    assert max(p for s in doc.sections for p in s.pages) >= 2


def test_running_header_footer_and_page_numbers_are_removed(make_pdf: MakePdf, lorem: Callable[..., str]) -> None:
    blocks = _blocks(8, lorem, words=150)
    path = make_pdf("furniture.pdf", blocks, columns=1, header="Online Safety Procedures 2024",
                    footer="Page {page} of {pages}")
    doc = extract_path(path)
    text = "\n".join(s.text for s in doc.sections)
    assert "Online Safety Procedures" not in text and "Page 2 of" not in text
    assert max(doc.sections[-1].pages) >= 3
    assert [s.pages[0] for s in doc.sections] == sorted(s.pages[0] for s in doc.sections)


def test_word_style_page_footer_is_removed(make_pdf: MakePdf, lorem: Callable[..., str]) -> None:
    doc = extract_path(make_pdf("footer.pdf", _blocks(6, lorem, words=150), footer="{page}|Page"))
    assert all("|Page" not in s.text for s in doc.sections)


def test_fake_bold_headings_are_deduplicated(make_pdf: MakePdf, lorem: Callable[..., str]) -> None:
    doc = extract_path(make_pdf("bold.pdf", _blocks(2, lorem), fake_bold=True))
    assert [s.heading for s in doc.sections] == ["Topic Number 1", "Topic Number 2"]


def test_safer_seven_two_column_pdf_matches_the_web_text(make_pdf: MakePdf) -> None:
    web = extract_path(RAW / "dudley-safer-seven-online-risks.web.txt")
    web_sections = {s.number: s for s in web.sections if s.number}
    blocks: list[tuple[str, str]] = []
    for number in sorted(web_sections, key=int):
        s = web_sections[number]
        blocks.append(("h", f"{number}. {s.heading}"))
        blocks.extend(("p", para) for para in s.text.split("\n\n"))
    path = make_pdf("safer-seven.pdf", blocks, columns=2, title="Safer Seven",
                    header="Dudley Safeguarding People Partnership", footer="Page {page} of {pages}")
    doc = extract_path(path)
    numbered = [s for s in doc.sections if s.number]
    assert [s.number for s in numbered] == [str(n) for n in range(1, 8)]
    assert not [w for w in doc.warnings if "reading order" in w]  # read in order, nothing to restore
    for s in numbered:
        assert s.heading == web_sections[s.number].heading
        assert _similarity(s.text, web_sections[s.number].text) >= 0.95, s.number


def test_fast_dedupe_chars_matches_pdfplumber(make_pdf: MakePdf, lorem: Callable[..., str]) -> None:
    import pdfplumber

    from extractors.reading.pdf import dedupe_chars

    path = make_pdf("bold2.pdf", _blocks(2, lorem, words=40), fake_bold=True)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        ours = dedupe_chars(page.chars)
        theirs = page.dedupe_chars().chars
        assert len(ours) < len(page.chars)
        assert [(c["text"], c["x0"], c["top"]) for c in ours] == [(c["text"], c["x0"], c["top"]) for c in theirs]
