"""Scoring tagged documents against gold (DESIGN.md "Gold files")."""

from __future__ import annotations

from extractors.tagging.evaluate import CATEGORIES, evaluate
from extractors.tagging.tagger import tag

TEXT = ("Under Section 15 of the Sexual Offences Act 2003 online grooming is an offence. "
        "Report grooming to CEOP or call Childline on 0800 1111.")
GOLD = {
    "harms": ["Online grooming"],
    "laws": [{"act": "the Sexual Offences Act 2003", "section": "15"}],
    "agencies": ["CEOP", "ChildLine"],
    "contacts": [{"agency": "Childline", "phone": "0800 1111"}],
    "harm_law_links": [["grooming", "Sexual Offences Act 2003", "15", "…"]],
    "harm_route_links": [["grooming", "CEOP", "…"], ["grooming", "Childline", "…"]],
}


def test_perfect_tagging_scores_one_everywhere(make_document, nlp, taxonomy) -> None:
    tagged = {"a.txt": tag(make_document(("A", TEXT)), nlp=nlp)}
    report = evaluate({"a.txt": GOLD}, tagged, taxonomy)
    for cat in CATEGORIES:
        assert report.per_category[cat].f1 == 1.0, (cat, report.errors)
    assert report.micro.fn == 0 and report.micro.fp == 0


def test_misses_and_extras_are_counted_and_explained(make_document, nlp, taxonomy) -> None:
    gold = {**GOLD, "harms": ["Online grooming", "sextortion", "Unheard-of harm"]}
    tagged = {"a.txt": tag(make_document(("A", TEXT + " Sexting too.")), nlp=nlp)}
    s = evaluate({"a.txt": gold}, tagged, taxonomy).per_category["harms"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 2)
    assert round(s.precision, 2) == 0.5 and round(s.recall, 2) == 0.33


def test_explain_lists_each_false_positive_and_negative(make_document, nlp, taxonomy) -> None:
    gold = {**GOLD, "agencies": ["CEOP", "ChildLine", "Samaritans"]}
    report = evaluate({"a.txt": gold}, {"a.txt": tag(make_document(("A", TEXT)), nlp=nlp)}, taxonomy)
    assert {"document": "a.txt", "category": "agencies", "error": "false negative",
            "item": "agency:samaritans"} in report.as_dict(explain=True)["errors"]


def test_the_act_of_a_section_citation_gives_no_bare_act_link(make_document, nlp,
                                                               taxonomy) -> None:
    # GUIDELINES rule 3: one entry per distinct (Act, section); a bare mention of the Act adds
    # an entry with section null even when it is also cited with a section.
    gold = {**GOLD, "harm_law_links": [["grooming", "Sexual Offences Act 2003", "15", "…"],
                                       ["grooming", "Sexual Offences Act 2003", None, "…"]]}
    tagged = {"a.txt": tag(make_document(("A", "Online grooming is an offence under the Sexual "
                                               "Offences Act 2003 (section 15).")), nlp=nlp)}
    s = evaluate({"a.txt": gold}, tagged, taxonomy).per_category["harm_law_links"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 1)  # the Act of a section citation is not a bare mention


def test_a_section_link_does_not_match_a_bare_gold_link(make_document, nlp, taxonomy) -> None:
    gold = {**GOLD, "harm_law_links": [["grooming", "Sexual Offences Act 2003", None, "…"]]}
    tagged = {"a.txt": tag(make_document(("A", TEXT)), nlp=nlp)}
    s = evaluate({"a.txt": gold}, tagged, taxonomy).per_category["harm_law_links"]
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)


def test_a_bare_mention_of_the_act_links_with_section_null(make_document, nlp, taxonomy) -> None:
    text = ("The Sexual Offences Act 2003 made new offences, including:\n"
            "• an offence of grooming (Section 15 of the Sexual Offences Act 2003)")
    gold = {**GOLD, "harm_law_links": [["grooming", "Sexual Offences Act 2003", "15", "…"],
                                       ["grooming", "Sexual Offences Act 2003", None, "…"]]}
    tagged = {"a.txt": tag(make_document(("A", text)), nlp=nlp)}
    s = evaluate({"a.txt": gold}, tagged, taxonomy).per_category["harm_law_links"]
    assert (s.tp, s.fp, s.fn) == (2, 0, 0), tagged["a.txt"].links


def test_untagged_gold_document_counts_every_item_as_a_miss(taxonomy) -> None:
    report = evaluate({"a.txt": GOLD}, {}, taxonomy)
    assert report.micro.tp == 0 and report.micro.fn == 8
    assert set(report.as_dict()["per_category"]) == set(CATEGORIES)


def test_harms_are_compared_at_the_canonical_level(make_document, nlp, taxonomy) -> None:
    text = "County lines and extremism online. Suicide content is harmful."
    gold = {"harms": ["child criminal exploitation", "radicalisation", "self-harm and suicide"]}
    report = evaluate({"a.txt": gold}, {"a.txt": tag(make_document(("A", text)), nlp=nlp)}, taxonomy)
    s = report.per_category["harms"]
    assert (s.tp, s.fp, s.fn) == (3, 0, 0), report.errors


def test_a_local_agency_in_gold_matches_the_one_found_by_pattern(make_document, nlp, taxonomy) -> None:
    text = "You can contact Wessex's Community Adolescent Service (CAS) if you are worried."
    gold = {"agencies": ["Wessex Community Adolescent Service"]}
    report = evaluate({"a.txt": gold}, {"a.txt": tag(make_document(("A", text)), nlp=nlp)}, taxonomy)
    assert report.per_category["agencies"].f1 == 1.0, report.errors


def test_e_mail_addresses_are_not_scored_as_contacts(make_document, nlp, taxonomy) -> None:
    text = "Call Childline on 0800 1111 or write to help@example.org."
    gold = {"contacts": [{"agency": "Childline", "phone": "0800 1111"}]}
    report = evaluate({"a.txt": gold}, {"a.txt": tag(make_document(("A", text)), nlp=nlp)}, taxonomy)
    s = report.per_category["contacts"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)


def test_contact_owners_are_scored_apart_from_the_micro_average(make_document, nlp, taxonomy) -> None:
    text = ("Barsetshire Safeguarding Children Partnership:\n\nChildren: 01632 960050\n\nSomeone "
            "else entirely, in a long sentence that names nobody and goes on and on for a while, "
            "01632 960051.")
    gold = {"contacts": [{"agency": "safeguarding children partnership", "phone": "01632 960050"},
                         {"agency": "NSPCC", "phone": "01632 960051"}]}
    report = evaluate({"a.txt": gold}, {"a.txt": tag(make_document(("A", text)), nlp=nlp)}, taxonomy)
    owners = report.contact_owners
    assert (owners.tp, owners.fp, owners.fn) == (1, 0, 1), report.errors  # the second: unattributed
    assert report.per_category["contacts"].f1 == 1.0
    assert report.micro.tp == sum(s.tp for s in report.per_category.values())
    assert report.as_dict()["contact_owners"]["fn"] == 1
