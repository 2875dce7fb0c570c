"""The tagger against the hand-made gold for the five seed documents (tests/gold/seeds.json).

Floors from the issue: entity categories F1 >= 0.90, link categories F1 >= 0.75.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.tagging.evaluate import ENTITY_CATEGORIES, LINK_CATEGORIES, evaluate
from extractors.tagging.tagger import tag_many

ROOT = Path(__file__).resolve().parents[4]
GOLD = ROOT / "tests/gold/seeds.json"
DOCS = ROOT / "data/raw"


@pytest.fixture(scope="module")
def report(nlp, taxonomy):
    if not GOLD.exists():
        pytest.skip(f"{GOLD} not written yet")
    from extractors.reading.extract import extract_path

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    docs = [extract_path(DOCS / name) for name in gold]
    return evaluate(gold, dict(zip(gold, tag_many(docs, nlp=nlp, taxonomy=taxonomy))), taxonomy)


@pytest.mark.parametrize("category", ENTITY_CATEGORIES)
def test_entity_category_f1_is_at_least_0_90(report, category) -> None:
    score = report.per_category[category]
    misses = [e for e in report.errors if e["category"] == category]
    assert score.f1 >= 0.90, misses


# This gold gives every harm of a document the routes of its contacts section; GUIDELINES.md
# makes those general routes, not harm links (issue 11). Issue-11b replaces this gold file.
_OLD_ROUTE_CONVENTION = pytest.mark.xfail(reason="tests/gold/seeds.json counts general routes "
                                          "as harm links", strict=True)


@pytest.mark.parametrize("category", [
    pytest.param(c, marks=_OLD_ROUTE_CONVENTION) if c == "harm_route_links" else c
    for c in LINK_CATEGORIES])
def test_link_category_f1_is_at_least_0_75(report, category) -> None:
    score = report.per_category[category]
    misses = [e for e in report.errors if e["category"] == category]
    assert score.f1 >= 0.75, misses
