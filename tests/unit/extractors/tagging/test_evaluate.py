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


def test_law_link_without_a_section_matches_any_section(make_document, nlp, taxonomy) -> None:
    gold = {**GOLD, "harm_law_links": [["grooming", "Sexual Offences Act 2003", None, "…"]]}
    tagged = {"a.txt": tag(make_document(("A", TEXT)), nlp=nlp)}
    assert evaluate({"a.txt": gold}, tagged, taxonomy).per_category["harm_law_links"].f1 == 1.0


def test_untagged_gold_document_counts_every_item_as_a_miss(taxonomy) -> None:
    report = evaluate({"a.txt": GOLD}, {}, taxonomy)
    assert report.micro.tp == 0 and report.micro.fn == 8
    assert set(report.as_dict()["per_category"]) == set(CATEGORIES)
