"""HTML pages: keep the content (headings, paragraphs, list items), drop the chrome.

Navigation, scripts, styles, forms, headers and footers are removed before reading; when the
page marks its content with ``<main>`` or ``<article>``, only that is read. Headings come out as
Markdown headings ("## Reporting") and list items as "- item", so the sectioner treats
HTML and Markdown alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from extractors.errors import CorruptDocumentError
from extractors.reading.normalise import join_hyphenated, normalise_line
from extractors.reading.sections import Line
from extractors.reading.text import decode

_CHROME = [
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "iframe", "svg", "canvas", "select", "input", "menu", "dialog", "object",
]
_CHROME_ROLES = re.compile(r"^(navigation|banner|contentinfo|search|menu|menubar|dialog)$", re.I)
_CHROME_CLASS = re.compile(r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|cookie|skip-link|sidebar)([\s_-]|$)", re.I)
_BLOCKS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr",
    "td", "th", "thead", "tbody", "blockquote", "pre", "address", "figure", "figcaption",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "body", "details", "summary", "caption",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def extract_html_lines(path: Path, data: bytes) -> tuple[list[Line], list[str], str | None]:
    """Lines, warnings and the page ``<title>`` of an HTML file."""
    from bs4 import BeautifulSoup, Comment

    text, warnings = decode(path, data) if not _declares_charset(data) else (None, [])
    try:
        soup = BeautifulSoup(text if text is not None else data, "lxml")
    except Exception as e:  # lxml rejects some byte soups outright
        raise CorruptDocumentError(f"{path}: not readable as HTML: {e}") from e
    title_tag = soup.find("title")
    title = normalise_line(title_tag.get_text(" ")) if title_tag else None
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_CHROME):
        tag.decompose()
    for tag in soup.find_all(_is_chrome):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    out: list[str] = []
    tail: list[str] = []
    _walk(root, out, tail)
    _flush(tail, out)  # text directly inside the root, outside any block
    lines = join_hyphenated([normalise_line(t) for t in out])
    return [Line(t) for t in lines], warnings, title or None


def _declares_charset(data: bytes) -> bool:
    """Let the parser honour a ``<meta charset>`` rather than guessing ourselves."""
    return re.search(rb"<meta[^>]+charset", data[:4096], re.I) is not None


def _is_chrome(tag) -> bool:  # type: ignore[no-untyped-def]
    if tag.attrs is None:
        return False
    if _CHROME_ROLES.match(str(tag.get("role", ""))):
        return True
    if tag.get("aria-hidden") == "true" or tag.has_attr("hidden"):
        return True
    classes = " ".join(tag.get("class", [])) + " " + str(tag.get("id", ""))
    return tag.name in ("div", "ul", "section", "span") and bool(_CHROME_CLASS.search(classes))


def _walk(el, out: list[str], buf: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Append the element's block-level lines to ``out``; inline text collects in ``buf``.

    An explicit stack, not recursion: pages nested ~1,000 elements deep raised RecursionError
    (D4). Each frame is (children still to read, its out, its buf, what to do when done)."""
    from bs4 import NavigableString, Tag

    Done = Callable[[], None] | None
    stack: list[tuple[Iterator[Any], list[str], list[str], Done]] = [(iter(el.children), out, buf, None)]
    while stack:
        children, out, buf, _ = stack[-1]
        child = next(children, None)
        if child is None:
            done = stack.pop()[3]
            if done is not None:
                done()
            continue
        if isinstance(child, NavigableString):
            buf.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            buf.append("\n")
        elif name in _HEADINGS:
            _flush(buf, out)
            text = " ".join(child.get_text(" ").split())
            if text:
                out.extend([f"{'#' * _HEADINGS[name]} {text}", ""])
        elif name == "li":
            _flush(buf, out)
            item: list[str] = []
            inline: list[str] = []
            stack.append((iter(child.children), item, inline, partial(_end_item, item, inline, out)))
        elif name in ("ul", "ol"):
            _flush(buf, out)
            stack.append((iter(child.children), out, buf, partial(_end_list, buf, out)))
        elif name in _BLOCKS:
            _flush(buf, out)
            stack.append((iter(child.children), out, buf, partial(_flush, buf, out)))
        else:
            stack.append((iter(child.children), out, buf, None))


def _end_item(item: list[str], inline: list[str], out: list[str]) -> None:
    _flush(inline, item)
    lines = [t for t in item if t]
    if lines:
        out.append(t if (t := lines[0]).startswith("- ") else f"- {t}")
        out.extend(lines[1:])


def _end_list(buf: list[str], out: list[str]) -> None:
    _flush(buf, out)
    out.append("")


def _flush(buf: list[str], out: list[str]) -> None:
    if not buf:
        return
    text = "".join(buf)
    buf.clear()
    parts = [" ".join(p.split()) for p in text.split("\n")]
    parts = [p for p in parts if p]
    if parts:
        out.extend(parts)
        out.append("")
