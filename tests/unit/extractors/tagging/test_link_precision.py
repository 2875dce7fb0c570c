"""What a link needs beyond a harm and a target near each other (GUIDELINES.md rule 6), on
synthetic text: the target presented as a route for that harm, or the law as making it an
offence. Every case is written here from the kind of error it stands for."""

from __future__ import annotations

from extractors.tagging.tagger import tag


def _links(tagged, kind: str) -> set[tuple[str, str]]:
    return {(lk.harm_id, lk.target_id) for lk in tagged.links if lk.kind == kind}


def _tag(make_document, nlp, text: str, heading: str = "Part"):
    return tag(make_document(("Intro", "Nothing here."), (heading, text)), nlp=nlp)


# --- words that only look like a route cue ----------------------------------------------------

def test_an_agency_named_by_called_is_not_a_route(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "Children may see sexting on an app called Childline "
                  "Stories.")
    assert ("harm:sexting", "agency:childline") not in _links(tagged, "reporting")


def test_referred_to_as_is_not_a_referral(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "The NSPCC notes that this is also referred to as sextortion.")
    assert not any(h == "harm:sextortion" for h, _ in _links(tagged, "reporting"))


def test_a_real_referral_still_links(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "Refer any case of sextortion to the NSPCC.")
    assert ("harm:sextortion", "agency:nspcc") in _links(tagged, "reporting")


# --- a paragraph: the target's own sentence presents it as a route ----------------------------

def test_a_cue_in_the_harms_sentence_does_not_make_another_sentence_a_route(
        make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "Report cyberbullying to the school as soon as you can. "
                  "The NSPCC published a leaflet last year.\n\nAnother paragraph follows here.")
    assert ("harm:cyberbullying", "agency:nspcc") not in _links(tagged, "reporting")


def test_a_paragraph_whose_target_sentence_is_a_route_links(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "Cyberbullying can happen at any time of day. You can "
                  "contact the NSPCC for advice.\n\nAnother paragraph follows here.")
    assert ("harm:cyberbullying", "agency:nspcc") in _links(tagged, "reporting")


# --- a general concern names no harm ----------------------------------------------------------

def test_if_you_are_worried_about_a_child_after_a_harm_is_a_general_route(
        make_document, nlp) -> None:
    tagged = tag(make_document(("Intro", "Nothing here."), (
        "Part", "Sextortion\n\nSextortion is blackmail with a young person's images. It is "
                "rising.\n\nIf you are worried about a child, contact the NSPCC.")), nlp=nlp)
    assert ("harm:sextortion", "agency:nspcc") not in _links(tagged, "reporting")
    assert "agency:nspcc" in {r.target_id for r in tagged.general_routes}


def test_a_passage_route_for_its_own_harm_still_links(make_document, nlp) -> None:
    tagged = tag(make_document(("Intro", "Nothing here."), (
        "Part", "Sextortion\n\nSextortion is blackmail with a young person's images. It is "
                "rising.\n\nIf this has happened to you, contact the NSPCC.")), nlp=nlp)
    assert ("harm:sextortion", "agency:nspcc") in _links(tagged, "reporting")


# --- a long section's heading is not every sentence's topic -----------------------------------

def test_a_long_sections_heading_harm_does_not_reach_a_route_deep_in_it(
        make_document, nlp) -> None:
    filler = "Staff should keep records of what they see and when. " * 40
    tagged = tag(make_document(("Intro", "Nothing here."),
                               ("Cyberbullying", filler + "\n\nYou can contact the NSPCC.")),
                 nlp=nlp)
    assert ("harm:cyberbullying", "agency:nspcc") not in _links(tagged, "reporting")


# --- a law needs to be presented as making the harm an offence --------------------------------

def test_a_definition_in_an_act_is_not_an_offence_link(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "The definition of radicalisation used here is given in "
                  "the Terrorism Act 2000.")
    assert not any(t == "law:terrorism-act-2000" for _, t in _links(tagged, "offence"))


def test_an_act_that_makes_the_harm_an_offence_links(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "Stalking is a criminal offence under the Protection from "
                  "Harassment Act 1997.")
    assert ("harm:stalking", "law:protection-from-harassment-act-1997") in _links(tagged, "offence")


def test_an_act_that_bans_the_harm_links_without_the_word_offence(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "The Online Safety Act 2023 requires platforms to remove "
                  "content promoting self-harm.")
    assert any(t == "law:online-safety-act-2023" for _, t in _links(tagged, "offence"))


def test_a_long_sections_heading_harm_does_not_reach_a_law_deep_in_it(make_document, nlp) -> None:
    filler = "Staff should keep records of what they see and when. " * 70
    tagged = tag(make_document(("Intro", "Nothing here."), (
        "Online grooming", filler + "\n\nAny offence under the Sexual Offences Act 2003 is "
                                    "recorded.")), nlp=nlp)
    assert ("harm:grooming", "law:sexual-offences-act-2003") not in _links(tagged, "offence")


def test_an_emergency_line_in_a_single_harm_passage_is_a_general_route(make_document, nlp) -> None:
    tagged = tag(make_document(("Intro", "Nothing here."), (
        "Part", "Sextortion\n\nSextortion is blackmail with a young person's images. It is "
                "rising.\n\nRemember, if it's an emergency, call the police on 999.")), nlp=nlp)
    assert ("harm:sextortion", "agency:police") not in _links(tagged, "reporting")


def test_immediate_danger_in_the_harms_own_sentence_still_links(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "If someone is in immediate danger because of sextortion, "
                  "call the police on 999.")
    assert ("harm:sextortion", "agency:police") in _links(tagged, "reporting")


def test_sexual_conversations_with_a_child_are_grooming(make_document, nlp) -> None:
    tagged = _tag(make_document, nlp, "Report inappropriate sexual conversations with a child to "
                  "CEOP.")
    assert ("harm:grooming", "agency:ceop") in _links(tagged, "reporting")
