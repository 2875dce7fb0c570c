"""document-gaps and the report's gap table on a hand-built graph holding the relationships the
links work adds (interfaces.md): (Document)-[:GIVES_ROUTE]->(Agency|ContactPoint) and
(Section)-[:CLAIMS_OFFENCE]->(Harm)."""

from __future__ import annotations

from pathlib import Path

import pytest

from queries.report import collect_report_data, render_report
from queries.run import run_query

pytestmark = pytest.mark.slow

GRAPH = """
CREATE (r1:Region {id: 'region:east-sussex', name: 'East Sussex'}),
       (r2:Region {id: 'region:west-sussex', name: 'West Sussex'}),
       (d:Document {id: 'doc:sussex', title: 'Joint guidance', canonical: true}),
       (old:Document {id: 'doc:sussex-old', title: 'Joint guidance (2017)', canonical: true}),
       (s1:Section {id: 'section:doc:sussex:1', heading: 'Grooming', number: '1',
                    text: 'Online grooming is illegal. Call the police.'}),
       (s2:Section {id: 'section:doc:sussex:2', heading: 'Bullying', number: '2',
                    text: 'Cyberbullying hurts.'}),
       (so:Section {id: 'section:doc:sussex-old:1', heading: 'Old', number: '1', text: 'Sexting.'}),
       (g:Harm {id: 'harm:grooming', name: 'Online grooming', category: 'sexual abuse and exploitation'}),
       (b:Harm {id: 'harm:cyberbullying', name: 'Cyberbullying', category: 'bullying and harassment'}),
       (x:Harm {id: 'harm:sexting', name: 'Sexting', category: 'sexual abuse and exploitation'}),
       (p:Agency {id: 'agency:police', name: 'Police'}),
       (c:ContactPoint {id: 'contact:phone:08001111', kind: 'phone', value: '08001111', label: 'Childline'}),
       (d)-[:COVERS]->(r1), (d)-[:COVERS]->(r2), (old)-[:COVERS]->(r1),
       (d)-[:SUPERSEDES]->(old),
       (d)-[:HAS_SECTION]->(s1), (d)-[:HAS_SECTION]->(s2), (old)-[:HAS_SECTION]->(so),
       (s1)-[:MENTIONS {surfaces: ['Online grooming']}]->(g),
       (s2)-[:MENTIONS {surfaces: ['Cyberbullying']}]->(b),
       (so)-[:MENTIONS {surfaces: ['Sexting']}]->(x),
       (s1)-[:CLAIMS_OFFENCE {evidence: 'Online grooming is illegal.', document_id: 'doc:sussex'}]->(g),
       (g)-[:REPORTED_VIA {document_id: 'doc:sussex', evidence: 'Call the police.'}]->(p),
       (d)-[:GIVES_ROUTE {evidence: 'Call Childline', section: 2, method: 'general'}]->(c),
       (d)-[:GIVES_ROUTE {evidence: 'Call the police', section: 1, method: 'general'}]->(p)
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from graph.stores import open_store

    with open_store("embedded", Path(tmp_path_factory.mktemp("gaps"))) as s:
        s.run(GRAPH, {}, write=True)
        yield s


def test_document_gaps_reads_claims_specific_and_general_routes_for_live_documents(store):
    rows = {r["harm"]: r for r in run_query(store, "document-gaps")}
    assert set(rows) == {"Online grooming", "Cyberbullying"}  # the superseded edition is not counted
    grooming = rows["Online grooming"]
    assert grooming["offence"] is False and grooming["offence_claimed"] is True
    assert grooming["specific_route"] is True
    assert sorted(grooming["regions"]) == ["East Sussex", "West Sussex"]
    routes = grooming["general_routes"]
    assert "Police" in routes and {"kind": "phone", "value": "08001111", "label": "Childline",
                                   "id": "contact:phone:08001111"} in routes
    assert rows["Cyberbullying"]["specific_route"] is False
    assert run_query(store, "document-gaps", {"region": "region:west-sussex"})
    assert run_query(store, "document-gaps", {"region": "region:nowhere"}) == []


def test_report_prints_joint_guidance_once_with_said_offence_and_general_routes(store):
    html = render_report(collect_report_data(store))
    assert html.count('<section class="doc"') == 1
    block = html[html.index('<section class="doc"'):]
    assert "East Sussex, West Sussex" in block[:400]
    assert "<strong>General routes:</strong> 0800 1111 (Childline), Police." in block
    assert ">said</td>" in block  # the text calls grooming illegal but names no statute
