"""Harm -> offence links (GUIDELINES.md rule 6) and offences claimed with no law cited.

A law or provision is linked to a harm when a rule-6 unit (:mod:`units`) ties them and presents
the law as making the harm an offence or the basis for acting on it. Scopes wider than the
sentence need an offence cue in them. An Act cited only as the basis for issuing guidance or for
a duty ("This guidance was issued under Section 7 of ...") is not linked.

An offence described in a provision's own words counts as naming its harms
(:mod:`extractors.tagging.described`). A cited provision is also linked to its taxonomy harms
named in its paragraph or in the section heading (``provision``). A harm word inside an Act's
title ("Suicide Act 1961") is not a link by itself.

An **offence claim** is a sentence (or list, or single-harm passage) that calls a harm illegal -
"is a crime", "punishable by law" - with no law or provision in its paragraph: recorded as
:class:`~extractors.models.OffenceClaim`, never as a link.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from extractors.models import Mention, OffenceClaim
from extractors.tagging.citations import with_section
from extractors.tagging.paragraphs import evidence
from extractors.tagging.units import SHORT_SECTION, Context, scopes

if TYPE_CHECKING:
    from extractors.tagging.linker import Links

OFFENCE_CUE = re.compile(
    r"\b(offen[cs]es?|offenders?|illegal|unlawful|criminal|crimes?|prosecut\w*|against the law|"
    r"under (?:s|section|article)|legislation|arrestable|convict\w*|punishable|liable|guilty|"
    r"penalt\w+|imprison\w*|covers?|makes? it)\b", re.I)
_STRONG = re.compile(r"\b(offen[cs]es?|illegal|unlawful|criminal|crimes?|prosecut\w*|against the law|"
                     r"punishable|guilty|convict\w*)\b", re.I)
# the law as the basis for guidance or a duty, not for an offence
GUIDANCE_BASIS = re.compile(r"\b(guidance|issued|statutory|dut(?:y|ies)|framework|procedures?)\b",
                            re.I)
CLAIM = re.compile(
    r"\b(punishable(?: by law)?|illegal|unlawful|against the law|(?:is|are|be|being) (?:a )?"
    r"(?:serious )?(?:criminal )?(?:crimes?|offen[cs]es?)|criminal offen[cs]es?|"
    r"it is an offen[cs]e|new (?:criminal )?offen[cs]es)\b", re.I)
# a later sentence of a single-harm passage that refers back to it ("Sharing the images is illegal")
REFERS_BACK = re.compile(r"\b(this|these|such|the (?:images?|photos?|pictures?|videos?|messages?|"
                         r"behaviou?r|abuse|conduct|content|material))\b", re.I)
_CLAIM_WORDS = ("punishable", "illegal", "unlawful", "against the law", "crime", "offenc", "offens")
CONFIDENCE = {"sentence": 0.75, "heading": 0.75, "list": 0.7, "paragraph": 0.6, "passage": 0.6,
              "section-heading": 0.6}
NEEDS_CUE = {"heading", "list", "paragraph", "passage", "section-heading"}
# a sentence naming a harm and a law ties them only when it presents the law as making the harm an
# offence or as the basis for acting on it (rule 6): "The definition of terrorism is given in the
# Terrorism Act 2000" links nothing
SENTENCE_CUE = re.compile(
    OFFENCE_CUE.pattern + r"|\b(criminalis\w*|outlaw\w*|prohibit\w*|bann?(?:ed|s|ing)?|charged|"
    r"sentenc\w*|requir\w*|remov\w*|protect\w*|tackl\w*|regulat\w*|introduc\w*)\b", re.I)


def link_offence(t: Mention, ctx: Context, links: Links) -> None:
    """Every harm a unit ties to the law or provision ``t``."""
    sa, tax = ctx.sa, links.taxonomy
    prov, law = tax.provisions.get(t.entity_id), tax.laws.get(t.entity_id)
    if (prov is not None and prov.duty) or (law is not None and not law.harms):
        return  # a duty, not an offence (Children Act 1989 s.47 enquiries, Care Act s.42)
    if t.kind == "law" and with_section(t, ctx.provisions, links.law_of):
        return  # "Section 66A Sexual Offences Act 2003": the provision's link is the link
    if t.in_heading:
        s = (0, 0)
        sentence = sa.section.heading
    else:
        s = ctx.sentence_of(t.start)
        sentence = sa.text[s[0]:s[1]]
    if GUIDANCE_BASIS.search(sentence) and not _STRONG.search(sentence):
        return
    for sc in scopes(t, ctx):
        if sc.method in NEEDS_CUE and not ctx.has(OFFENCE_CUE, sc.cue_text):
            continue
        if sc.method == "sentence" and not ctx.has(SENTENCE_CUE, sc.cue_text.replace(t.surface, " ")):
            continue
        if sc.method == "section-heading" and not t.in_heading and len(sa.text) > SHORT_SECTION:
            continue  # a long section is not one unit: its heading is not this sentence's topic
        if sc.method == "passage" and not REFERS_BACK.search(sentence):
            continue
        if sc.method == "paragraph" and _bound_elsewhere(ctx, sc.spans[0], s):
            continue
        conf = CONFIDENCE[sc.method]
        if sc.method == "sentence" and OFFENCE_CUE.search(sentence):
            conf = 0.9
        for harm in sc.harms:
            method = sc.method
            if method == "sentence" and (s[0], harm) in ctx.described:
                method, conf = "description", 0.8
            links.add("offence", harm, t, sa, list(sc.spans), method, conf, sc.heading)
    if t.in_heading:
        return
    _provision_harms(t, ctx, links, s)


def _bound_elsewhere(ctx: Context, hs: tuple[int, int], s: tuple[int, int]) -> bool:
    """The harm's own sentence ``hs`` cites a law, and the target's sentence ``s`` does not
    directly continue it: the harm is tied to its own citation, not to every law of its
    paragraph ("... makes stalking an offence. The amendments were made under the X Act" ties
    stalking to the X Act; "... dealt with as harassment under sections 2 and 4 of the Y Act"
    does not tie harassment to an Act named two sentences before)."""
    if hs == s or not any(hs[0] <= x < hs[1] for x in ctx.law_starts):
        return False
    return not (hs[1] <= s[0] and not ctx.sa.text[hs[1]:s[0]].strip())


def _provision_harms(t: Mention, ctx: Context, links: Links, s: tuple[int, int]) -> None:
    """Harms the taxonomy ties to what the sentence describes or cites."""
    sa, tax = ctx.sa, links.taxonomy
    p = ctx.paragraph_of(t.start)
    nearby = set(ctx.ids_in(*p)) | set(ctx.heading_harms)
    prov = tax.provisions.get(t.entity_id)
    for harm in sorted(set(prov.harms if prov else []) & nearby):
        links.add("offence", harm, t, sa, [s], "provision", 0.8)


def may_claim(text: str) -> bool:
    """A cheap test that ``text`` could hold an offence claim (a claim word occurs in it)."""
    low = text.lower()
    return any(w in low for w in _CLAIM_WORDS)


def offence_claims(ctx: Context, linked: set[str]) -> list[OffenceClaim]:
    """Harms a sentence calls illegal with no law in its paragraph, except harms ``linked``."""
    sa, text = ctx.sa, ctx.sa.text
    out: list[OffenceClaim] = []
    laws = [m.start for m in sa.mentions if m.kind in ("law", "provision") and not m.in_heading]
    lay = ctx.layout
    if not may_claim(text):
        return out  # most sections claim nothing: skip the slow alternation
    # one pass over the section, not one search per sentence: most sentences claim nothing
    claimed = sorted({ctx.sentence_of(m.start()) for m in CLAIM.finditer(text)})
    for s0, s1 in claimed:
        p0, p1 = ctx.paragraph_of(s0)
        if any(p0 <= x < p1 for x in laws):
            continue
        found: dict[str, list[tuple[int, int]]] = {h: [(s0, s1)] for h in ctx.ids_in(s0, s1)}
        li = lay.line_of(s0)
        for item, lead in lay.items.items():  # "New offences:" and its items
            if lead == li:
                a, b = lay.lines[item]
                for h in ctx.ids_in(a, b):
                    found.setdefault(h, [(s0, s1), (a, b)])
        if not found:
            one = ctx.passage_harm(s0)  # "Sharing images of children in this way is illegal"
            if one is not None:
                found[one[0]] = [(s0, s1)]
        for harm, spans in found.items():
            if harm in linked:
                continue
            ev, a, b = evidence(text, spans)
            out.append(OffenceClaim(harm_id=harm, evidence=ev, section=sa.section.ordinal,
                                    start=a, end=b))
    return out
