"""The taxonomy files load, validate, and resolve names to graph ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractors.errors import TaxonomyError
from extractors.taxonomy import load_taxonomy, load_taxonomy_uncached
from extractors.taxonomy.load import DATA_DIR, FILES
from extractors.taxonomy.models import HarmCategory


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    for name in FILES:
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def test_packaged_taxonomy_meets_the_issue_minimums() -> None:
    tax = load_taxonomy()
    assert len(tax.harms) >= 40 and len(tax.agencies) >= 40
    assert {h.category for h in tax.harms.values()} == set(HarmCategory.__args__)
    extents = {e for law in tax.laws.values() for e in law.extent}
    assert extents == {"England", "Wales", "Scotland", "Northern Ireland"}
    assert tax.version and len(tax.hash) == 64


def test_load_taxonomy_is_cached_per_directory() -> None:
    assert load_taxonomy() is load_taxonomy()


def test_known_contact_points_are_normalised_ids() -> None:
    tax = load_taxonomy()
    assert tax.contacts["contact:phone:08001111"].agency_id == "agency:childline"
    assert tax.contacts["contact:phone:08088005000"].agency_id == "agency:nspcc"
    assert tax.contacts["contact:phone:03001232040"].agency_id == "agency:report-fraud"
    assert "provision:sexual-offences-act-2003:s15a" in tax.provisions


@pytest.mark.parametrize("kind,name,expected", [
    ("law", "the Online Safety Bill", "law:online-safety-act-2023"),
    ("law", "Online Safety Bill 2023", "law:online-safety-act-2023"),
    ("law", "Serious Crime Act (2015)", "law:serious-crime-act-2015"),
    ("law", "sexual offences act", "law:sexual-offences-act-2003"),
    ("agency", "West Midlands Police", "agency:police"),
    ("agency", "the police", "agency:police"),
    ("agency", "Action Fraud", "agency:report-fraud"),
    ("agency", "ChildLine", "agency:childline"),
    ("agency", "Dudley Safeguarding", "agency:safeguarding-partnership"),
    ("harm", "Online grooming", "harm:grooming"),
    ("harm", "cyber-bullying", "harm:cyberbullying"),
    ("harm", "radicalization", "harm:radicalisation"),
    ("region", "Kingston upon Thames", "region:kingston-upon-thames"),
])
def test_resolve_matches_aliases_case_the_and_years(kind: str, name: str, expected: str) -> None:
    assert load_taxonomy().resolve(kind, name) == expected


def test_resolve_returns_none_for_unknown_names() -> None:
    assert load_taxonomy().resolve("agency", "Ministry of Silly Walks") is None


def test_alias_claimed_by_two_entities_is_rejected(data_copy: Path) -> None:
    _append(data_copy / "harms.yaml", """  - id: harm:duplicate
    name: Duplicate
    category: privacy
    broader: cyberbullying
    aliases: [cyberbullying]
""")
    with pytest.raises(TaxonomyError, match="claimed by both"):
        load_taxonomy_uncached(data_copy)


def test_harm_with_an_unknown_canonical_harm_is_rejected(data_copy: Path) -> None:
    _append(data_copy / "harms.yaml", """  - id: harm:new
    name: New harm
    category: privacy
    broader: online weirdness
""")
    with pytest.raises(TaxonomyError, match="harm:new: broader 'online weirdness' is not one"):
        load_taxonomy_uncached(data_copy)


def test_harm_without_a_canonical_harm_is_rejected(data_copy: Path) -> None:
    _append(data_copy / "harms.yaml", """  - id: harm:new
    name: New harm
    category: privacy
""")
    with pytest.raises(TaxonomyError, match="harm:new: no 'broader'"):
        load_taxonomy_uncached(data_copy)


def test_canonical_harm_with_no_harm_under_it_is_rejected(data_copy: Path) -> None:
    path = data_copy / "harms.yaml"
    path.write_text(path.read_text().replace("canonical:\n", "canonical:\n  - online weirdness\n", 1))
    with pytest.raises(TaxonomyError, match="'online weirdness' has no harm under it"):
        load_taxonomy_uncached(data_copy)


def test_every_harm_rolls_up_to_one_of_the_29_canonical_harms() -> None:
    tax = load_taxonomy()
    assert len(tax.canonical_harms) == 29
    assert {h.broader for h in tax.harms.values()} == set(tax.canonical_harms)
    assert tax.canonical_harm("harm:county-lines") == "child criminal exploitation"
    assert tax.canonical_harm("harm:extremism") == tax.canonical_harm("harm:radicalisation")
    assert tax.canonical_harm("harm:suicide") == tax.canonical_harm("harm:self-harm")


@pytest.mark.parametrize("umbrella", ["gaming", "mental health impacts", "online abuse",
                                      "anxiety", "harmful sexual behaviour", "exploitation"])
def test_umbrella_words_effects_and_channels_are_not_harms(umbrella: str) -> None:
    assert load_taxonomy().resolve("harm", umbrella) is None


def test_provision_of_a_missing_act_is_rejected(data_copy: Path) -> None:
    _append(data_copy / "laws.yaml", """provisions:
  - law_id: law:no-such-act-1999
    section: "1"
    summary: an offence of nothing
""")
    with pytest.raises(TaxonomyError, match="not in the laws list"):
        load_taxonomy_uncached(data_copy)


def test_bad_harm_category_is_rejected(data_copy: Path) -> None:
    _append(data_copy / "harms.yaml", """  - id: harm:new
    name: New harm
    category: not a category
""")
    with pytest.raises(TaxonomyError, match="harm:new"):
        load_taxonomy_uncached(data_copy)


def test_unknown_harm_reference_is_rejected(data_copy: Path) -> None:
    path = data_copy / "laws.yaml"
    path.write_text(path.read_text().replace("harms: [harm:stalking]", "harms: [harm:nope]", 1))
    with pytest.raises(TaxonomyError, match="harm:nope"):
        load_taxonomy_uncached(data_copy)


def test_missing_file_is_reported(data_copy: Path) -> None:
    (data_copy / "regions.yaml").unlink()
    with pytest.raises(TaxonomyError, match="regions.yaml"):
        load_taxonomy_uncached(data_copy)


def test_changed_file_changes_the_hash(data_copy: Path) -> None:
    before = load_taxonomy_uncached(data_copy).hash
    _append(data_copy / "regions.yaml", "  - {id: region:atlantis, name: Atlantis, jurisdiction: Wales}\n")
    assert load_taxonomy_uncached(data_copy).hash != before


def test_agency_with_an_unknown_broader_agency_is_rejected(data_copy: Path) -> None:
    _append(data_copy / "agencies.yaml", """  - id: agency:new
    name: New agency
    kind: charity
    broader: agency:nope
""")
    with pytest.raises(TaxonomyError, match="agency:new: broader 'agency:nope' is not an agency"):
        load_taxonomy_uncached(data_copy)


def test_local_agency_template_without_a_name_slot_is_rejected(tmp_path: Path) -> None:
    from extractors.tagging.local import load_templates

    path = tmp_path / "local_agencies.yaml"
    path.write_text('version: "1"\ntemplates:\n  - template: "Trading Standards"\n')
    with pytest.raises(TaxonomyError, match="has no {Name}"):
        load_templates(path)


def test_local_agency_template_that_is_not_a_regex_is_rejected(tmp_path: Path) -> None:
    from extractors.tagging.local import load_templates

    path = tmp_path / "local_agencies.yaml"
    path.write_text('version: "1"\ntemplates:\n  - template: "{Name} (Service"\n')
    with pytest.raises(TaxonomyError, match="local_agencies.yaml: template"):
        load_templates(path)


def test_editing_the_local_agency_templates_changes_the_taxonomy_hash(data_copy: Path) -> None:
    before = load_taxonomy_uncached(data_copy).hash
    (data_copy / "local_agencies.yaml").write_text('version: "2"\ntemplates: []\n')
    assert load_taxonomy_uncached(data_copy).hash != before
