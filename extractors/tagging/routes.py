"""Harm -> reporting-route links and the document's general routes (GUIDELINES.md rule 6).

A harm -> route link needs a rule-6 unit (:mod:`units`) that ties the agency or contact point to
the harm and presents it as a place to report, refer or get help, or as acting on the harm
(investigating, protecting, removing images): a role cue in the unit. A statistic's source is not
a route.

A route the text gives with no harm ("If you are worried about a child, call the MASH on ...",
a "Useful contacts" list) is a **general route** of the document
(:class:`~extractors.models.GeneralRoute`): never spread over the document's harms.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from extractors.models import GeneralRoute, Mention
from extractors.tagging.paragraphs import PASSAGE, evidence
from extractors.tagging.units import Context, scopes

if TYPE_CHECKING:
    from extractors.tagging.linker import Links

ROLE_CUE = re.compile(
    r"\b(report(?:s|ed|ing)?|contact(?:s|ing)?|call(?:s|ing)?|ring|phone|telephone|dial|"
    r"refer(?:s|red|ring|rals?)?|helplines?|hotlines?|notify|notif\w+|inform|tell|speak(?:s|ing)?|"
    r"talk(?:s|ing)?|escalat\w*|help(?:s|ing)?|advi[cs]e\w*|support(?:s|ed|ing)?|provid(?:es?|ed|ing)|"
    r"counsell\w*|protect(?:s|ed|ing|ion)?|investigat\w*|arrest\w*|prosecut\w*|remov\w*|"
    r"take (?:it )?down|visit|aims? to|works? to|tackl\w*|deal\w* with|reach out|prevent\w*|offer\w*)\b",
    re.I)
# words the cue pattern matches that present nothing as a route: "an app called X", "also
# referred to as sextortion", "protected characteristics", "provided for by the Act"
NOT_CUE = re.compile(r"\b(?:referr?(?:ed|s|ing)? to as|refers? to (?:the )?(?:any|an?|this|these)\b|"
                     r"protected characteristics?|provided (?:for|by)|(?:is|are|was|were) "
                     r"reported (?:to be|as|that)|reported (?:by|in)\b)", re.I)
# a concern about a child in general ("If you are worried about a child, call the MASH", "in an
# emergency, call 999"): the sentence names its own, general concern, so it does not refer back
# to a harm named before it
GENERAL_CONCERN = re.compile(
    r"\b(?:(?:worried|concerned|concerns?|worries|worry)\s+(?:about|for|regarding|over)\s+(?:the\s+)?"
    r"(?:(?:a|any|your|their|another|this)\s+)?(?:child(?:ren)?|young (?:person|people)|pupil|"
    r"student|adult|person|someone|anyone|safety|welfare|well-?being)\b|"
    r"any (?:safeguarding |child protection |welfare )?(?:concerns?|worries)\b|"
    r"(?:a|any) (?:safeguarding|child protection|welfare) (?:concern|issue)s?\b|"
    r"(?:if (?:it'?s|it is|this is|there is) an|in an?) emergency\b|immediate (?:danger|risk)\b)",
    re.I)
# a statistic's source is not a route
STATISTIC = re.compile(r"\b(according to|statistics?|survey\w*|research\w*|figures|study|studies|"
                       r"found that|data (?:from|show\w*)|\d+(?:\.\d+)?\s?(?:%|per\s?cent))", re.I)
REPORT_HEADING = re.compile(r"\b(report\w*|what to do|contacts?|who to contact|useful numbers|"
                            r"where to get help|getting help|get help|further (?:help|information)|"
                            r"support|advice)\b", re.I)
# a list whose lead says it lists places to go ("Useful contacts:", "Services that can help:")
LIST_LEAD = re.compile(r"\b(useful|services|organisations|websites|numbers|links)\b", re.I)
CONFIDENCE = {"sentence": 0.9, "heading": 0.75, "list": 0.7, "paragraph": 0.6, "passage": 0.6,
              "section-heading": 0.6}


def link_route(t: Mention, ctx: Context, links: Links) -> bool:
    """Harm links of the agency or contact ``t``; False when no unit ties it to a harm."""
    sa = ctx.sa
    sentence = sa.section.heading if t.in_heading else sa.text[slice(*ctx.sentence_of(t.start))]
    if STATISTIC.search(sentence):
        return True  # a source, not a route: neither a harm link nor a general route
    # the agency's own name is no cue ("Oxfordshire Safeguarding Children Board expects ...")
    sentence = sentence.replace(t.surface, " ")
    linked = False
    for sc in scopes(t, ctx):
        if not sc.harms:
            continue
        if sc.method == "section-heading" and (len(sa.text) > PASSAGE or len(sc.harms) > 1):
            continue  # a section's heading is the topic of a short single-harm section only
        cue_text = sc.cue_text
        if sc.method in ("paragraph", "passage", "section-heading"):
            # the unit ties the harm; the target's own sentence must present it as a route
            # (a cue in the harm's sentence is about something else) and for that harm, not
            # for a general concern about a child
            cue_text = sentence
            if GENERAL_CONCERN.search(sentence):
                continue
        if not has_cue(ctx, cue_text.replace(t.surface, " ")):
            continue
        for harm in sc.harms:
            links.add("reporting", harm, t, sa, list(sc.spans), sc.method, CONFIDENCE[sc.method],
                      sc.heading)
            linked = True
    return linked


def has_cue(ctx: Context, text: str) -> bool:
    """A role cue in ``text``, once the phrases that only look like one are removed."""
    return ctx.has(ROLE_CUE, NOT_CUE.sub(" ", text))


def general_route(t: Mention, ctx: Context) -> GeneralRoute | None:
    """``t`` as a general route when the text presents it as one: a contact point, or an agency
    with a role cue in its sentence, or in a reporting / contacts section or under such a
    heading line."""
    sa = ctx.sa
    if t.in_heading:
        return None
    s = ctx.sentence_of(t.start)
    sentence = sa.text[s[0]:s[1]]
    if STATISTIC.search(sentence):
        return None
    sentence = sentence.replace(t.surface, " ")
    method = ""
    if t.kind == "contact":
        method = "contact"
    elif ROLE_CUE.search(NOT_CUE.sub(" ", sentence)):
        method = "sentence"
    elif REPORT_HEADING.search(sa.section.heading or "") or _under_report_line(t, ctx):
        method = "section"
    elif _in_route_list(t, ctx):
        method = "list"
    if not method:
        return None
    ev, _, _ = evidence(sa.text, [s])
    pages = sa.section.pages
    return GeneralRoute(target_id=t.entity_id, evidence=ev, section=sa.section.ordinal,
                        page=pages[0] if pages else None, method=method)


def _under_report_line(t: Mention, ctx: Context) -> bool:
    lay = ctx.layout
    li = lay.line_of(t.start)
    before = [h for h in lay.headings if h <= li]
    if not before:
        return False
    a, b = lay.lines[before[-1]]
    return bool(REPORT_HEADING.search(ctx.sa.text[a:b])) and t.start - b < 1500


def _in_route_list(t: Mention, ctx: Context) -> bool:
    lay = ctx.layout
    lead = lay.items.get(lay.line_of(t.start))
    if lead is None:
        return False
    a, b = lay.lines[lead]
    line = ctx.sa.text[a:b]
    return bool(REPORT_HEADING.search(line) or LIST_LEAD.search(line) or ROLE_CUE.search(line))
