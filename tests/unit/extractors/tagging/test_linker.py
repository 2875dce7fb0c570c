"""Harm -> offence and harm -> reporting-route links, with their evidence and flags."""

from __future__ import annotations

from extractors.tagging.tagger import tag


def _links(tagged, kind: str | None = None) -> dict[tuple[str, str], object]:
    return {(lk.harm_id, lk.target_id): lk for lk in tagged.links if kind in (None, lk.kind)}


def test_same_sentence_offence_link_carries_evidence_span_section_and_page(make_document, nlp) -> None:
    text = "Intro.\n\nIt is an offence under Section 1 of the Protection of Children Act 1978 to " \
           "make indecent images of children."
    tagged = tag(make_document(("Other", "Nothing here."), ("Law", text)), nlp=nlp)
    lk = _links(tagged, "offence")[("harm:indecent-images", "provision:protection-of-children-act-1978:s1")]
    assert lk.method == "sentence" and lk.confidence == 0.9
    assert lk.section == 1 and lk.page == 2
    assert text[lk.start:lk.end] == lk.evidence and lk.evidence.startswith("It is an offence")


def test_offence_description_links_the_provisions_harm_to_the_cited_act(make_document, nlp) -> None:
    tagged = tag(make_document(("Online grooming", "The Serious Crime Act (2015) has introduced an "
                                "offence of sexual communication with a child.")), nlp=nlp)
    lk = _links(tagged, "offence")[("harm:grooming", "law:serious-crime-act-2015")]
    assert lk.method == "description"


def test_cited_provision_links_to_its_harms_named_in_the_heading(make_document, nlp) -> None:
    tagged = tag(make_document(("Online grooming and abuse", "Under Section 15 of the Sexual "
                                "Offences Act 2003 it is an offence to meet a child.")), nlp=nlp)
    assert ("harm:grooming", "provision:sexual-offences-act-2003:s15") in _links(tagged, "offence")


def test_statutory_duty_is_not_an_offence(make_document, nlp) -> None:
    tagged = tag(make_document(("Grooming", "Section 47 enquiries about online grooming.")), nlp=nlp)
    assert _links(tagged, "offence") == {}


def test_reporting_link_needs_a_cue_word(make_document, nlp) -> None:
    with_cue = tag(make_document(("A", "Serious cyberbullying should be reported to the Police.")), nlp=nlp)
    without = tag(make_document(("A", "Cyberbullying was discussed with the Police.")), nlp=nlp)
    assert ("harm:cyberbullying", "agency:police") in _links(with_cue, "reporting")
    assert _links(without, "reporting") == {}


def test_contacts_section_gives_general_routes_not_harm_links(make_document, nlp) -> None:
    doc = make_document(("Risks", "Stalking and sextortion happen online."),
                        ("6. Reporting", "West Midlands Police - 999\n\nChildren: 0300 555 0050"))
    tagged = tag(doc, nlp=nlp)
    assert _links(tagged, "reporting") == {}
    general = {r.target_id: r for r in tagged.general_routes}
    assert {"agency:police", "contact:phone:999", "contact:phone:03005550050"} <= set(general)
    assert general["agency:police"].section == 1 and general["agency:police"].page == 2
    assert general["agency:police"].method == "section"
    assert "West Midlands Police" in general["agency:police"].evidence


def test_concern_instruction_is_a_general_route_of_the_document(make_document, nlp) -> None:
    doc = make_document(("Risks", "Sexting and gambling."),
                        ("Do", "If any child is at risk of significant harm, refer them to the "
                               "Single Point of Access (SPA) at 020 8547 5008."))
    tagged = tag(doc, nlp=nlp)
    assert _links(tagged, "reporting") == {}
    routes = {r.target_id: r for r in tagged.general_routes}
    assert routes["agency:childrens-social-care"].method == "sentence"
    assert routes["contact:phone:02085475008"].evidence.startswith("If any child is at risk")


def test_outdated_citation_keeps_the_flag_on_the_link(make_document, nlp) -> None:
    tagged = tag(make_document(("A", "The Online Safety Bill makes cyber flashing a criminal offence.")),
                 nlp=nlp)
    lk = _links(tagged, "offence")[("harm:cyber-flashing", "law:online-safety-act-2023")]
    assert lk.outdated_name


def test_law_cited_outside_its_jurisdiction_is_flagged(make_document, nlp) -> None:
    text = "Grooming is an offence under the Sexual Offences Act 2003."
    scottish = tag(make_document(("A", text), jurisdiction=("Scotland",)), nlp=nlp)
    english = tag(make_document(("A", text), jurisdiction=("England",)), nlp=nlp)
    key = ("harm:grooming", "law:sexual-offences-act-2003")
    assert _links(scottish)[key].jurisdiction_mismatch
    assert not _links(english)[key].jurisdiction_mismatch


def test_one_link_per_harm_and_target_keeps_the_most_confident(make_document, nlp) -> None:
    doc = make_document(("A", "Report sexting to the police.\n\nSexting again; the police again, report it."))
    links = [lk for lk in tag(doc, nlp=nlp).links if lk.target_id == "agency:police"]
    assert len(links) == 1 and links[0].confidence == 0.9
