"""Inputs built to make the readers slow or deep (D4, D6, D14): each must finish, bounded by
construction (linear scans, no recursion), so a generous pytest timeout only catches a regression
back to quadratic behaviour (the old code took minutes on every input here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import EncodingError, UnsupportedFormatError
from extractors.reading.detect import sniff
from extractors.reading.extract import extract_path
from extractors.reading.html import extract_html_lines
from extractors.reading.normalise import join_hyphenated
from extractors.reading.text import decode, extract_text_lines

N = 200_000


@pytest.mark.timeout(20)
def test_a_long_word_without_spaces_is_read_in_linear_time() -> None:
    assert join_hyphenated(["A" * N + "1"]) == ["A" * N + "1"]
    assert join_hyphenated(["@" * N + " word-", "ation"]) == ["@" * N + " wordation"]


def test_hyphen_joining_still_joins_and_keeps_what_it_kept() -> None:
    assert join_hyphenated(["sexual exploit-", "ation is"]) == ["sexual exploitation is"]
    assert join_hyphenated(["see www.example-", "site.org"]) == ["see www.example-site.org"]
    assert join_hyphenated(["a dash -", "next"]) == ["a dash -", "next"]


@pytest.mark.timeout(20)
def test_unclosed_emphasis_markers_are_stripped_in_linear_time() -> None:
    data = ("# A\n# B\n# C\n" + "*a " * N + "\n").encode()
    lines, _ = extract_text_lines(Path("e.md"), data, markdown=True)
    assert sum(len(line.text) for line in lines) > N


@pytest.mark.timeout(20)
def test_nested_brackets_are_read_in_linear_time() -> None:
    data = ("[" * N + "x" + "]" * N + "\n" + "[a](x" * (N // 5) + "\n").encode()
    lines, _ = extract_text_lines(Path("l.md"), data, markdown=True)
    assert lines


def test_markdown_links_and_emphasis_are_still_rewritten() -> None:
    data = b"See **bold** and *it* and __u__ and [CEOP](https://ceop.police.uk \"t\") ![img](a.png).\n"
    lines, _ = extract_text_lines(Path("m.md"), data, markdown=True)
    assert lines[0].text == "See bold and it and u and CEOP (https://ceop.police.uk) img."


@pytest.mark.timeout(30)
@pytest.mark.parametrize("depth", [1_000, 10_000])
def test_html_nested_thousands_deep_is_read_without_recursion(depth: int) -> None:
    html = ("<html><body>" + "<div><ul><li>" * (depth // 3) + "<p>Online grooming: report to CEOP.</p>"
            + "</li></ul></div>" * (depth // 3) + "</body></html>")
    lines, _, _ = extract_html_lines(Path("deep.html"), html.encode())
    assert any("Online grooming" in line.text for line in lines)


@pytest.mark.timeout(30)
def test_inline_text_nested_ten_thousand_deep_directly_in_main_is_kept() -> None:
    html = "<html><body><main>" + "<span>" * 10_000 + "Online grooming: report to CEOP." + "</span>" * 10_000
    lines, _, _ = extract_html_lines(Path("spans.html"), (html + "</main></body></html>").encode())
    assert [line.text for line in lines if line.text] == ["Online grooming: report to CEOP."]


def test_html_lists_and_blocks_keep_their_shape() -> None:
    html = (b"<html><body><main><h2>Report</h2><p>Call <b>CEOP</b> now.</p><ul><li>One<br>two</li>"
            b"<li><p>Three</p></li></ul><p>End</p></main></body></html>")
    lines, _, _ = extract_html_lines(Path("a.html"), html)
    assert [line.text for line in lines if line.text] == ["## Report", "Call CEOP now.", "- One", "two",
                                                          "- Three", "End"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_decoded(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("\ufeff1. Online grooming\nReport to CEOP.\n".encode(codec))
    doc = extract_path(path)
    assert "Report to CEOP." in doc.text


def test_utf16_that_does_not_decode_is_one_clear_error() -> None:
    data = b"\xff\xfe" + "1. Online grooming\n".encode("utf-16-le")
    with pytest.raises(EncodingError, match="UTF-16"):
        decode(Path("u.txt"), data + b"x")  # odd length
    with pytest.raises(UnsupportedFormatError, match="binary"):
        sniff(Path("u.txt"), data + b"\x00\xd8A\x00B\x00")  # a lone surrogate


def test_binary_after_a_utf16_mark_is_still_binary() -> None:
    with pytest.raises(UnsupportedFormatError, match="binary"):
        sniff(Path("b.txt"), b"\xff\xfe" + b"\x01\x00\x02\x00A\x00" * 100)
