"""Sectioning: headings, tables of contents, reading-order restoration, on real guidance."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.reading.extract import extract_path
from extractors.reading.headings import numbered_heading, title_heading
from extractors.reading.sections import Line, split_sections

RAW = Path(__file__).resolve().parents[4] / "data" / "raw"
SAFER_SEVEN = ["dudley-safer-seven-online-risks.web.txt", "dudley-safer-seven-online-risks.pdf-extract.txt"]


def _lines(text: str) -> list[Line]:
    return [Line(t) for t in text.split("\n")]


@pytest.mark.parametrize(
    "line",
    ["1. Online Risks and Harms", "8.45 Online Safety", "13. Agency and professional responsibilities:",
     "2. What are the risks?", "1 Introduction"],
)
def test_numbered_headings_are_recognised(line: str) -> None:
    assert numbered_heading(line) is not None


@pytest.mark.parametrize(
    "line",
    ["1. The more children use the internet, the more digital skills they gain.",
     "2018 - 2020", "3 children were seen", "1. Introduction ......... 4"],
)
def test_numbered_sentences_and_toc_lines_are_not_headings(line: str) -> None:
    assert numbered_heading(line) is None


@pytest.mark.parametrize("line", ["Cyber Bullying", "More on the Online Safety Bill", "Self Harm"])
def test_title_case_lines_are_headings(line: str) -> None:
    assert title_heading(line) is not None


@pytest.mark.parametrize(
    "line", ["Dudley Safeguarding:", "West Midlands Police - 999", "Research from EU Kids Online found",
             "A SAFEGUARDING INCIDENT WHERE TECHNOLOGY IS INVOLVED."],
)
def test_labels_and_sentences_are_not_title_headings(line: str) -> None:
    assert title_heading(line) is None


def test_text_before_the_first_heading_is_a_preamble_with_the_title() -> None:
    sections, _ = split_sections(_lines("Some opening words.\n\n1. First\n\nBody one."), title="Guide")
    assert [(s.ordinal, s.number, s.heading) for s in sections] == [(0, None, "Guide"), (1, "1", "First")]
    assert split_sections(_lines("Opening words.\n\n1. First\nBody."))[0][0].heading == "Preamble"


def test_out_of_order_sections_are_restored_with_a_warning() -> None:
    text = "3. Third\nc text\n\n1. First\na text\n\n2. Second\nb text"
    sections, warnings = split_sections(_lines(text))
    assert [s.number for s in sections] == ["1", "2", "3"]
    assert [s.ordinal for s in sections] == [0, 1, 2]
    assert sections[0].text == "a text"
    assert warnings == ["reading order restored: sections appeared as 3, 1, 2"]


def test_heading_with_no_text_is_folded_into_the_section_before() -> None:
    text = "Cover Title\n\nSection One\n\n1. Introduction\n\nWords here."
    sections, _ = split_sections(_lines(text), title="Doc")
    assert [s.heading for s in sections] == ["Doc", "Introduction"]
    assert "Section One" in sections[0].text and "Cover Title" in sections[0].text


def test_both_safer_seven_copies_are_restored_to_order_with_a_warning() -> None:
    expected_order = {"dudley-safer-seven-online-risks.web.txt": "1, 3, 2, 4, 5, 6, 7",
                      "dudley-safer-seven-online-risks.pdf-extract.txt": "7, 4, 1, 2, 3, 5, 6"}
    docs = [extract_path(RAW / name) for name in SAFER_SEVEN]
    for name, doc in zip(SAFER_SEVEN, docs):
        numbered = [s for s in doc.sections if s.number]
        assert [s.number for s in numbered] == [str(n) for n in range(1, 8)]
        assert [s.ordinal for s in doc.sections] == list(range(len(doc.sections)))
        assert f"reading order restored: sections appeared as {expected_order[name]}" in doc.warnings
    web, pdf = ({s.number: s for s in d.sections if s.number} for d in docs)
    assert [s.heading for s in web.values()] == [s.heading for s in pdf.values()]
    assert web["3"].heading == "Online Grooming"
    assert web["3"].text.startswith("Online grooming is where someone makes friends")


def test_cambridgeshire_table_of_contents_is_not_split_into_sections() -> None:
    doc = extract_path(RAW / "cambridgeshire-peterborough-online-safeguarding-strategy-2018-2020.txt")
    headings = [s.heading for s in doc.sections]
    assert headings.count("Introduction") == 1
    intro = next(s for s in doc.sections if s.heading == "Introduction")
    assert intro.number == "1"
    assert intro.text.startswith("Individuals often associate online safeguarding")
    for toc_only in ("Legal Framework", "Online Grooming", "Audience", "Governance"):
        assert toc_only not in headings
    assert not any("....." in s.text for s in doc.sections[:intro.ordinal + 1] if s is not intro)
    assert any(w.startswith("table of contents recognised") for w in doc.warnings)
    assert all("|Page" not in s.text for s in doc.sections)


def test_pan_sussex_numbers_alone_take_the_sub_heading_before_them() -> None:
    doc = extract_path(RAW / "pan-sussex-procedure-8.45-online-safety.txt")
    by_number = {s.number: s for s in doc.sections if s.number}
    assert by_number["8.45"].heading == "Online Safety"
    assert by_number["8.45.1"].heading == "Child abuse and the digital environment"
    assert by_number["8.45.6"].heading == "Online grooming and abuse"
    assert by_number["8.45.7"].heading == "Online grooming and abuse"
    assert by_number["8.45.7"].text.startswith("Under Section 15 of the Sexual Offences Act 2003")
    assert [s.number for s in doc.sections if s.number][-1] == "8.45.20"
    assert not doc.warnings


def test_kingston_title_case_headings_split_the_guidance() -> None:
    doc = extract_path(RAW / "kingston-richmond-online-safety-guidance.txt")
    headings = [s.heading for s in doc.sections]
    for h in ("Introduction", "Cyber Bullying", "Sharing Images Online", "Self Harm", "Our Responsibilities"):
        assert h in headings
    assert "Guidance for Practitioners and Parents:" not in headings


def test_a_dotted_number_alone_above_another_value_is_text_not_a_paragraph_number() -> None:
    lines = _lines("Font sizes\n\n12\n\n10.5\n\n28\n\n11\n\n8.45.6\n\nChildren may be groomed online.")
    sections, _ = split_sections(lines)
    assert [s.number for s in sections] == [None, "8.45.6"]
    assert sections[0].text.split("\n\n") == ["Font sizes", "12", "10.5", "28", "11"]
    assert sections[1].text == "Children may be groomed online."
