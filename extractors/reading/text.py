"""Plain text and Markdown: decode, normalise, drop page furniture, keep headings.

Text is decoded as UTF-8 (with or without a BOM) or UTF-16 with a BOM; anything else is
decoded as Windows-1252 (then Latin-1, which never fails) with a warning, because a guidance
document saved by an old word processor should still be read rather than refused.
Text copied out of a PDF keeps its page footers ("2|Page"); they are dropped, give the
sections their page numbers, and the running header next to them is dropped too.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from extractors.errors import EncodingError
from extractors.reading.normalise import join_hyphenated, normalise_line, page_number
from extractors.reading.sections import Line

# Linear by construction (D6): link text cannot hold a bracket and emphasis cannot hold its own
# marker, so a failed match at one "[" or "*" never rescans the rest of the line; URL and title
# lengths are bounded. The unbounded forms took minutes on a few hundred KB of "*a " or "[".
_MD_LINK = re.compile(r"!?\[([^\[\]\n]{0,1000})\]\(([^()\s]{0,2048})(?:\s+\"[^\"\n]{0,500}\")?\)")
_MD_EMPHASIS = re.compile(
    r"\*\*([^*\n]{1,1000}?)\*\*|__([^_\n]{1,1000}?)__"
    r"|(?<![\w*])\*(?!\s)([^*\n]{1,1000}?)(?<!\s)\*(?![\w*])")
_MD_BULLET = re.compile(r"^(\s*)[*+]\s+")
_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_HTML_TAG = re.compile(r"</?(u|b|i|em|strong|span|br)\b[^>]*>", re.I)


def decode(path: Path, data: bytes) -> tuple[str, list[str]]:
    """The text of ``data`` and any warning about its encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as e:
            raise EncodingError(f"{path}: not valid UTF-16 although it starts with a UTF-16 "
                                f"byte-order mark (bad bytes at offset {e.start})") from e
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        where = e.start
    for encoding, label in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, [f"not UTF-8 (bad byte at offset {where}); decoded as {label}"]
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def extract_text_lines(path: Path, data: bytes, markdown: bool = False) -> tuple[list[Line], list[str]]:
    """Lines (with pages where the text has page footers) and warnings for a text file."""
    text, warnings = decode(path, data)
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if markdown:
        raw = _strip_markdown(raw)
    else:
        raw = [_HTML_TAG.sub("", t) for t in raw]
    lines = [normalise_line(t) for t in raw]
    lines = join_hyphenated(lines)
    return _paginate(lines), warnings


def _strip_markdown(lines: list[str]) -> list[str]:
    """Markdown to plain lines: links become their text (and URL when it is a real one),
    emphasis marks go, bullets become "- ". Headings keep their "#" for the sectioner."""
    out: list[str] = []
    for line in lines:
        if _MD_FENCE.match(line):
            continue
        line = _MD_LINK.sub(_link_text, line)
        line = _MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2) or m.group(3), line)
        line = _MD_BULLET.sub(r"\1- ", line)
        out.append(_HTML_TAG.sub("", line))
    return out


def _link_text(m: re.Match[str]) -> str:
    text, url = m.group(1), m.group(2)
    if m.group(0).startswith("!"):
        return text
    if url and not url.startswith("#") and url != text:
        return f"{text} ({url})" if text else url
    return text


def _paginate(lines: list[str]) -> list[Line]:
    """Drop page-number lines and the running header beside them; number the pages."""
    marks = [i for i, t in enumerate(lines) if page_number(t) is not None]
    if not marks:
        return [Line(t) for t in lines]
    # A running header or footer sits right next to a page-number line on every page.
    beside: dict[int, str] = {}
    for i in marks:
        for j in (_nonblank(lines, i, -1), _nonblank(lines, i, +1)):
            if j is not None and j not in marks and len(lines[j]) < 100:
                beside[j] = lines[j]
    repeats = Counter(beside.values())
    drop = set(marks) | {j for j, t in beside.items() if repeats[t] >= 2}
    out: list[Line] = []
    start = 0
    for i in marks:
        n = page_number(lines[i])
        for k in range(start, i):
            if k not in drop:
                out.append(Line(lines[k], n))
        start = i + 1
    last = (page_number(lines[marks[-1]]) or 0) + 1
    out.extend(Line(lines[k], last) for k in range(start, len(lines)) if k not in drop)
    return out


def _nonblank(lines: list[str], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].strip():
            return j
        j += step
    return None
