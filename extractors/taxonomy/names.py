"""How names are normalised: slugs for ids, comparison keys, alias variants, contact values."""

from __future__ import annotations

import re


def slug(text: str) -> str:
    """``"Sexual Offences (Scotland) Act 2009"`` -> ``"sexual-offences-scotland-act-2009"``."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


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


def local_agency_id(name: str) -> str:
    """The graph id of a local agency found by pattern, from its name as written:
    ``"Sefton's Community Adolescent Service"`` -> ``agency:sefton-community-adolescent-service``
    (possessive and a leading "the" dropped, so the same service gets the same id however the
    sentence puts it)."""
    key = re.sub(r"['\u2019]s\b", "", normalise(name))
    return f"agency:{slug(key)}"
