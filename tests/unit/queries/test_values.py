"""Parameter values resolve through the taxonomy; unknown ones fail naming the closest matches."""

from __future__ import annotations

import pytest

from extractors.errors import QueryError
from queries.values import list_values, resolve_params, resolve_value


@pytest.mark.parametrize(("kind", "given", "value"), [
    ("harm", "Grooming", "harm:grooming"),
    ("harm", "self harm", "harm:self-harm"),
    ("harm", "CSE", "harm:child-sexual-exploitation"),
    ("harm", "cyber bullying", "harm:cyberbullying"),
    ("harm", "harm:grooming", "harm:grooming"),
    ("region", "the Dudley", "region:dudley"),
    ("region", "brighton & hove", "region:brighton-and-hove"),
    ("category", "Bullying and Harassment", "bullying and harassment"),
    ("category", "extremisms", "extremism"),
])
def test_aliases_case_plurals_and_the_resolve(kind, given, value):
    assert resolve_value(kind, given).value == value


@pytest.mark.parametrize(("kind", "given", "suggested"), [
    ("harm", "groomng", "Online grooming"),
    ("region", "Dudly", "Dudley"),
    ("category", "sexual", "sexual abuse and exploitation"),
])
def test_unknown_values_fail_naming_the_closest_matches(kind, given, suggested):
    with pytest.raises(QueryError) as e:
        resolve_value(kind, given)
    assert f"unknown {kind} {given!r}" in str(e.value) and suggested in str(e.value)
    assert f"skg values {kind}" in str(e.value)


def test_regions_known_only_from_document_metadata_resolve():
    extra = {"region:isle-of-nowhere": "Isle of Nowhere"}
    assert resolve_value("region", "isle of nowhere", graph_regions=extra).value == "region:isle-of-nowhere"


def test_resolve_params_replaces_only_value_parameters():
    params, resolved = resolve_params({"harm": "CSE", "region": None, "before": 2023})
    assert params == {"harm": "harm:child-sexual-exploitation", "region": None, "before": 2023}
    assert [r.name for r in resolved] == ["Child sexual exploitation"]


def test_value_lists_cover_the_taxonomy():
    harms = list_values("harm")
    assert any(h["harm"] == "Online grooming" and "grooming" in h["aliases"] for h in harms)
    assert len(list_values("category")) == 9
    assert any(r["region"] == "Manchester" for r in list_values("region"))
