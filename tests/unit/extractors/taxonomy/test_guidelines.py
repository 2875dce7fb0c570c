"""The taxonomy follows the annotation guidelines (../shared/annotation/GUIDELINES.md): its 29
canonical harms are the guidelines' table, every national body resolves, and the statutes
guidance cites resolve in all four jurisdictions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractors.taxonomy import load_taxonomy

GUIDELINES = Path(__file__).resolve().parents[4].parent / "shared" / "annotation" / "GUIDELINES.md"


def _guidelines() -> str:
    if not GUIDELINES.exists():
        pytest.skip(f"{GUIDELINES} is absent (the shared annotation guidelines are outside the project)")
    return GUIDELINES.read_text(encoding="utf-8")


def test_canonical_harms_are_the_guidelines_table() -> None:
    table = re.search(r"\| canonical harm \|.*?\n\|[-| ]+\|\n(.*?)\n\n", _guidelines(), re.S)
    assert table
    names = [row.split("|")[1].strip() for row in table.group(1).splitlines()]
    assert sorted(names) == sorted(load_taxonomy().canonical_harms)


def test_every_national_body_of_the_guidelines_resolves() -> None:
    section = _guidelines().split("## National bodies: canonical names", 1)[1].split("\n## ", 1)[0]
    bodies = [re.sub(r"\s*\(.*", "", b).strip() for b in section.replace("\n", " ").split("·")]
    tax = load_taxonomy()
    missing = [b for b in bodies if b and tax.resolve("agency", b) is None]
    assert not missing


@pytest.mark.parametrize(("name", "law_id"), [
    ("Criminal Justice Act 2003", "law:criminal-justice-act-2003"),
    ("Criminal Justice Act 1988", "law:criminal-justice-act-1988"),
    ("Serious Crime Act (2015)", "law:serious-crime-act-2015"),
    ("the Theft Act 1968", "law:theft-act-1968"),
    ("Protection of Freedoms Act 2012", "law:protection-of-freedoms-act-2012"),
    ("Protection from Harassment Order 1997 (Northern Ireland)",
     "law:protection-from-harassment-northern-ireland-order-1997"),
    ("Protection from Stalking Act (Northern Ireland) 2022",
     "law:protection-from-stalking-act-northern-ireland-2022"),
    ("Sexual Offences (Scotland) Act 2009", "law:sexual-offences-scotland-act-2009"),
    ("Social Services and Well-being (Wales) Act 2014",
     "law:social-services-and-well-being-wales-act-2014"),
    ("OSA 2023", "law:online-safety-act-2023"),
])
def test_statutes_of_the_four_jurisdictions_resolve(name: str, law_id: str) -> None:
    assert load_taxonomy().resolve("law", name) == law_id


def test_an_act_title_two_acts_share_names_neither_without_its_year() -> None:
    assert load_taxonomy().resolve("law", "Criminal Justice Act") is None


@pytest.mark.parametrize(("bill", "act"), [("Online Safety Bill", "law:online-safety-act-2023"),
                                           ("Domestic Abuse Bill", "law:domestic-abuse-act-2021")])
def test_a_bill_is_its_act_under_an_outdated_name(bill: str, act: str) -> None:
    tax = load_taxonomy()
    assert tax.resolve("law", bill) == act
    assert any(a.outdated and a.entity_id == act and a.text == bill for a in tax.aliases)


def test_action_fraud_is_report_fraud_under_its_old_name() -> None:
    tax = load_taxonomy()
    assert tax.resolve("agency", "Action Fraud") == tax.resolve("agency", "Report Fraud")
    assert any(a.outdated and a.text == "Action Fraud" for a in tax.aliases)


@pytest.mark.parametrize("provision_id", [
    "provision:online-safety-act-2023:s179",  # false communications: a hoax or lie sent to hurt
    "provision:online-safety-act-2023:s181",  # threatening communications: one threat
    "provision:protection-from-stalking-act-northern-ireland-2022:s2",  # threatening behaviour
])
def test_offences_of_a_single_false_or_threatening_act_are_not_harassment(provision_id) -> None:
    # harassment is a course of conduct (Protection from Harassment Act 1997); none of the 29
    # canonical harms is a threat or a falsehood as such
    p = load_taxonomy().provisions[provision_id]
    assert "harm:harassment" not in p.harms and not p.duty


def test_duties_are_marked_apart_from_offences() -> None:
    tax = load_taxonomy()
    assert tax.provisions["provision:children-act-1989:s47"].duty
    assert tax.provisions["provision:care-act-2014:s42"].duty
    assert not any(p.duty for p in tax.provisions.values() if p.harms)
