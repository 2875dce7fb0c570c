"""Entities as GUIDELINES.md defines them, on synthetic text: local agencies by pattern, police
forces, contacts owned by their own line or label, umbrella words that are not harms."""

from __future__ import annotations

import pytest

from extractors.tagging.tagger import tag


def _tag(make_document, nlp, text: str, region: tuple[str, ...] = ()):
    doc = make_document(("Body", text))
    if region:
        doc = doc.model_copy(update={"metadata": doc.metadata.model_copy(update={"region": list(region)})})
    return tag(doc, nlp=nlp)


def _agencies(tagged) -> set[str]:
    return {m.entity_id for m in tagged.mentions if m.kind == "agency"}


def _new(tagged) -> dict:
    return {e.id: e for e in tagged.new_entities}


@pytest.mark.parametrize(("text", "agency_id", "broader"), [
    ("Contact Barsetshire Trading Standards about the scam.", "agency:barsetshire-trading-standards",
     "agency:trading-standards"),
    ("You can contact Wessex's Community Adolescent Service (CAS) for help.",
     "agency:wessex-community-adolescent-service", None),
    ("Speak to the safeguarding team at Royal Barchester Hospital today.",
     "agency:safeguarding-team-at-royal-barchester-hospital", None),
    ("The Barsetshire Safeguarding Adults Board can be reached on 01632 960000.",
     "agency:barsetshire-safeguarding-adults-board", "agency:safeguarding-adults-board"),
    ("Call the Gotham and Metropolis Youth Offending Service on 01632 960001.",
     "agency:gotham-and-metropolis-youth-offending-service", None),
    ("Call the Barsetshire Domestic Abuse Helpline for advice.",
     "agency:barsetshire-domestic-abuse-helpline", None),
    ("Families can ask Barsetshire Early Help for support.", "agency:barsetshire-early-help", None),
    ("The Barchester Sexual Assault Referral Centre offers support after an assault.",
     "agency:barchester-sexual-assault-referral-centre", None),
])
def test_local_services_are_new_agencies_under_their_own_names(make_document, nlp, text, agency_id,
                                                               broader) -> None:
    tagged = _tag(make_document, nlp, text, region=("Barsetshire",))
    assert agency_id in _agencies(tagged)
    agency = _new(tagged)[agency_id]
    assert agency.kind == "local" and agency.region == "Barsetshire" and agency.broader == broader


def test_a_capitalised_word_before_service_is_not_a_service_when_a_name_follows(make_document,
                                                                                 nlp) -> None:
    tagged = _tag(make_document, nlp, "Report it to your Internet Service Provider.")
    assert _agencies(tagged) == set()


def test_the_taxonomy_name_wins_over_the_pattern(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "The Crown Prosecution Service decides.")
    assert _agencies(tagged) == {"agency:cps"} and not _new(tagged)


@pytest.mark.parametrize("force", ["Lancashire Constabulary", "Barsetshire Police",
                                   "the Metropolitan Police"])
def test_police_forces_are_police(make_document, nlp, force) -> None:
    assert _agencies(_tag(make_document, nlp, f"Report it to {force} now.")) == {"agency:police"}


def test_a_national_number_names_its_agency(make_document, nlp) -> None:
    assert "agency:police" in _agencies(_tag(make_document, nlp, "Call us on 101 to report it."))


def test_a_partnership_is_an_agency_only_when_given_as_a_contact(make_document, nlp) -> None:
    masthead = _tag(make_document, nlp, "Barsetshire Safeguarding Children Partnership\n\n"
                    "The Partnership expects all staff to follow this procedure.")
    contact = _tag(make_document, nlp, "Barsetshire Safeguarding Children Partnership: 01632 960002")
    assert _agencies(masthead) == set()
    assert _agencies(contact) == {"agency:barsetshire-safeguarding-children-partnership"}


def test_logo_labels_own_the_numbers_beside_them(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "For further information go to CEOP, thinkUknow\n\n\n"
                  "lscb-logo 01632 960010\nwsscb-logo 01632 960011\n")
    new = _new(tagged)
    assert new["contact:phone:01632960010"].agency_id == "agency:safeguarding-partnership"
    assert new["contact:phone:01632960011"].agency_id == "agency:safeguarding-partnership"


def test_a_number_belongs_to_its_own_line_not_to_an_agency_named_earlier(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "If you are in danger call the Police on 999. To speak to "
                  "someone else call 01632 960020.\n\nNSPCC helpline 01632 960021")
    new = _new(tagged)
    assert new["contact:phone:01632960020"].agency_id is None
    assert new["contact:phone:01632960021"].agency_id == "agency:nspcc"


def test_contact_labels_and_display_are_kept(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "Dudley Safeguarding:\n\nChildren: 0300 555 0050\n\n"
                  "Adults: 0300 555 0055\n\nOut of hours 01632 960030")
    new = _new(tagged)
    assert (new["contact:phone:03005550050"].label, new["contact:phone:03005550050"].display) == (
        "Children", "0300 555 0050")
    assert new["contact:phone:03005550055"].label == "Adults"
    assert new["contact:phone:01632960030"].label == "out of hours"


def test_placeholders_and_the_pages_own_url_are_not_contacts(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "For guidance visit [Safer Internet](#).\n\nThis page is "
                  "correct as printed; please refer back to this website "
                  "(https://example.procedures.org.uk) for updates.")
    assert not [m for m in tagged.mentions if m.kind == "contact"]


@pytest.mark.parametrize("text", ["Gaming can be fun.", "Mental health impacts are real.",
                                  "Online abuse takes many forms.", "The Bullying Procedure applies."])
def test_umbrella_words_effects_channels_and_titles_are_not_harms(make_document, nlp, text) -> None:
    assert not [m for m in _tag(make_document, nlp, text).mentions if m.kind == "harm"]


def test_blackmail_with_images_is_sextortion_and_blackmail_alone_is_not(make_document, nlp) -> None:
    with_images = _tag(make_document, nlp, "Offenders share the images and use them to blackmail "
                       "the child.")
    alone = _tag(make_document, nlp, "Groomers use gifts, coercion and/or blackmail. Later, "
                 "much later, in another clause entirely, they ask for photos.")
    harms = lambda t: {m.entity_id for m in t.mentions if m.kind == "harm"}  # noqa: E731
    assert "harm:sextortion" in harms(with_images)
    assert "harm:sextortion" not in harms(alone)


def test_proper_aliases_need_their_capital(make_document, nlp) -> None:
    service = _tag(make_document, nlp, "You can contact Social Work on 01632 960060.")
    job = _tag(make_document, nlp, "She studied social work at university.")
    assert _agencies(service) == {"agency:childrens-social-care"}
    assert _agencies(job) == set()
    assert _new(service)["contact:phone:01632960060"].agency_id == "agency:childrens-social-care"


@pytest.mark.parametrize(("text", "url"), [
    ("Visit https://www.thinkuknow.co.uk/\nparents/ for advice.", "contact:url:thinkuknow.co.uk/parents"),
    ("See www.example.org.uk/online-\nsafety/reporting.html today.",
     "contact:url:example.org.uk/online-safety/reporting.html"),
])
def test_a_url_split_across_lines_is_joined(make_document, nlp, text, url) -> None:
    contacts = {m.entity_id for m in _tag(make_document, nlp, text).mentions if m.kind == "contact"}
    assert contacts == {url}


def test_a_url_at_the_end_of_a_line_keeps_the_next_line_out(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "Visit www.example.org.uk/\nThen call the Police.")
    assert {m.entity_id for m in tagged.mentions if m.kind == "contact"} == {
        "contact:url:example.org.uk"}


def test_a_label_belongs_to_the_number_it_precedes(make_document, nlp) -> None:
    new = _new(_tag(make_document, nlp, "Call 01632 960070 between 8am and 6pm (minicom "
                    "01632 960071). Contact the emergency duty team on 01632 960072."))
    assert new["contact:phone:01632960070"].label is None
    assert new["contact:phone:01632960071"].label == "minicom"
    assert new["contact:phone:01632960072"].label is None  # "emergency" is the team's name


def test_a_publishers_own_board_is_not_a_new_agency(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "Barsetshire Safeguarding Children Partnership\n\n"
                  "Call 01632 960080 if you are worried.")
    assert not [e for e in tagged.new_entities if e.id.startswith("agency:")]
