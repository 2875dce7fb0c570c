"""Regex rules for what no list can hold: Act citations, section references, phone numbers,
URLs and e-mail addresses. Each finder returns plain hits with character offsets.

Regexes over the raw text are used rather than spaCy token patterns because token patterns
cost ~10x phrase patterns (FACTS.md) and these shapes are character-level anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = r"(?:[A-Z][\w'\u2019\-]*|\([A-Z][A-Za-z ]+\))"
_JOIN = r"(?:,?\s+(?:(?:and|of|the|for|from|in|to|on|against|with)\s+)*)"
CITATION = re.compile(
    rf"\b({_WORD}(?:{_JOIN}{_WORD})*?)\s+(Act|Order)((?:\s+\([A-Z][A-Za-z ]+\))?)"
    r"\s*,?\s*\(?((?:18|19|20)\d\d)\)?(?!\d)"
)
# Words that start a sentence or phrase before an Act's title, never part of it.
_LEAD = {"the", "under", "according", "to", "in", "of", "see", "by", "and", "as", "from", "with",
         "this", "that", "new", "also", "including", "section", "sections", "part", "schedule",
         "within", "whilst", "while", "where", "following", "per", "via", "both", "an", "a",
         "it", "is", "for", "on", "all", "any", "our", "their", "amended", "s"}
_NUM = r"\d+[A-Z]{0,2}(?:\(\w{1,4}\))*"
SECTION_REF = re.compile(
    rf"\b(?:[Ss]ections?|[Aa]rticles?|[Ss]{{1,2}}\.\s?|[Ss](?=\d))\s*({_NUM})"
    rf"((?:\s*(?:,|and|or|&|to|-|\u2013)\s*(?:[Ss]\.?\s?)?{_NUM}(?![\d/]))*)(?![\d/%])"
)
_NUM_RE = re.compile(_NUM)
_RANGE = re.compile(r"\s*(?:to|-|\u2013)\s*(?:[Ss]\.?\s?)?")
MAX_RANGE = 20  # a longer "range" is more likely two unrelated numbers
YEAR_ACT = re.compile(r"\b[Tt]he\s+((?:18|19|20)\d\d)\s+(Act|Order)\b")
PHONE = re.compile(
    r"(?<![\w/.])(?:\+44\s?(?:\(0\)\s?)?\d|\(0\d{2,4}\)|0\d)(?:[\s-]?\d){6,10}(?![\d/])"
)
SHORT_PHONE = re.compile(r"(?<![\w£$.,/-])(999|101|111|116\s?123|116\s?000)(?![\w%.,/-]\d|\d|%)")
_PHONE_CUE = re.compile(r"\b(call|phone|telephone|tel|dial|ring|police|emergency|contact|helpline|"
                        r"line|text|nhs)\b", re.I)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
URL = re.compile(
    r"\b(?:https?://[^\s<>\"'\])]+|www\.[^\s<>\"'\])]+|"
    r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:org\.uk|co\.uk|gov\.uk|police\.uk|nhs\.uk|ac\.uk|"
    r"sch\.uk|com|org|net|uk)(?:/[^\s<>\"')\]]*)?)",
    re.I,
)
_URL_CONT = re.compile(r"\s+([\w./-]*\.(?:html?|php|aspx?)|[\w-]+/[\w./-]*)")
# After a URL that ends in "/" or "-" at a line break, the rest of the path on the next line.
_URL_REST = re.compile(r"[ \t]*\n[ \t]*([a-z0-9][\w./?=&%#-]*)(?=[\s.,;:!?)\]]|$)")


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    value: str  # normalised value or the cited title
    extra: str = ""  # the Act's year, or "old" etc.


def find_citations(text: str) -> list[Hit]:
    """``the Serious Crime Act (2015)`` -> Hit(value="Serious Crime Act 2015", extra="2015")."""
    hits = []
    for m in CITATION.finditer(text):
        words = m.group(1).split()
        start = m.start(1)
        while words and (words[0].lower().strip(",") in _LEAD):
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else m.start(2)
            words = words[1:]
        # "Changes to the Qux Act", "PSNI and the Protection from Harassment Act": a title has
        # "the" only after "of" ("Representation of the People Act"), so a "the" after any
        # other word ends what came before the title
        cut = max((i + 1 for i, w in enumerate(words) if w == "the" and i and words[i - 1] != "of"),
                  default=0)
        if cut:
            if cut >= len(words):
                continue
            start = _word_start(text, m.start(1), words, cut)
            words = words[cut:]
        if not words:
            continue
        title = " ".join(words + [m.group(2)] + ([m.group(3).strip()] if m.group(3) else [])
                         + [m.group(4)])
        hits.append(Hit(start, m.end(), re.sub(r"\s+", " ", title), m.group(4)))
    return hits


def _word_start(text: str, pos: int, words: list[str], i: int) -> int:
    """Offset of ``words[i]`` (the words of ``text`` from ``pos``, split on whitespace)."""
    for w in words[:i]:
        pos = text.index(w, pos) + len(w)
    return text.index(words[i], pos)


def find_section_refs(text: str) -> list[tuple[Hit, list[Hit]]]:
    """``Sections 15 and 15A`` -> the whole reference and one Hit per section number."""
    out = []
    for m in SECTION_REF.finditer(text):
        numbers = [Hit(m.start(), m.end(1), m.group(1))]
        if m.group(2):
            for n in _NUM_RE.finditer(m.group(2)):
                hit = Hit(m.start(2) + n.start(), m.start(2) + n.end(), n.group(0))
                gap = text[numbers[-1].end:hit.start]
                if _RANGE.fullmatch(gap) and numbers[-1].value.isdigit() and hit.value.isdigit():
                    # "sections 2 to 4": the sections between are cited too
                    lo, hi = int(numbers[-1].value), int(hit.value)
                    if lo < hi <= lo + MAX_RANGE:
                        numbers += [Hit(hit.start, hit.end, str(k)) for k in range(lo + 1, hi)]
                numbers.append(hit)
        out.append((Hit(m.start(), m.end(), m.group(0)), numbers))
    return out


def find_year_acts(text: str) -> list[Hit]:
    """``the 2003 Act`` -> Hit(extra="2003")."""
    return [Hit(m.start(), m.end(), m.group(0), m.group(1)) for m in YEAR_ACT.finditer(text)]


def find_phones(text: str) -> list[Hit]:
    """UK phone numbers, normalised to digits; 999/101/111 only with a cue word on the line."""
    hits = []
    for m in PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if digits.startswith("44"):
            digits = "0" + digits[2:]
        if len(digits) in (10, 11) or (len(digits) == 8 and digits.startswith("080")):
            hits.append(Hit(m.start(), m.end(), digits))
    for m in SHORT_PHONE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start: line_end if line_end >= 0 else len(text)]
        if _PHONE_CUE.search(line):
            hits.append(Hit(m.start(), m.end(), re.sub(r"\D", "", m.group(0))))
    return hits


def find_emails(text: str) -> list[Hit]:
    return [Hit(m.start(), m.end(), m.group(0).lower()) for m in EMAIL.finditer(text)]


def find_urls(text: str, taken: list[Hit]) -> list[Hit]:
    """URLs and bare domains, not inside an e-mail address; a URL broken across lines by PDF
    extraction after a "/" or "-" is joined back (GUIDELINES rule 5)."""
    hits = []
    for m in URL.finditer(text):
        if any(t.start <= m.start() < t.end for t in taken):
            continue
        raw, end = m.group(0), m.end()
        if raw.endswith(("-", "/")):
            cont = _URL_REST.match(text, end) or (
                _URL_CONT.match(text, end) if raw.endswith("-") else None)
            if cont:
                raw, end = raw + cont.group(1), cont.end()
        raw = raw.rstrip(".,;:!?")
        end = m.start() + len(raw) if end == m.end() else end
        hits.append(Hit(m.start(), end, raw))
    return hits
