"""HTML: content kept, chrome dropped, headings and list items preserved."""

from __future__ import annotations

from pathlib import Path

from extractors.reading.extract import extract_path
from extractors.reading.html import extract_html_lines

PAGE = b"""<!DOCTYPE html><html><head><title>Online Safety | Council</title>
<style>p { color: red }</style><script>var tracking = 1;</script></head>
<body><header><a href="/">Home</a> | <a href="/c">Contact us</a></header>
<nav><ul><li>Menu one</li><li>Menu two</li></ul></nav>
<div class="cookie-banner">We use cookies</div>
<main><h1>Online Safety</h1><p>Children face <b>many</b> risks&nbsp;online.</p>
<h2>1. Grooming</h2><p>Grooming is where someone builds trust.<br>Report it.</p>
<ul><li>Call <a href="#">CEOP</a></li><li><p>Call the police</p></li></ul>
<h2>2. Reporting</h2><p>Ring 999.</p></main>
<footer>Copyright 2024 Council. Cookie policy.</footer></body></html>"""


def _texts(path: Path) -> list[str]:
    lines, _, _ = extract_html_lines(path, path.read_bytes())
    return [ln.text for ln in lines if ln.text]


def test_html_drops_navigation_scripts_header_and_footer(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(PAGE)
    text = " ".join(_texts(path))
    for chrome in ("Menu one", "Home", "tracking", "color", "Copyright", "cookies"):
        assert chrome not in text
    assert "Children face many risks online." in text


def test_html_keeps_headings_and_list_items(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(PAGE)
    texts = _texts(path)
    assert "## 1. Grooming" in texts
    assert texts[texts.index("- Call CEOP") + 1] == "- Call the police"


def test_html_document_sections_come_from_its_headings(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(PAGE)
    doc = extract_path(path)
    assert doc.format == "html"
    assert [(s.number, s.heading) for s in doc.sections] == [
        (None, "Online Safety"), ("1", "Grooming"), ("2", "Reporting")]
    assert "- Call the police" in doc.sections[1].text
