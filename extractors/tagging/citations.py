"""Short names a document defines for an Act it cites: "the Online Safety Act 2023 ('OSA 2023')",
"the Protection from Stalking Act (Northern Ireland) 2022 ('the Act')".

Guidance that defines a short name uses it for the rest of the passage ("Section 184 OSA 2023",
"Section 1(4) of the Act"); without it those citations resolve to no Act or to the wrong one.
Each later use of the defined name, spelt as defined, becomes a citation of its Act.
"""

from __future__ import annotations

import re
from typing import Any

_DEFINED = re.compile(r"\s*,?\s*\(\s*(?:hereafter\s+|hereinafter\s+)?(?:the\s+)?[\u2018\u201c'\"]"
                      r"((?:the\s+)?[A-Za-z][\w ]{1,24}?)[\u2019\u201d'\"]\s*\)")


def defined_names(text: str, laws: list[Any]) -> list[tuple[int, int, str]]:
    """(start, end, law id) of each use of a short name defined right after a law citation.

    ``laws`` are the law candidates found so far (with ``start``, ``end``, ``entity_id``)."""
    out: list[tuple[int, int, str]] = []
    taken = [(c.start, c.end) for c in laws]
    for c in laws:
        m = _DEFINED.match(text, c.end)
        if not m:
            continue
        name = m.group(1).strip()
        for use in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text[m.end():]):
            a, b = m.end() + use.start(), m.end() + use.end()
            if not any(x < b and a < y for x, y in taken):
                out.append((a, b, c.entity_id))
                taken.append((a, b))
    return out
