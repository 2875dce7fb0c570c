"""Which Act a section reference belongs to, and short names a document defines for an Act.

:func:`act_for` resolves "Section 15" to the Act named after it in the sentence (unless another
reference comes between: "Section 66B [as inserted by Section 188 OSA 2023]"), before it in the
sentence or paragraph (preferring an Act the taxonomy gives that section), and never to an Act
the text does not name ("Section 47 enquiries" is no law: GUIDELINES rule 3).
:func:`defined_names` finds short names defined for an Act: "the
Online Safety Act 2023 ('OSA 2023')", "the Protection from Stalking Act (Northern Ireland) 2022
('the Act')".

Guidance that defines a short name uses it for the rest of the passage ("Section 184 OSA 2023",
"Section 1(4) of the Act"); without it those citations resolve to no Act or to the wrong one.
Each later use of the defined name, spelt as defined, becomes a citation of its Act.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from extractors.tagging import rules
from extractors.taxonomy import Taxonomy

# "Section 1 of the Act", and the Act a document defines as "the Act": "... 2022 ('the Act')"
_OF_THE_ACT = re.compile(r"\s+of\s+the\s+Act\b")
_DEFINED_ACT = re.compile(r"\s*\(\W{0,2}the Act\W{0,2}\)")
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


def with_section(law: Any, provisions: list[Any], law_of: Callable[[str], str]) -> bool:
    """The law mention is the Act of a section citation, not a bare mention: right after
    "Section 15 of the" / "Section 187" ("Section 187 OSA 2023"), or right before "(section
    127)" / ", Section 1". GUIDELINES rule 3: only a bare mention is the entry with section null.

    ``provisions`` are provision mentions (``start``, ``end``, ``entity_id``, ``section``,
    ``in_heading``); ``law_of`` gives a provision id's law id."""
    return any(p.section == law.section and p.in_heading == law.in_heading
               and (0 <= law.start - p.end <= 10 or 0 <= p.start - law.end <= 3)
               and law_of(p.entity_id) == law.entity_id for p in provisions)


def act_for(ref: Any, numbers: list[Any], laws: list[Any], sa: Any,
            taxonomy: Taxonomy) -> str | None:
    """The Act a section reference belongs to: the Act the text defines as "the Act" for
    "Section 1 of the Act" (or, with none defined, the Act named last in the paragraph); else named
    later in the sentence, earlier in the sentence, earlier in the paragraph, or earlier in the
    section if that Act has the section. A section with no Act
    named ("Section 47 enquiries") belongs to none (GUIDELINES rule 3)."""
    if _OF_THE_ACT.match(sa.text, ref.end):
        defined = [c for c in laws if _DEFINED_ACT.match(sa.text, c.end)]
        if defined:
            return defined[0].entity_id
        # "The Fraud Act can be used ... However, Section 11 of the Act ...": with no Act defined
        # as "the Act", it is the Act named last before it in its paragraph
        p0, _ = sa.paragraph_of(ref.start)
        named = [c for c in laws if p0 <= c.start and c.end <= ref.start]
        return named[-1].entity_id if named else None
    s0, s1 = sa.sentence_of(ref.start)
    after = [c for c in laws if c.start >= ref.end and c.start < s1]
    # "Section 66B [as inserted by Section 188 OSA 2023]": an Act after another reference is its
    if after and not rules.SECTION_REF.search(sa.text, ref.end, after[0].start):
        return after[0].entity_id
    before = [c for c in laws if c.end <= ref.start]
    in_sentence = [c for c in before if c.start >= s0]
    if in_sentence:
        return in_sentence[-1].entity_id
    p0, _ = sa.paragraph_of(ref.start)
    in_para = [c for c in before if c.start >= p0]
    has_it = [c for c in in_para if taxonomy.provision_id(c.entity_id, numbers[0].value)
              in taxonomy.provisions]
    if in_para:
        return (has_it or in_para)[-1].entity_id
    for c in reversed(before):
        if taxonomy.provision_id(c.entity_id, numbers[0].value) in taxonomy.provisions:
            return c.entity_id
    return None
