#!/usr/bin/env python3
"""Validate tests/gold/seeds.json (stdlib only).

Checks, for every document entry:
  * the document file exists in the docs directory (default: data/raw);
  * the entry has exactly the six keys of the gold format (DESIGN.md "Gold files")
    with the right types;
  * harms and agencies are non-empty strings, without duplicates (case-insensitive);
  * laws are {"act": str, "section": str|null}, without duplicate (act, section) pairs;
  * contacts are {"agency": str, one of "phone"|"url"|"email": str}, the agency is listed in
    "agencies", no duplicates;
  * harm_law_links are [harm, act, section|null, evidence]: the harm is in "harms", the
    (act, section) pair is in "laws", the evidence is a verbatim substring of the document;
  * harm_route_links are [harm, agency, evidence]: the harm is in "harms", the agency is in
    "agencies", the evidence is a verbatim substring of the document;
  * no duplicate link (the same harm/target pair twice).
Evidence is compared after collapsing every run of whitespace (spaces, tabs, newlines) to
one space on both sides; nothing else is normalised (quotes, markup and case must match).

Usage: python tests/gold/check_gold.py [GOLD_JSON] [--docs DIR]
Exit status 0 when valid, 1 with one line per problem otherwise.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
KEYS = {"harms", "laws", "agencies", "contacts", "harm_law_links", "harm_route_links"}
CONTACT_KINDS = {"phone", "url", "email"}


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def is_str(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def check_doc(name: str, entry: object, text: str | None) -> list[str]:
    errs: list[str] = []

    def err(msg: str) -> None:
        errs.append(f"{name}: {msg}")

    if not isinstance(entry, dict):
        return [f"{name}: entry is not an object"]
    keys = set(entry)
    if keys != KEYS:
        err(f"keys {sorted(keys)} != {sorted(KEYS)}")
    for key in KEYS & keys:
        if not isinstance(entry[key], list):
            err(f"{key} is not a list")
            return errs

    def names(key: str) -> set[str]:
        seen: set[str] = set()
        for item in entry.get(key, []):
            if not is_str(item):
                err(f"{key}: not a non-empty string: {item!r}")
                continue
            low = item.lower()
            if low in seen:
                err(f"{key}: duplicate {item!r}")
            seen.add(low)
        return seen

    harms = names("harms")
    agencies = names("agencies")

    laws: set[tuple[str, str | None]] = set()
    for law in entry.get("laws", []):
        if not isinstance(law, dict) or set(law) != {"act", "section"}:
            err(f"laws: bad entry {law!r}")
            continue
        act, section = law["act"], law["section"]
        if not is_str(act) or not (section is None or is_str(section)):
            err(f"laws: bad act/section {law!r}")
            continue
        pair = (act.lower(), section.lower() if section else None)
        if pair in laws:
            err(f"laws: duplicate {law!r}")
        laws.add(pair)

    seen_contacts: set[tuple[str, str, str]] = set()
    for contact in entry.get("contacts", []):
        if not isinstance(contact, dict) or "agency" not in contact:
            err(f"contacts: bad entry {contact!r}")
            continue
        kinds = set(contact) - {"agency"}
        if len(kinds) != 1 or not kinds <= CONTACT_KINDS:
            err(f"contacts: need exactly one of {sorted(CONTACT_KINDS)}: {contact!r}")
            continue
        kind = kinds.pop()
        if not is_str(contact["agency"]) or not is_str(contact[kind]):
            err(f"contacts: empty value {contact!r}")
            continue
        if contact["agency"].lower() not in agencies:
            err(f"contacts: agency {contact['agency']!r} not in agencies")
        key = (contact["agency"].lower(), kind, contact[kind])
        if key in seen_contacts:
            err(f"contacts: duplicate {contact!r}")
        seen_contacts.add(key)

    flat = collapse(text) if text is not None else None

    def check_evidence(kind: str, evidence: object, link: object) -> None:
        if not is_str(evidence):
            err(f"{kind}: empty evidence in {link!r}")
        elif flat is not None and collapse(evidence) not in flat:  # type: ignore[arg-type]
            err(f"{kind}: evidence not found verbatim: {evidence!r}")

    seen_links: set[tuple] = set()
    for link in entry.get("harm_law_links", []):
        if not isinstance(link, list) or len(link) != 4:
            err(f"harm_law_links: need [harm, act, section|null, evidence]: {link!r}")
            continue
        harm, act, section, evidence = link
        if not is_str(harm) or harm.lower() not in harms:
            err(f"harm_law_links: harm {harm!r} not in harms")
        if not is_str(act) or not (section is None or is_str(section)):
            err(f"harm_law_links: bad act/section in {link!r}")
        elif (act.lower(), section.lower() if section else None) not in laws:
            err(f"harm_law_links: ({act!r}, {section!r}) not in laws")
        check_evidence("harm_law_links", evidence, link)
        key = ("law", str(harm).lower(), str(act).lower(), section)
        if key in seen_links:
            err(f"harm_law_links: duplicate {link[:3]!r}")
        seen_links.add(key)

    for link in entry.get("harm_route_links", []):
        if not isinstance(link, list) or len(link) != 3:
            err(f"harm_route_links: need [harm, agency, evidence]: {link!r}")
            continue
        harm, agency, evidence = link
        if not is_str(harm) or harm.lower() not in harms:
            err(f"harm_route_links: harm {harm!r} not in harms")
        if not is_str(agency) or agency.lower() not in agencies:
            err(f"harm_route_links: agency {agency!r} not in agencies")
        check_evidence("harm_route_links", evidence, link)
        key = ("route", str(harm).lower(), str(agency).lower())
        if key in seen_links:
            err(f"harm_route_links: duplicate {link[:2]!r}")
        seen_links.add(key)
    return errs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(HERE / "seeds.json"))
    parser.add_argument("--docs", default=str(ROOT / "data" / "raw"))
    args = parser.parse_args(argv)

    try:
        gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"cannot read {args.gold}: {exc}")
        return 1
    if not isinstance(gold, dict) or not gold:
        print("gold must be a non-empty JSON object keyed by file name")
        return 1

    docs = Path(args.docs)
    errors: list[str] = []
    for name, entry in gold.items():
        path = docs / name
        text = None
        if path.is_file():
            text = path.read_text(encoding="utf-8")
        else:
            errors.append(f"{name}: document not found in {docs}")
        errors.extend(check_doc(name, entry, text))

    for line in errors:
        print(line)
    if not errors:
        counts = ", ".join(
            f"{name}: " + " ".join(f"{k}={len(v)}" for k, v in entry.items())
            for name, entry in gold.items()
        )
        print(f"OK: {len(gold)} documents; {counts}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
