"""Plain text and Markdown: decoding, page furniture, Markdown syntax."""

from __future__ import annotations

from pathlib import Path

from extractors.reading.normalise import comparable, join_hyphenated, normalise_text
from extractors.reading.text import decode, extract_text_lines


def test_utf8_is_decoded_without_warning() -> None:
    text, warnings = decode(Path("a.txt"), "caf\u00e9 \u2019".encode())
    assert text == "caf\u00e9 \u2019" and warnings == []


def test_cp1252_text_is_decoded_with_a_warning() -> None:
    data = "Children\u2019s online safety \u2013 caf\u00e9".encode("cp1252")
    text, warnings = decode(Path("a.txt"), data)
    assert text == "Children\u2019s online safety \u2013 caf\u00e9"
    assert len(warnings) == 1 and "not UTF-8" in warnings[0] and "Windows-1252" in warnings[0]


def test_bytes_cp1252_lacks_fall_back_to_latin1() -> None:
    text, warnings = decode(Path("a.txt"), b"a\x81b\xe9")
    assert text == "a\x81b\xe9" and "Latin-1" in warnings[0]


def test_page_footers_are_dropped_and_give_page_numbers() -> None:
    data = (
        b"Report Title\n\nFirst page text.\n\n2|Page\n\nReport Title\n\nSecond page text.\n\n"
        b"3|Page\n\nReport Title\n\nThird page text.\n"
    )
    lines, _ = extract_text_lines(Path("r.txt"), data)
    kept = [(ln.text, ln.page) for ln in lines if ln.text]
    assert ("Second page text.", 3) in kept and ("First page text.", 2) in kept
    assert all("Page" not in t for t, _ in kept)
    # The running header beside the footers goes; the first (cover) one is far from any.
    assert [t for t, _ in kept].count("Report Title") == 1


def test_markdown_links_and_emphasis_become_plain_text() -> None:
    data = b"# Help\n\nSee [Safer Internet](#) or [CEOP](https://ceop.police.uk) **now**.\n\n* item\n"
    lines, _ = extract_text_lines(Path("h.md"), data, markdown=True)
    texts = [ln.text for ln in lines if ln.text]
    assert texts == ["# Help", "See Safer Internet or CEOP (https://ceop.police.uk) now.", "- item"]


def test_normalise_text_handles_ligatures_quotes_and_spaces() -> None:
    raw = "The \ufb01rst \u201cquote\u201d,\u00a0it\u2019s  \ufb02at\u00ad.\t"
    assert normalise_text(raw) == "The first \"quote\", it's flat."


def test_hyphenated_line_breaks_are_joined() -> None:
    assert join_hyphenated(["sexual exploit-", "ation online"]) == ["sexual exploitation online"]


def test_hyphen_is_kept_when_the_document_writes_the_word_with_one() -> None:
    lines = ["risk of self-", "harm and", "more self-harm"]
    assert join_hyphenated(lines)[0] == "risk of self-harm and"


def test_hyphen_inside_a_url_is_kept() -> None:
    lines = ["visit http://www.example.org/online-", "", "safety.html now"]
    assert join_hyphenated(lines) == ["visit http://www.example.org/online-safety.html now"]


def test_comparable_ignores_layout_whitespace() -> None:
    assert comparable("a  b\n\nc\u2019d") == comparable("a b c'd")
