"""Each way guidance ties a harm to a law or route (GUIDELINES.md rule 6), on synthetic text.

Every case is written here from the pattern it stands for, not copied from real guidance.
"""

from __future__ import annotations

from extractors.tagging.tagger import tag


def _links(tagged, kind: str) -> dict[tuple[str, str], object]:
    return {(lk.harm_id, lk.target_id): lk for lk in tagged.links if lk.kind == kind}


def _one(make_document, nlp, text: str, heading: str = "Part"):
    return tag(make_document(("Intro", "Nothing here."), (heading, text)), nlp=nlp)


# --- heading line and its description ---------------------------------------------------------

def test_heading_line_harm_links_to_the_act_in_its_description(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Cyber flashing\n\nThis is an offence under the Sexual "
                  "Offences Act 2003.\n\nOther text follows here about something else.")
    lk = _links(tagged, "offence")[("harm:cyber-flashing", "law:sexual-offences-act-2003")]
    assert lk.method == "heading"
    assert lk.evidence == "Cyber flashing This is an offence under the Sexual Offences Act 2003."


def test_act_in_a_heading_line_links_to_the_harm_its_description_names(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "The Malicious Communications Act 1988, Section 1\n\nIt is "
                  "an offence to send a message to cause distress, for example in cyberbullying.")
    links = _links(tagged, "offence")
    assert ("harm:cyberbullying", "provision:malicious-communications-act-1988:s1") in links


def test_heading_line_does_not_reach_past_its_first_sentence(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Cyber flashing\n\nIt is common among teenagers. Later, "
                  "the Fraud Act 2006 makes it an offence to deceive someone for gain.")
    assert ("harm:cyber-flashing", "law:fraud-act-2006") not in _links(tagged, "offence")


# --- lists of sections and oblique references -------------------------------------------------

def test_act_with_a_list_of_sections_links_the_harm_to_each(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Stalking is an offence under the Protection from "
                  "Harassment Act 1997, Sections 2A, 4A and 7.")
    links = _links(tagged, "offence")
    for sec in ("2a", "4a", "7"):
        assert ("harm:stalking", f"provision:protection-from-harassment-act-1997:s{sec}") in links


def test_section_of_the_year_act_refers_to_the_act_named_earlier(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "The Sexual Offences Act 2003 sets out many offences.\n\n"
                  "Online grooming is an offence under section 15 of the 2003 Act.")
    assert ("harm:grooming", "provision:sexual-offences-act-2003:s15") in _links(tagged, "offence")


# --- offences in plain words ------------------------------------------------------------------

def test_offence_described_in_a_provisions_words_links_its_harm(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Under the Sexual Offences Act 2003 it is an offence to "
                  "send a photograph or film of genitals to another person.")
    lk = _links(tagged, "offence")[("harm:cyber-flashing", "law:sexual-offences-act-2003")]
    assert lk.method == "description"


def test_plain_words_without_an_offence_cue_are_not_an_offence(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "The Sexual Offences Act 2003 guide shows how to send a "
                  "photograph or film of a school trip.")
    assert ("harm:cyber-flashing", "law:sexual-offences-act-2003") not in _links(tagged, "offence")


# --- a list with its lead sentence ------------------------------------------------------------

def test_lead_sentence_route_links_to_the_harm_of_each_item(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Report these to the Police:\n\u2022 stalking\n\u2022 "
                  "hate crime\n\nNext paragraph.")
    links = _links(tagged, "reporting")
    assert links[("harm:stalking", "agency:police")].method == "list"
    assert ("harm:hate-crime", "agency:police") in links


def test_list_items_do_not_link_to_each_other(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Useful services:\n\u2022 Childline can help with "
                  "cyberbullying\n\u2022 Police")
    links = _links(tagged, "reporting")
    assert ("harm:cyberbullying", "agency:childline") in links
    assert ("harm:cyberbullying", "agency:police") not in links
    assert "agency:police" in {r.target_id for r in tagged.general_routes}


def test_lead_harm_links_to_the_routes_in_its_items(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "If you are worried about online grooming, contact:\n\n"
                  "CEOP\n\nthe Police\n\nA longer paragraph that is not part of the list because "
                  "it carries on well past the length of a list item, with more words than any "
                  "item has, and it goes on and on about something else entirely so that the "
                  "layout treats it as body text and not as one more entry of the list above.")
    links = _links(tagged, "reporting")
    assert links[("harm:grooming", "agency:ceop")].method == "list"
    assert ("harm:grooming", "agency:police") in links


# --- a short single-harm passage that refers back ---------------------------------------------

def test_single_harm_passage_links_a_later_route_sentence(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Sextortion\n\nSextortion is blackmail with intimate "
                  "images.\n\nIf this has happened to you, do not pay. Report it to the Police.")
    lk = _links(tagged, "reporting")[("harm:sextortion", "agency:police")]
    assert lk.method == "passage" and "Report it to the Police." in lk.evidence


def test_passage_with_two_harms_does_not_carry_either(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Risks\n\nSextortion and stalking happen.\n\nIf this "
                  "has happened to you, do not pay. Report it to the Police.")
    assert _links(tagged, "reporting") == {}
    assert "agency:police" in {r.target_id for r in tagged.general_routes}


# --- general routes, sources, offence claims --------------------------------------------------

def test_worried_about_a_child_sentence_is_a_general_route(make_document, nlp) -> None:
    tagged = tag(make_document(("Risks", "Cyberbullying and sexting are common."),
                               ("Help", "If you are worried about a child, call the NSPCC.")),
                 nlp=nlp)
    assert _links(tagged, "reporting") == {}
    route = {r.target_id: r for r in tagged.general_routes}["agency:nspcc"]
    assert route.section == 1 and route.evidence == "If you are worried about a child, call the NSPCC."


def test_a_statistics_source_is_neither_a_route_nor_a_general_route(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "According to the NSPCC, 20% of children have experienced "
                  "cyberbullying.")
    assert _links(tagged, "reporting") == {}
    assert tagged.general_routes == []


def test_harm_called_a_crime_with_no_law_is_an_offence_claim(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Hate crime is a crime and is punishable by law.")
    assert _links(tagged, "offence") == {}
    claims = {c.harm_id: c for c in tagged.offence_claims}
    assert claims["harm:hate-crime"].evidence == "Hate crime is a crime and is punishable by law."
    assert claims["harm:hate-crime"].section == 1


def test_claim_next_to_a_cited_law_is_a_link_not_a_claim(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Stalking is illegal under the Protection from "
                  "Harassment Act 1997.")
    assert ("harm:stalking", "law:protection-from-harassment-act-1997") in _links(tagged, "offence")
    assert tagged.offence_claims == []


def test_act_cited_as_the_basis_for_guidance_is_not_linked(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "This guidance on child sexual exploitation was issued "
                  "under Section 7 of the Local Authority Social Services Act 1970.")
    assert _links(tagged, "offence") == {}


def test_section_headed_by_a_law_links_the_offences_listed_under_it(make_document, nlp) -> None:
    tagged = tag(make_document(("Intro", "Nothing here."), (
        "More on the Online Safety Act 2023", "Several new criminal offences are introduced:\n"
        "- Cyber flashing: sending unwanted images\n- Stalking online\n\nOther words.")), nlp=nlp)
    links = _links(tagged, "offence")
    lk = links[("harm:cyber-flashing", "law:online-safety-act-2023")]
    assert lk.method == "section-heading" and lk.evidence.startswith("More on the Online Safety Act")
    assert ("harm:stalking", "law:online-safety-act-2023") in links


def test_law_heading_does_not_claim_harms_without_an_offence_cue(make_document, nlp) -> None:
    tagged = tag(make_document(("Intro", "Nothing here."), (
        "The Online Safety Act 2023", "Talk to your child about stalking and cyber flashing.")),
        nlp=nlp)
    assert ("harm:stalking", "law:online-safety-act-2023") not in _links(tagged, "offence")


def test_item_of_a_list_under_a_harm_heading_links_to_the_heading_harm(make_document, nlp) -> None:
    tagged = tag(make_document(("Intro", "Nothing here."), (
        "Reporting online hate", "What you can do:-\n\u2022 Keep a screenshot\nSave it somewhere "
        "safe, as stalking can also be involved.\n\u2022 Report it to the Police\n\nEnd.")), nlp=nlp)
    links = _links(tagged, "reporting")
    assert links[("harm:hate-crime", "agency:police")].method == "section-heading"
    assert ("harm:stalking", "agency:police") not in links  # another item's harm


def test_a_range_of_sections_cites_every_section_in_it(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Stalking is an offence under sections 2 to 4 of the "
                  "Protection from Harassment Act 1997.")
    links = _links(tagged, "offence")
    for sec in ("2", "3", "4"):
        assert ("harm:stalking", f"provision:protection-from-harassment-act-1997:s{sec}") in links


def test_url_after_its_sentence_on_the_same_line_links_to_that_sentences_harm(make_document,
                                                                            nlp) -> None:
    tagged = _one(make_document, nlp, "Getting help\nFor advice on cyberbullying, reach out for "
                  "help. https://www.childline.org.uk/\nKeep devices in a shared room at home.\n"
                  + "Talk to your children about what they do online each week.\n" * 12)
    links = _links(tagged, "reporting")
    assert ("harm:cyberbullying", "contact:url:childline.org.uk") in links


def test_wrapped_pdf_lines_are_not_paragraphs(make_document, nlp) -> None:
    tagged = _one(make_document, nlp, "Crimes can include harassment and fraud\namongst others. "
                  "The Police will investigate and prosecute\nas appropriate, should such behaviour "
                  "come to\ntheir attention and be reported to them.")
    links = _links(tagged, "reporting")
    assert ("harm:harassment", "agency:police") in links and ("harm:fraud", "agency:police") in links


def test_an_offence_with_no_taxonomy_harm_links_only_where_the_text_names_one(
        make_document, nlp) -> None:
    # s.181 covers no canonical harm: a sentence naming none gives no link, one naming a harm does
    quiet = tag(make_document(("A", "A threatening communications offence (Section 181 OSA 2023) "
                                    "exists.\n\nOnline harassment is common.")), nlp=nlp)
    assert not quiet.links
    named = tag(make_document(("A", "Online harassment by threatening messages is an offence "
                                    "under Section 181 of the Online Safety Act 2023.")), nlp=nlp)
    assert ("harm:harassment", "provision:online-safety-act-2023:s181") in {
        (lk.harm_id, lk.target_id) for lk in named.links}


def test_a_duty_is_never_an_offence_target(make_document, nlp) -> None:
    tagged = tag(make_document(("A", "Where a child is at risk of sexual exploitation, enquiries "
                                     "are made under section 47 of the Children Act 1989, an "
                                     "offence-focused process.")), nlp=nlp)
    assert not [lk for lk in tagged.links if "children-act-1989" in lk.target_id]


def test_a_harm_tied_to_its_own_citation_is_not_linked_to_other_laws_of_its_paragraph(
        make_document, nlp) -> None:
    text = ("The Barsetshire Act 2019 amended the Qux Act 2001. It makes stalking an offence. "
            "Older cases are dealt with as harassment under section 2 of the Qux Act 2001.")
    links = _links(tag(make_document(("A", text)), nlp=nlp), "offence")
    assert ("harm:harassment", "provision:qux-act-2001:s2") in links
    assert ("harm:harassment", "law:barsetshire-act-2019") not in links
    assert ("harm:harassment", "law:qux-act-2001") not in links


def test_the_next_sentence_continues_the_statement_of_a_harm_with_its_own_citation(
        make_document, nlp) -> None:
    text = ("Changes to the Qux Act 2001 make stalking a specific offence. The changes were made "
            "under the Barsetshire Act 2019.")
    links = _links(tag(make_document(("A", text)), nlp=nlp), "offence")
    assert ("harm:stalking", "law:qux-act-2001") in links
    assert links[("harm:stalking", "law:barsetshire-act-2019")].method == "paragraph"


def test_an_agency_that_prevents_the_harm_is_acting_on_it(make_document, nlp) -> None:
    tagged = tag(make_document(("A", "Bodies including the Police have a duty to prevent people "
                                     "from being drawn into extremism.")), nlp=nlp)
    assert ("harm:extremism", "agency:police") in _links(tagged, "reporting")


def test_exploiting_children_sexually_is_child_sexual_exploitation(make_document, nlp) -> None:
    tagged = tag(make_document(("A", "CEOP works to protect children from those who seek to "
                                     "exploit children sexually online.")), nlp=nlp)
    assert ("harm:child-sexual-exploitation", "agency:ceop") in _links(tagged, "reporting")


def test_such_and_a_harm_after_another_harm_names_that_harm_again(make_document, nlp) -> None:
    text = ("Sites must remove material promoting self-harm and protect users from such harmful "
            "content, or face action under the Online Safety Act 2023.")
    links = _links(tag(make_document(("A", text)), nlp=nlp), "offence")
    assert ("harm:self-harm", "law:online-safety-act-2023") in links
    assert ("harm:harmful-content", "law:online-safety-act-2023") not in links
    alone = "Such harmful content is illegal under the Online Safety Act 2023."
    assert ("harm:harmful-content", "law:online-safety-act-2023") in _links(
        tag(make_document(("A", alone)), nlp=nlp), "offence")


def test_a_list_right_after_the_routes_paragraph_continues_it(make_document, nlp) -> None:
    text = ("CEOP can help if something online has worried you.\n\n"
            "Here are some of the things young people have reported:\n\n"
            "Someone asked me to send nude images\n\n"
            "Someone asked me to live-stream\n\n"
            "Later text about something else entirely, with no list before it.")
    tagged = tag(make_document(("A", text)), nlp=nlp)
    links = _links(tagged, "reporting")
    assert links[("harm:sexting", "agency:ceop")].method == "list"
    assert ("harm:live-streaming", "agency:ceop") in links


def test_a_list_after_the_paragraph_needs_its_lead_to_carry_the_role(make_document, nlp) -> None:
    text = ("CEOP is part of the National Crime Agency.\n\nThe risks are many:\n\n"
            "Sending nude images\n\nLive-streaming")
    assert not _links(tag(make_document(("A", text)), nlp=nlp), "reporting")


def test_a_paragraph_ties_a_route_only_with_a_role_in_the_sentences_that_tie_it(
        make_document, nlp) -> None:
    text = ("Grooming is a growing worry for parents. The NSPCC ran a campaign about it. "
            "Talk to your school for help with anything else.")
    assert ("harm:grooming", "agency:nspcc") not in _links(
        tag(make_document(("A", text)), nlp=nlp), "reporting")
    text = ("Grooming is a growing worry for parents. The NSPCC offers resources for families. "
            "Schools are busy.")
    assert _links(tag(make_document(("A", text)), nlp=nlp), "reporting")[
        ("harm:grooming", "agency:nspcc")].method == "paragraph"
