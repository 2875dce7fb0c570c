"""General routes and offence claims in the built graph (GIVES_ROUTE, CLAIMS_OFFENCE)."""

from __future__ import annotations

import pytest

from extractors.errors import SchemaViolationError
from extractors.models import DedupeResult, GeneralRoute, OffenceClaim
from graph.build import build_graph
from graph.partition import partition
from graph.schema import Label, Rel, check_edge


def _tagged(make, **extra):
    return make.tagged("kent-a").model_copy(update=extra)


def _graph(make, tagged):
    docs = [make.document("kent-a")]
    return build_graph(docs, DedupeResult(groups=[], singletons=["kent-a"]), [tagged], make.taxonomy())


def _edges(g, rel):
    return [(u, v, d) for u, v, d in g.edges(data=True) if d["type"] == rel.value]


def test_general_route_is_a_document_edge_with_evidence_section_page_and_method(make) -> None:
    route = GeneralRoute(target_id="agency:childline", evidence="Worried? Call Childline.",
                         section=1, method="sentence")
    g = _graph(make, _tagged(make, general_routes=[route]))
    [(u, v, d)] = _edges(g, Rel.GIVES_ROUTE)
    assert (u, v) == ("doc:kent-a", "agency:childline")
    assert d["evidence"] == "Worried? Call Childline." and d["method"] == "sentence"
    assert d["section"] == "section:doc:kent-a:1" and d["page"] == 2  # page from the section
    # a general route is not a harm link
    assert not any(v == "agency:childline" for _, v, _ in _edges(g, Rel.REPORTED_VIA))


def test_general_route_to_a_contact_point_found_in_the_text(make) -> None:
    from extractors.taxonomy.models import ContactPoint

    contact = ContactPoint(id="contact:phone:03005550050", kind="phone", value="03005550050",
                           agency_id="agency:unattributed")
    route = GeneralRoute(target_id=contact.id, evidence="Children: 0300 555 0050", section=1,
                         page=7, method="contact")
    tagged = make.tagged("kent-a", new_entities=[contact]).model_copy(update={"general_routes": [route]})
    g = _graph(make, tagged)
    [(u, v, d)] = _edges(g, Rel.GIVES_ROUTE)
    assert g.nodes[v]["label"] == "ContactPoint" and d["page"] == 7


def test_offence_claim_is_a_section_edge_to_the_harm_with_document_and_region(make) -> None:
    claim = OffenceClaim(harm_id="harm:grooming", evidence="Grooming is a crime.", section=0,
                         start=0, end=20)
    g = _graph(make, _tagged(make, offence_claims=[claim]))
    [(u, v, d)] = _edges(g, Rel.CLAIMS_OFFENCE)
    assert (u, v) == ("section:doc:kent-a:0", "harm:grooming")
    assert d["document_id"] == "doc:kent-a" and d["region"] == ["Kent"]
    assert d["evidence"] == "Grooming is a crime."


def test_both_edges_belong_to_their_document_for_a_replace(make) -> None:
    route = GeneralRoute(target_id="agency:childline", evidence="e", section=1, method="section")
    claim = OffenceClaim(harm_id="harm:grooming", evidence="e", section=0, start=0, end=1)
    g = _graph(make, _tagged(make, general_routes=[route], offence_claims=[claim]))
    _, docs = partition(g)
    owned = {row.type for row in docs["doc:kent-a"].edges}
    assert {Rel.GIVES_ROUTE, Rel.CLAIMS_OFFENCE} <= owned


def test_schema_allows_general_routes_only_from_documents() -> None:
    check_edge(Label.DOCUMENT, Rel.GIVES_ROUTE, Label.AGENCY)
    check_edge(Label.SECTION, Rel.CLAIMS_OFFENCE, Label.HARM)
    with pytest.raises(SchemaViolationError):
        check_edge(Label.HARM, Rel.GIVES_ROUTE, Label.AGENCY)
    with pytest.raises(SchemaViolationError):
        check_edge(Label.SECTION, Rel.CLAIMS_OFFENCE, Label.LAW)
