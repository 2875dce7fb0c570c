"""The graph keeps what entity tagging found: canonical harms, local agencies, contact labels."""

from __future__ import annotations

import networkx as nx

from extractors.models import DedupeResult, Document, Section, SourceMeta
from extractors.tagging.tagger import tag
from extractors.taxonomy import load_taxonomy
from graph.build import build_graph
from graph.schema import Rel

TEXT = ("Worried about a young person? Contact Sefton's Community Adolescent Service on "
        "0345 140 0845.\n\nDudley Safeguarding:\n\nChildren: 0300 555 0050\n\n"
        "Out of hours: 0300 555 8574\n\n"
        "A number in a long paragraph that names nobody at all, 0121 496 0000, and goes on for "
        "well over eighty characters before it ends.")


def _graph() -> nx.MultiDiGraph:
    doc = Document(id="d", path="d.txt", sha256="0" * 64, format="text",
                   metadata=SourceMeta(id="d", file="d.txt", region=["Sefton"]),
                   sections=[Section(heading="Help", text=TEXT, ordinal=0, pages=[1])])
    taxonomy = load_taxonomy()
    return build_graph([doc], DedupeResult(groups=[], singletons=["d"]), [tag(doc)], taxonomy)


def test_harm_nodes_carry_their_canonical_harm() -> None:
    g = _graph()
    assert g.nodes["harm:county-lines"]["canonical"] == "child criminal exploitation"
    assert g.nodes["harm:extremism"]["canonical"] == "radicalisation"


def test_a_local_service_is_an_agency_with_the_documents_region() -> None:
    node = _graph().nodes["agency:sefton-community-adolescent-service"]
    assert node["label"] == "Agency" and node["kind"] == "local" and node["region"] == "Sefton"
    assert node["name"] == "Sefton Community Adolescent Service"


def test_contacts_keep_display_label_and_owner_and_unattributed_have_no_owner() -> None:
    g = _graph()
    owners = {u: v for u, v, d in g.edges(data=True) if d["type"] == Rel.BELONGS_TO.value}
    children = g.nodes["contact:phone:03005550050"]
    assert children["display"] == "0300 555 0050" and children["name"] == "Children"
    assert owners["contact:phone:03005550050"] == "agency:dudley-safeguarding"
    assert g.nodes["agency:dudley-safeguarding"]["broader"] == "agency:safeguarding-partnership"
    assert owners["contact:phone:03451400845"] == "agency:sefton-community-adolescent-service"
    assert "contact:phone:01214960000" in g and "contact:phone:01214960000" not in owners
