"""The tagger finds harms, laws, provisions, agencies, contacts and regions in Documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.tagging.tagger import load_nlp, tag, tag_many
from extractors.taxonomy import load_taxonomy_uncached
from extractors.taxonomy.load import DATA_DIR, FILES


def _ids(tagged, kind: str) -> set[str]:
    return {m.entity_id for m in tagged.mentions if m.kind == kind}


def _one(make_document, nlp, text: str, heading: str = "Body", **kw):
    return tag(make_document((heading, text), **kw), nlp=nlp)


def test_harm_aliases_match_inflections_hyphens_and_line_breaks(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Children were groomed and cyber-bullied; some self harm.\n"
                  "Honour \nBased Abuse and radicalization were also raised.")
    assert {"harm:grooming", "harm:cyberbullying", "harm:self-harm", "harm:honour-based-abuse",
            "harm:radicalisation"} <= _ids(tagged, "harm")
    m = next(m for m in tagged.mentions if m.entity_id == "harm:honour-based-abuse")
    assert m.surface == "Honour \nBased Abuse"


def test_mentions_carry_offsets_into_the_section_text_and_the_sentence(make_document, nlp) -> None:
    text = "Intro line.\n\nSexting is common. Report it."
    tagged = _one(make_document, nlp, text)
    m = next(m for m in tagged.mentions if m.entity_id == "harm:sexting")
    assert text[m.start:m.end] == "Sexting" and m.sentence == "Sexting is common."


def test_heading_mentions_are_flagged(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Some text.", heading="Online Grooming")
    m = next(m for m in tagged.mentions if m.entity_id == "harm:grooming")
    assert m.in_heading and m.surface == "Online Grooming"


def test_harm_inside_an_act_or_agency_name_is_not_a_harm_mention(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "The Modern Slavery Act 2015 and the Child Exploitation and "
                  "Online Protection Centre.")
    assert "harm:modern-slavery" not in _ids(tagged, "harm")
    assert _ids(tagged, "agency") == {"agency:ceop"}


def test_unknown_act_citation_becomes_a_new_law(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Under the Widget Safety (Scotland) Act 2031 it is illegal.")
    assert _ids(tagged, "law") == {"law:widget-safety-scotland-act-2031"}
    law = next(e for e in tagged.new_entities if e.id == "law:widget-safety-scotland-act-2031")
    assert law.title == "Widget Safety (Scotland) Act 2031" and law.extent == ["Scotland"]


@pytest.mark.parametrize(("text", "law_id"), [
    # "from" and "of" join a title; the place after "Act" stays in it
    ("In Ruritania the Protection from Widgets Act (Northern Ireland) 2031 applies.",
     "law:protection-from-widgets-act-northern-ireland-2031"),
    ("Protection from\nWidgets Act (Northern Ireland) 2031 applies.",
     "law:protection-from-widgets-act-northern-ireland-2031"),
    # a capitalised word before "to the" / "and the" starts the sentence, not the title
    ("Changes to the Widget Safety Act 2031 apply.", "law:widget-safety-act-2031"),
    ("PSNI and the Widget Safety Act 2031 apply.", "law:widget-safety-act-2031"),
    ("The Representation of the Widgets Act 2031 applies.", "law:representation-of-the-widgets-act-2031"),
])
def test_an_unknown_act_is_read_by_its_whole_title_and_no_more(make_document, nlp, text,
                                                                 law_id) -> None:
    assert _ids(_one(make_document, nlp, text), "law") == {law_id}


@pytest.mark.parametrize("text,expected", [
    ("Under Section 15 of the Sexual Offences Act 2003 it is an offence.",
     {"provision:sexual-offences-act-2003:s15"}),
    ("Sections 15 and 15A of the Sexual Offences Act 2003 apply.",
     {"provision:sexual-offences-act-2003:s15", "provision:sexual-offences-act-2003:s15a"}),
    ("An offence under section 1(1)(a) of the Protection of Children Act 1978.",
     {"provision:protection-of-children-act-1978:s1"}),
    ("See Section 42 of the Care Act.", {"provision:care-act-2014:s42"}),
    ("The Sexual Offences Act 2003 matters. Under s.15A of the 2003 Act, it is an offence.",
     {"provision:sexual-offences-act-2003:s15a"}),
    ("The Sexual Offences Act 2003 is long. Its s15 is the grooming offence.",
     {"provision:sexual-offences-act-2003:s15"}),
    # GUIDELINES rule 3: a section cited with no Act named is not a law entry
    ("Strategy discussions and Section 47 enquiries follow.", set()),
    ("The Protection from Stalking Act (Northern Ireland) 2022 ('the Act') is new. Section 1 of "
     "the Act creates the offence.", {"provision:protection-from-stalking-act-northern-ireland-2022:s1"}),
    # no Act defined as "the Act": the one named last before it in its paragraph
    ("The Fraud Act 2006 applies online. However, Section 11 of the Act is about services.",
     {"provision:fraud-act-2006:s11"}),
    ("The Fraud Act 2006 applies online.\n\nSection 11 of the Act is about services.", set()),
])
def test_section_references_attach_to_their_act(make_document, nlp, text, expected) -> None:
    assert _ids(_one(make_document, nlp, text), "provision") == expected


def test_section_of_an_act_the_taxonomy_lacks_is_a_new_provision(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Section 99 of the Suicide Act 1961 says nothing.")
    assert _ids(tagged, "provision") == {"provision:suicide-act-1961:s99"}
    prov = next(e for e in tagged.new_entities if e.id == "provision:suicide-act-1961:s99")
    assert prov.law_id == "law:suicide-act-1961"


def test_section_reference_without_an_act_is_dropped(make_document, nlp) -> None:
    assert _ids(_one(make_document, nlp, "Read Section 3 below."), "provision") == set()


@pytest.mark.parametrize("raw,digits", [
    ("Call 999 now.", "999"), ("Phone the police on 101.", "101"), ("Childline: 0800 1111", "08001111"),
    ("Children: 0300 555 0050", "03005550050"), ("SPA at 020 8547 5008.", "02085475008"),
    ("lscb-logo 01273 481544", "01273481544"), ("Tel +44 20 8547 5008", "02085475008"),
])
def test_uk_phone_numbers_are_normalised(make_document, nlp, raw, digits) -> None:
    assert f"contact:phone:{digits}" in _ids(_one(make_document, nlp, raw), "contact")


def test_bare_numbers_without_a_cue_are_not_phones(make_document, nlp) -> None:
    assert _ids(_one(make_document, nlp, "There were 999 cases in 2019."), "contact") == set()


def test_urls_and_emails_are_normalised(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Visit https://www.CEOP.police.uk/ceop-reporting/ or "
                  "www.stopitnow.org.uk/. Mail Help@NSPCC.org.uk. See http://a.example.org/online-\n"
                  "safety.html")
    assert {"contact:url:ceop.police.uk/ceop-reporting", "contact:url:stopitnow.org.uk",
            "contact:email:help@nspcc.org.uk", "contact:url:a.example.org/online-safety.html"
            } <= _ids(tagged, "contact")


def test_new_contact_is_attributed_to_the_agency_named_before_it(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Dudley Safeguarding:\n\nChildren: 0300 555 0050\n\n"
                  "Lonely number 0121 496 0000 in a longer paragraph that names no agency at all, "
                  "none whatsoever, and keeps going for well over eighty characters.")
    new = {e.id: e for e in tagged.new_entities}
    assert new["contact:phone:03005550050"].agency_id == "agency:dudley-safeguarding"
    assert new["contact:phone:01214960000"].agency_id is None  # the text does not say whose


def test_outdated_names_are_flagged(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "The Online Safety Bill makes it an offence. Tell Action Fraud.")
    flagged = {m.entity_id for m in tagged.mentions if m.outdated_name}
    assert flagged == {"law:online-safety-act-2023", "agency:report-fraud"}


def test_acronyms_and_place_names_need_their_capitals(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "A spa day in reading. Call the SPA in Reading or Dudley.")
    assert _ids(tagged, "agency") == {"agency:childrens-social-care"}
    assert _ids(tagged, "region") == {"region:dudley"}


def test_every_referenced_entity_is_in_the_taxonomy_or_new_entities(make_document, nlp) -> None:
    tax = load_taxonomy_uncached()
    tagged = _one(make_document, nlp, "Section 3 of the Gizmo Act 2030 is an offence for sexting. "
                  "Report it to Gizmo Watch on 0161 496 0000.")
    new = {e.id for e in tagged.new_entities}
    for eid in [m.entity_id for m in tagged.mentions] + [lk.target_id for lk in tagged.links]:
        assert tax.entity(eid) is not None or eid in new, eid


def test_tag_many_matches_tag(make_document, nlp) -> None:
    docs = [make_document(("A", "Grooming is an offence under the Serious Crime Act 2015."), doc_id="a"),
            make_document(("B", "Report sexting to the police on 101."), doc_id="b")]
    assert tag_many(docs, nlp=nlp) == [tag(d, nlp=nlp) for d in docs]


def test_pipeline_is_saved_reloaded_and_rebuilt_when_the_taxonomy_changes(tmp_path: Path) -> None:
    import shutil

    tax = load_taxonomy_uncached()
    cache = tmp_path / "cache"
    load_nlp(tax, cache)
    saved = list(cache.iterdir())
    assert len(saved) == 1 and (saved[0] / "meta.json").exists()
    again = load_nlp(tax, cache)
    assert again.meta["skg"]["taxonomy_hash"] == tax.hash
    data = tmp_path / "tax"
    data.mkdir()
    for name in FILES:
        shutil.copy(DATA_DIR / name, data / name)
    (data / "regions.yaml").write_text((data / "regions.yaml").read_text()
                                       + "  - {id: region:atlantis, name: Atlantis, jurisdiction: Wales}\n")
    changed = load_taxonomy_uncached(data)
    nlp = load_nlp(changed, cache)
    assert len(list(cache.iterdir())) == 2
    doc = nlp("Atlantis")
    assert [s.id_ for s in doc.spans["skg"]] == ["region:atlantis"]
