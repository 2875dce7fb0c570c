"""The tagger's entities against independent gold (``../shared/corpus``, GUIDELINES.md).

Two sets: the 26 real guidance pages of ``../shared/corpus/dev`` (scored as a whole and on the
six held out of all tuning, interfaces.md "Dev-set split") and the five seed documents
(``../shared/corpus/seeds.gold.json`` over ``data/raw``). Harms are compared at the level of
the 29 canonical harms. The floors are the scores reached when they were set: they only go up.
Link floors live in ``test_link_quality.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.tagging.evaluate import ENTITY_CATEGORIES, EvalReport, Score, evaluate
from extractors.tagging.tagger import tag_many

ROOT = Path(__file__).resolve().parents[4]
CORPUS = ROOT.parent / "shared" / "corpus"
DEV_GOLD, DEV_DOCS = CORPUS / "dev" / "gold.json", CORPUS / "dev" / "docs"
SEEDS_GOLD, SEEDS_DOCS = CORPUS / "seeds.gold.json", ROOT / "data" / "raw"
HELD_OUT_POSITIONS = (4, 8, 12, 16, 20, 24)  # 1-based, in name order (interfaces.md)

# F1 floors per entity category, and for the micro average over the four.
FLOORS = {
    "dev": {"harms": 0.92, "laws": 0.98, "agencies": 0.95, "contacts": 1.0, "entities": 0.96},
    "held-out": {"entities": 0.87},
    "seeds": {"harms": 0.97, "laws": 1.0, "agencies": 0.92, "contacts": 1.0, "entities": 0.96},
}
# Who the found contacts belong to (EvalReport.contact_owners), per set.
OWNER_FLOORS = {"dev": 0.94, "seeds": 0.92}


def _report(gold_path: Path, docs: Path, nlp, taxonomy, only: set[str] | None = None) -> EvalReport:
    if not gold_path.exists() or not docs.is_dir():
        pytest.skip(f"{gold_path} or {docs} is absent (the shared corpus is outside the project)")
    from extractors.reading.extract import extract_path

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if only is not None:
        gold = {k: v for k, v in gold.items() if k in only}
    documents = [extract_path(docs / name) for name in gold]
    return evaluate(gold, dict(zip(gold, tag_many(documents, nlp=nlp, taxonomy=taxonomy))), taxonomy)


def held_out_names() -> set[str]:
    names = sorted(p.name for p in DEV_DOCS.iterdir()) if DEV_DOCS.is_dir() else []
    return {names[i - 1] for i in HELD_OUT_POSITIONS if i <= len(names)}


@pytest.fixture(scope="module")
def reports(nlp, taxonomy) -> dict[str, EvalReport]:
    return {
        "dev": _report(DEV_GOLD, DEV_DOCS, nlp, taxonomy),
        "held-out": _report(DEV_GOLD, DEV_DOCS, nlp, taxonomy, held_out_names()),
        "seeds": _report(SEEDS_GOLD, SEEDS_DOCS, nlp, taxonomy),
    }


def entity_score(report: EvalReport) -> Score:
    """Micro-averaged score over the four entity categories."""
    s = Score()
    for c in ENTITY_CATEGORIES:
        cat = report.per_category[c]
        s.tp, s.fp, s.fn = s.tp + cat.tp, s.fp + cat.fp, s.fn + cat.fn
    return s


CASES = [(name, cat) for name, floors in FLOORS.items() for cat in floors]


@pytest.mark.parametrize(("gold_set", "category"), CASES)
def test_entity_f1_stays_at_or_above_its_floor(reports, gold_set, category) -> None:
    report = reports[gold_set]
    score = entity_score(report) if category == "entities" else report.per_category[category]
    misses = [e for e in report.errors if category == "entities" or e["category"] == category]
    misses = [e for e in misses if e["category"] in ENTITY_CATEGORIES]
    shown = misses if gold_set != "held-out" else len(misses)  # never tune on held-out errors
    assert score.f1 >= FLOORS[gold_set][category], shown


@pytest.mark.parametrize("gold_set", sorted(OWNER_FLOORS))
def test_contact_owners_f1_stays_at_or_above_its_floor(reports, gold_set) -> None:
    report = reports[gold_set]
    wrong = [e for e in report.errors if e["category"] == "contact_owners"]
    assert report.contact_owners.f1 >= OWNER_FLOORS[gold_set], wrong
