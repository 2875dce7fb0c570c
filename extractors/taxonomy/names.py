"""How names are normalised: slugs for ids, comparison keys, alias variants, contact values."""

from __future__ import annotations

import re


def slug(text: str, default: str = "") -> str:
    """The one slug of the project (ids, HTML anchors): lower-case ASCII words joined by hyphens,
    apostrophes dropped, ``default`` when nothing is left.

    >>> slug("Sexual Offences (Scotland) Act 2009"), slug("King's Lynn"), slug("&", "unknown")
    ('sexual-offences-scotland-act-2009', 'kings-lynn', 'unknown')
    """
    text = str(text).lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or default


def normalise(name: str) -> str:
    """The key names are compared by: lower case, no leading "the", hyphens as spaces."""
    s = name.lower().replace("\u2019", "'").replace("\u2018", "'").replace("&", " and ")
    s = re.sub(r"\((\d{4})\)", r"\1", s)
    s = re.sub(r"[-_/]", " ", s)
    s = re.sub(r"[^\w' ()]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    return s


def variants(text: str) -> set[str]:
    """Spelling variants of an alias: hyphen/space/joined forms and -ise/-ize."""
    out = {text}
    if "-" in text:
        out |= {text.replace("-", " "), text.replace("-", "")}
    words = text.split()
    if len(words) == 2 and words[0].lower() in {"cyber", "self", "online", "geo", "live"}:
        out |= {f"{words[0]}-{words[1]}", f"{words[0]}{words[1]}"}
    for v in list(out):
        if "is" in v:
            out.add(re.sub(r"is(ation|ed|ing|e)\b", r"iz\1", v))
    return out


def phone_digits(value: str) -> str:
    """``"0800 1111"`` -> ``"08001111"``; ``"+44 20 8547 5008"`` -> ``"02085475008"``."""
    digits = re.sub(r"\D", "", value)
    if digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


def normalise_url(value: str) -> str:
    """Lower-case host and path, without scheme, ``www.``, query, fragment or trailing slash."""
    v = value.strip().lower()
    v = re.sub(r"^[a-z]+://", "", v)
    v = re.sub(r"^www\.", "", v)
    v = re.split(r"[?#]", v, maxsplit=1)[0]
    return v.rstrip("/.,;)")


def contact_id(kind: str, value: str) -> str:
    """The graph id of a contact point from its kind and (raw or normalised) value."""
    if kind == "phone":
        return f"contact:phone:{phone_digits(value)}"
    if kind == "url":
        return f"contact:url:{normalise_url(value)}"
    return f"contact:email:{value.strip().lower()}"


# Area codes of four digits (0113, 0121, 0131, ...): "0121 496 0000", not "01214 960000".
_FOUR_DIGIT_AREAS = ("011", "0121", "0131", "0141", "0151", "0161", "0171", "0181", "0191")


def format_phone(value: str) -> str:
    """A UK number in its usual grouping, from any spelling of it (the one display rule).

    >>> [format_phone(v) for v in ("03005550050", "01273481544", "999", "08001111")]
    ['0300 555 0050', '01273 481544', '999', '0800 1111']
    >>> [format_phone(v) for v in ("08088005000", "02079460000", "07700900123", "116123")]
    ['0808 800 5000', '020 7946 0000', '07700 900123', '116 123']
    """
    d = phone_digits(value)
    if not d.startswith("0"):
        if len(d) == 6 and d.startswith("116"):  # the harmonised European helplines
            return f"{d[:3]} {d[3:]}"
        return d or value.strip()  # 999, 112, 101, 111
    if len(d) == 8:  # 0800 1111, 0500 numbers
        return f"{d[:4]} {d[4:]}"
    if len(d) == 10:  # 0800 123 456, 01xxx xxxxx
        return f"{d[:4]} {d[4:7]} {d[7:]}" if d[1] in "589" else f"{d[:5]} {d[5:]}"
    if len(d) != 11:
        return d
    if d[1] == "2":  # 020 London, 023 Southampton, 028 Northern Ireland, 029 Cardiff
        return f"{d[:3]} {d[3:7]} {d[7:]}"
    if d[1] in "3589" or d.startswith(_FOUR_DIGIT_AREAS):  # 0300, 0800, 0845, 0121, 0161
        return f"{d[:4]} {d[4:7]} {d[7:]}"
    return f"{d[:5]} {d[5:]}"  # 01273 481544, 07700 900123


def format_contact(kind: str | None, value: str | None) -> str:
    """How a contact point is shown: phones grouped, web addresses and e-mail as stored."""
    if not value:
        return ""
    return format_phone(value) if kind == "phone" else value
def local_agency_id(name: str) -> str:
    """The graph id of a local agency found by pattern, from its name as written:
    ``"Sefton's Community Adolescent Service"`` -> ``agency:sefton-community-adolescent-service``
    (possessive and a leading "the" dropped, so the same service gets the same id however the
    sentence puts it)."""
    key = re.sub(r"['\u2019]s\b", "", normalise(name))
    return f"agency:{slug(key)}"
