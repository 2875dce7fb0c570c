"""Contact points found in one section, each with the agency its own line or label names.

GUIDELINES rule 5: a number belongs to the agency its own line or label names, never to an
agency mentioned somewhere earlier; a number whose owner the text does not give is
unattributed (``agency_id`` None). The label ("Children", "Adults", "out of hours") is kept on
the contact point, and ``display`` keeps the number or address as written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from extractors.tagging import rules
from extractors.taxonomy import Taxonomy, contact_id, normalise_url
from extractors.taxonomy.models import ContactPoint

if TYPE_CHECKING:
    from extractors.tagging.mentions import Cand, SectionAnalysis

# Page furniture: a procedures site's "refer back to this website for updates" is not a contact.
_FURNITURE = re.compile(r"\b(this page|refer back to this website|for updates|printed on)\b", re.I)
_SHORT_LINE = 80
_NEAR = 30  # characters before a number in which its "out of hours" / "minicom" label is
# "lscb-logo 01273 481544": an image's alt text names the board the number belongs to.
_LOGO = re.compile(r"\b([A-Za-z]{2,10})[-_ ]logo\W*$", re.I)
# "Children: 0300 555 0050", "• Adults - 0300 555 0055", "Out of hours: ..."
_LABEL = re.compile(r"(?:^|[\u2022\u00b7*-]\s*)([A-Za-z][A-Za-z' ]{1,30}?)\s*[:\u2013-]\s*$")
_TIME_LABEL = re.compile(r"\b(out of (?:office )?hours|emergency|non-emergency|minicom|textphone|"
                         r"24 hours?|24/7)\b", re.I)


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, (len(text) if b < 0 else b)


def _logo_owner(prefix: str, taxonomy: Taxonomy) -> str | None:
    """The agency whose acronym ends the logo name: "bhlscb" -> LSCB, "wsscb" -> SCB."""
    m = _LOGO.search(prefix)
    if not m:
        return None
    token = m.group(1).upper()
    best: tuple[int, str] | None = None
    for a in taxonomy.aliases:
        if (a.kind == "agency" and a.case == "exact" and len(a.text) >= 3
                and token.endswith(a.text) and (best is None or len(a.text) > best[0])):
            best = (len(a.text), a.entity_id)
    return best[1] if best else None


def owner_and_label(hit: Any, agencies: list[Cand], sa: SectionAnalysis,
                    taxonomy: Taxonomy) -> tuple[str | None, str | None]:
    """The agency a contact belongs to and its label.

    In order: a logo label on its line; the nearest agency before it in its sentence and on
    its line; an agency after it on its line in the same sentence ("0800 1111 (Childline)");
    the agency heading a short list just above, its line ending in a colon ("Dudley
    Safeguarding:" / "Children: 0300 ...").
    """
    text = sa.text
    l0, l1 = _line(text, hit.start, hit.end)
    s0, s1 = sa.sentence_of(hit.start)
    prefix = text[l0:hit.start]
    label = None
    m = _LABEL.search(prefix)
    if m and not any(l0 <= c.start < hit.start for c in agencies):
        label = m.group(1).strip()
    else:  # "(minicom 0151 ...)", "out of hours 0300 ...": the words just before the number
        near = max(l0, s0, hit.start - _NEAR)
        t = _TIME_LABEL.search(text, near, hit.start)
        if t and not any(c.start <= t.start() < c.end for c in agencies):  # "emergency duty team"
            label = t.group(1).lower()
    logo = _logo_owner(prefix, taxonomy)
    if logo:
        return logo, label
    lo, hi = max(l0, s0), min(l1, s1)
    before = [c for c in agencies if lo <= c.start and c.end <= hit.start]
    if before:
        return before[-1].entity_id, label
    after = [c for c in agencies if hit.end <= c.start < hi]
    if after:
        return after[0].entity_id, label
    p0, p1 = sa.paragraph_of(hit.start)
    if p1 - p0 > _SHORT_LINE:
        return None, label
    i = sa.paragraphs.index((p0, p1)) if (p0, p1) in sa.paragraphs else 0
    for q0, q1 in reversed(sa.paragraphs[max(0, i - 4):i]):
        if q1 - q0 > _SHORT_LINE:
            return None, label
        inside = [c for c in agencies if q0 <= c.start < q1]
        if inside:  # "Dudley Safeguarding:" heads the list; a masthead line does not
            return (inside[-1].entity_id if text[q0:q1].rstrip().endswith(":") else None), label
    return None, label


def _host_owner(value: str, taxonomy: Taxonomy) -> str | None:
    """The agency whose own web address has this URL's host: "thinkuknow.co.uk/parents" is
    Thinkuknow's page whatever the sentence around it says."""
    host = normalise_url(value).split("/", 1)[0]
    for c in taxonomy.contacts.values():
        if c.kind == "url":
            own = c.value.split("/", 1)[0]
            if host == own or host.endswith("." + own):
                return c.agency_id
    return None


def find_contacts(text: str, agencies: list[Cand], sa: SectionAnalysis, taxonomy: Taxonomy,
                  new: dict[str, Any]) -> list[tuple[str, int, int, str | None]]:
    """Contact candidates ``(contact id, start, end, owner)`` of one section, given its agency
    mentions (overlaps resolved, in text order); a contact the
    taxonomy lacks is added to ``new`` as a ContactPoint. The owner is the taxonomy's owner for
    a national number ("call us on 101" names the police), else the one the text gives."""
    emails = rules.find_emails(text)
    found = [("email", h) for h in emails] + [("url", h) for h in rules.find_urls(text, emails)]
    found += [("phone", h) for h in rules.find_phones(text)]
    out = []
    for kind, hit in found:
        s0, s1 = sa.sentence_of(hit.start)
        if kind == "url" and _FURNITURE.search(text[s0:s1]):
            continue
        cid = contact_id(kind, hit.value)
        known = taxonomy.contacts.get(cid)
        if known is not None:
            out.append((cid, hit.start, hit.end, known.agency_id))
            continue
        owner, label = owner_and_label(hit, agencies, sa, taxonomy)
        site = _host_owner(hit.value, taxonomy) if kind == "url" else None
        owner = site or owner
        if cid not in new:
            value = hit.value if kind != "url" else normalise_url(hit.value)
            display = (hit.value if kind == "url"  # a URL broken across lines, joined
                       else re.sub(r"\s+", " ", text[hit.start:hit.end]).strip())
            new[cid] = ContactPoint(id=cid, kind=kind, value=value,  # type: ignore[arg-type]
                                    agency_id=owner, label=label, display=display)
        out.append((cid, hit.start, hit.end, site))
    return out
