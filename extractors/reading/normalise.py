"""Text normalisation shared by every extractor and by later stages.

One place decides what "the same text" means: ligatures are expanded, curly quotes become
straight ones, invisible characters go, runs of spaces collapse, and words hyphenated across
a line break are joined. Later stages (de-duplication, tagging, tests comparing extractions)
call :func:`normalise_text` or :func:`comparable` rather than rolling their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Ligatures and typographic characters PDF fonts emit as single code points.
_TRANSLATE = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\t": " ",
        "\u00ad": None,  # soft hyphen: only marks where a word may break
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        "\r": None,
    }
)
_SPACES = re.compile(r" {2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"[A-Za-z]+")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LOWER_START = re.compile(r"^([a-z][A-Za-z]*)")
_URLISH = re.compile(r"https?://|www\.|@|/")


def _hyphen_end(line: str) -> tuple[int, int] | None:
    """Where the word broken by a hyphen at the end of ``line`` lies (letters, then "-").

    A scan from the end, not the regex ``([A-Za-z]+)-$``: searching that is quadratic in the
    length of a run of letters (a 10 MB "word" took over 300 s, D6)."""
    if not line.endswith("-"):
        return None
    end = len(line) - 1
    start = end
    while start > 0 and line[start - 1] in _LETTERS:
        start -= 1
    return (start, end) if start < end else None


def _urlish(text: str) -> bool:
    """Whether the last word of ``text`` looks like a URL, an address or a path."""
    last = text.rsplit(None, 1)[-1] if text.strip() else ""
    return _URLISH.search(last) is not None


def normalise_line(line: str) -> str:
    """One line with ligatures, quotes and invisible characters normalised, spaces collapsed."""
    line = _CONTROL.sub("", line.translate(_TRANSLATE))
    return _SPACES.sub(" ", line).strip()


def join_hyphenated(lines: list[str], vocabulary: set[str] | None = None) -> list[str]:
    """Join words split across line breaks with a hyphen ("exploit-" + "ation ...").

    Blank lines between the halves are skipped (PDF extracts often have them). The hyphen is
    kept when the joined word is unknown but the hyphenated form is known from ``vocabulary``
    (lower-cased words of the document), and always inside URLs, where it is part of the name.
    """
    return [text for text, _ in join_hyphenated_indexed(lines, vocabulary)]


def join_hyphenated_indexed(
    lines: list[str], vocabulary: set[str] | None = None
) -> list[tuple[str, int]]:
    """:func:`join_hyphenated`, with the index of each output line's first input line (so
    callers can keep page numbers)."""
    vocab = vocabulary if vocabulary is not None else _vocabulary(lines)
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _hyphen_end(line)
        if m:
            j = i + 1
            while j < len(lines) and not lines[j].strip() and j - i <= 2:
                j += 1
            nxt = lines[j].lstrip() if j < len(lines) else ""
            n = _LOWER_START.match(nxt)
            if n:
                head, tail = line[m[0]:m[1]], n.group(1)
                keep = _urlish(line[: m[1]]) or (
                    (head + tail).lower() not in vocab and f"{head}-{tail}".lower() in vocab
                )
                out.append((line[: m[1]] + ("-" if keep else "") + nxt, i))
                i = j + 1
                continue
        out.append((line, i))
        i += 1
    return out


def _vocabulary(lines: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for line in lines:
        for token in line.split():
            token = token.strip(".,;:!?()[]\"'").lower()
            if token:
                words.add(token)
    return words


def normalise_text(text: str, join_hyphens: bool = True) -> str:
    """Normalise a whole text: each line via :func:`normalise_line`, hyphen breaks joined,
    at most one blank line in a row, no blank lines at either end.

    >>> normalise_text("The \ufb01rst \u201cquote\u201d  and an exam-\\nple.")
    'The first "quote" and an example.'
    """
    lines = [normalise_line(x) for x in text.split("\n")]
    if join_hyphens:
        lines = join_hyphenated(lines)
    return collapse_blank_lines(lines)


def collapse_blank_lines(lines: Iterable[str]) -> str:
    """Join lines with newlines, keeping at most one blank line between paragraphs."""
    out: list[str] = []
    for line in lines:
        if not line:
            if out and out[-1]:
                out.append("")
        else:
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def comparable(text: str) -> str:
    """Text reduced for comparing two extractions: normalised, one space between words."""
    return " ".join(normalise_text(text).split())


def words(text: str) -> list[str]:
    """Lower-cased alphabetic words, for counting and similarity."""
    return [w.lower() for w in _WORD.findall(text)]


_PAGE_PATTERNS = [
    re.compile(r"^(\d{1,4})\s*\|\s*P\s*a\s*g\s*e$", re.I),  # "2|Page" (Word's page-number style)
    re.compile(r"^P\s*a\s*g\s*e\s*\|\s*(\d{1,4})$", re.I),  # "Page | 2"
    re.compile(r"^page\s+(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?\.?$", re.I),  # "Page 3", "Page 3 of 9"
]
_BARE_PAGE = [
    re.compile(r"^[-\u2013\u2014]?\s*(\d{1,4})\s*[-\u2013\u2014]?$"),  # "3", "- 3 -"
    re.compile(r"^(\d{1,4})\s*(?:/|of)\s*\d{1,4}$", re.I),  # "3 / 9", "3 of 9"
]


def page_number(line: str, bare: bool = False) -> int | None:
    """The page number a page-furniture line gives ("2|Page", "Page 3 of 9"), else None.

    ``bare`` also accepts a number alone ("3", "- 3 -", "3/9"); only safe in a page's
    top or bottom margin, since a number alone in body text may be anything.
    """
    text = line.strip()
    if not text or len(text) > 20:
        return None
    for pattern in _PAGE_PATTERNS + (_BARE_PAGE if bare else []):
        m = pattern.match(text)
        if m:
            return int(m.group(1))
    return None
