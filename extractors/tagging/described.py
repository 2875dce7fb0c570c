"""Offences described in plain words: "it is an offence to send photographs or film of genitals".

Guidance often describes an offence rather than naming the harm. A sentence that has an offence
cue and holds every content word of a provision's taxonomy summary or alias (by a crude stem,
so "photographs" matches "photograph") describes that provision; the provision's harm (when it
has one) then counts as named in that sentence for linking (rule 2: a harm described unambiguously counts).
The taxonomy's summaries are the data; nothing here names an offence.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from extractors.models import Mention
from extractors.taxonomy import Taxonomy

_STOP = {"a", "an", "the", "of", "or", "and", "to", "with", "by", "for", "in", "on", "etc", "offence",
         "offences", "someone", "person", "another", "any", "their", "his", "her", "its", "be",
         "being", "is", "are", "it", "that", "which", "who", "from", "into", "under", "s"}
_TOKEN = re.compile(r"[a-z]+")
CUE = re.compile(r"\b(offen[cs]es?|illegal|unlawful|criminal|crimes?|against the law|punishable)\b",
                 re.I)
_CUE_WORDS = ("offen", "illegal", "unlawful", "crim", "against the law", "punishable")
MIN_WORDS = 2  # a one-word summary ("voyeurism") is a harm name, which the tagger already finds


@lru_cache(maxsize=20_000)
def _stem(word: str) -> str:
    for suffix in ("ing", "es", "s", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def stems(text: str) -> set[str]:
    return {_stem(w) for w in _TOKEN.findall(text.lower()) if w not in _STOP}


_TABLES: dict[str, list[tuple[frozenset[str], str, tuple[str, ...]]]] = {}


def _descriptions(taxonomy: Taxonomy) -> list[tuple[frozenset[str], str, tuple[str, ...]]]:
    if taxonomy.hash in _TABLES:
        return _TABLES[taxonomy.hash]
    out = []
    for pid, p in sorted(taxonomy.provisions.items()):
        if len(p.harms) != 1:
            continue  # an offence covering several harms does not say which one is meant
        for phrase in (p.summary, *p.aliases):
            words = frozenset(stems(phrase))
            if len(words) >= MIN_WORDS:
                out.append((words, pid, tuple(p.harms)))
    _TABLES[taxonomy.hash] = out
    return out


def described_harms(text: str, sentences: list[tuple[int, int]], section: int,
                    taxonomy: Taxonomy) -> list[Mention]:
    """Harm mentions, one per harm and sentence, for offences a sentence describes."""
    table = _descriptions(taxonomy)
    out: list[Mention] = []
    cues: dict[tuple[int, int], re.Match[str]] = {}
    low = text.lower()
    if not any(w in low for w in _CUE_WORDS):
        return []
    starts = [a for a, _ in sentences]
    for m in CUE.finditer(text):  # one pass: few sentences have an offence cue
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0:
            cues.setdefault(sentences[i], m)
    for (s0, s1), cue in cues.items():
        words = stems(text[s0:s1])
        seen: set[str] = set()
        for need, _pid, harms in table:
            if need <= words:
                for h in harms:
                    if h not in seen:
                        seen.add(h)
                        out.append(Mention(kind="harm", entity_id=h, surface=cue.group(0),
                                           start=cue.start(), end=cue.end(), section=section,
                                           sentence=text[s0:s1]))
    return out
