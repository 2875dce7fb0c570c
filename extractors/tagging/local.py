"""Local services and bodies found by the shape of their name (``local_agencies.yaml``).

"Sefton's Community Adolescent Service", "Dudley Trading Standards", "Oxfordshire
Safeguarding Children Board": no list holds them all, so each template of the YAML file is one
regular expression over the section text. A match becomes a new :class:`Agency` of kind
``local`` under its own name, with the document's region and, where it is an instance of a
taxonomy agency, that agency as ``broader``. A template with ``agency`` maps its matches to
that taxonomy agency instead (every police force is Police).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.errors import TaxonomyError
from extractors.taxonomy import Taxonomy, normalise
from extractors.taxonomy.models import Agency
from extractors.taxonomy.names import local_agency_id
from extractors.taxonomy.parse import read_yaml

_WINDOW = 120  # characters around a head word in which its template is tried
PATTERNS_FILE = Path(__file__).resolve().parents[1] / "taxonomy" / "local_agencies.yaml"
_CAP = r"(?:[A-Z][\w'\u2019&.-]*|&)"
_SEP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
# "Brighton and Hove"; not "of": "Roles and Responsibilities of Oxfordshire ..." is a heading
_NAME = rf"(?P<name>{_CAP}(?:{_SEP}(?:and{_SEP})?{_CAP}){{0,5}})"


@dataclass(frozen=True)
class Template:
    regex: re.Pattern[str]
    head: re.Pattern[str]  # the template's fixed words: the regex runs only around them
    agency: str | None
    broader: str | None


@dataclass(frozen=True)
class LocalHit:
    start: int
    end: int
    entity_id: str
    agency: Agency | None  # None: the hit is a taxonomy agency


@lru_cache(maxsize=4)
def load_templates(path: Path = PATTERNS_FILE) -> tuple[tuple[Template, ...], frozenset[str]]:
    """The compiled templates and the lead words, validated (a bad regex names the file)."""
    data = read_yaml(path)
    out = []
    for raw in data.get("templates", []) or []:
        t = str(raw.get("template", ""))
        if "{Name}" not in t:
            raise TaxonomyError(f"{path}: template {t!r} has no {{Name}}")
        body = re.escape("{Name}").join(p.replace(" ", _SEP) for p in t.split("{Name}"))
        body = body.replace(re.escape("{Name}"), _NAME)
        try:
            regex = re.compile(rf"(?<![\w'])(?:{body})(?![\w'\u2019])(?!{_SEP}[A-Z])")
        except re.error as e:
            raise TaxonomyError(f"{path}: template {t!r}: {e}") from e
        head = re.compile(rf"\b(?:{raw.get('head') or t.replace('{Name}', '').strip()})\b")
        out.append(Template(regex, head, raw.get("agency"), raw.get("broader")))
    lead = frozenset(str(w).lower() for w in data.get("lead", []) or [])
    return tuple(out), lead


def _trim(text: str, start: int, name_start: int, name_end: int, lead: frozenset[str]) -> int:
    """The start of the name once leading sentence words ("Contact", "The") are dropped."""
    pos = name_start
    for m in re.finditer(r"\S+", text[name_start:name_end]):
        if m.group().lower().strip(",") not in lead:
            break
        pos = name_start + m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return start if pos == name_start else pos


def find_local_agencies(text: str, taxonomy: Taxonomy, region: str | None) -> list[LocalHit]:
    """Local agencies named in ``text``: one hit per match, longest first at each position."""
    templates, lead = load_templates()
    index = taxonomy._index.get("agency", {})
    hits: list[LocalHit] = []
    for t in templates:
        for m in _around_heads(t, text):
            start = _trim(text, m.start(), m.start("name"), m.end("name"), lead)
            if start >= m.end("name"):
                continue  # the "name" was only lead words: "the Service"
            if t.agency:
                hits.append(LocalHit(start, m.end(), t.agency, None))
                continue
            name = re.sub(r"\s+", " ", text[start:m.end()]).strip()
            key = normalise(name)
            if key in index:  # the whole name is a taxonomy agency's: "Crown Prosecution Service"
                continue
            broader = t.broader or _contained(key, index)
            aid = local_agency_id(name)
            hits.append(LocalHit(start, m.end(), aid, Agency(
                id=aid, name=re.sub(r"['\u2019]s\b", "", name), kind="local", region=region,
                broader=broader)))
    return hits


def _around_heads(t: Template, text: str) -> list[re.Match[str]]:
    """Matches of ``t`` near its head words only: a name is at most ~6 words either side, and
    trying the open-ended {Name} at every capital letter of the text would cost more than all
    the phrase patterns (FACTS.md)."""
    out: dict[tuple[int, int], re.Match[str]] = {}
    for h in t.head.finditer(text):
        lo, hi = max(0, h.start() - _WINDOW), min(len(text), h.end() + _WINDOW)
        for m in t.regex.finditer(text, lo, hi):
            if m.start() <= h.start() and h.end() <= m.end():
                out.setdefault((m.start(), m.end()), m)
    return [out[k] for k in sorted(out)]


def _contained(key: str, index: dict[str, str]) -> str | None:
    """The taxonomy agency whose longest alias is a whole-word part of ``key``."""
    padded, best = f" {key} ", None
    for alias, entity_id in index.items():
        if len(alias) > 3 and f" {alias} " in padded and (best is None or len(alias) > best[0]):
            best = (len(alias), entity_id)
    return best[1] if best else None
