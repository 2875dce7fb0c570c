"""Synthetic knowledge graphs of any size, shaped like the real one, for benchmarks and the
crash tests. Every document-owned fact carries the ``version`` it was built with, so a test can
tell whether a document in the store is wholly one version.

The default sizes give 100,000 nodes and 299,200 relationships:
2,000 shared entity nodes + 2,000 documents x (1 + 48 sections); per document 1 COVERS,
1 PUBLISHED_BY, 48 HAS_SECTION, 96 MENTIONS and 3 links; 1,200 PART_OF/BELONGS_TO.
"""

from __future__ import annotations

import random

import networkx as nx

from graph.build import add_edge, add_node
from graph.schema import Label, Rel, section_id

L, R = Label, Rel


def synthetic_graph(
    n_docs: int = 2_000,
    sections: int = 48,
    mentions_per_section: int = 2,
    links_per_doc: int = 3,
    version: int = 1,
    seed: int = 7,
) -> nx.MultiDiGraph:
    """A schema-valid graph; the same arguments always give the same graph."""
    rnd = random.Random(seed * 1_000 + version)
    g = nx.MultiDiGraph()
    regions = [f"region:r{i}" for i in range(100)]
    publishers = [f"publisher:p{i}" for i in range(100)]
    harms = [f"harm:h{i}" for i in range(200)]
    laws = [f"law:l{i}" for i in range(200)]
    provisions = [f"provision:l{i % 200}:s{i}" for i in range(800)]
    agencies = [f"agency:a{i}" for i in range(200)]
    contacts = [f"contact:phone:{i:011d}" for i in range(400)]
    for i, r in enumerate(regions):
        add_node(g, L.REGION, r, name=f"Region {i}")
    for i, p in enumerate(publishers):
        add_node(g, L.PUBLISHER, p, name=f"Publisher {i}")
    for i, h in enumerate(harms):
        add_node(g, L.HARM, h, name=f"Harm {i}", category="harmful content")
    for i, law in enumerate(laws):
        add_node(g, L.LAW, law, title=f"Law {i}", year=1990 + i % 35)
    for i, p in enumerate(provisions):
        add_node(g, L.PROVISION, p, law_id=laws[i % 200], section=str(i), summary=f"offence {i}")
        add_edge(g, p, R.PART_OF, laws[i % 200])
    for i, a in enumerate(agencies):
        add_node(g, L.AGENCY, a, name=f"Agency {i}", kind="charity")
    for i, c in enumerate(contacts):
        add_node(g, L.CONTACT_POINT, c, kind="phone", value=c.split(":")[-1], agency_id=agencies[i % 200])
        add_edge(g, c, R.BELONGS_TO, agencies[i % 200])
    targets = harms + provisions + agencies + contacts
    for d in range(n_docs):
        did = f"doc:synthetic-{d:05d}"
        region, publisher = regions[d % 100], publishers[d % 100]
        add_node(g, L.DOCUMENT, did, title=f"Document {d}", region=[g.nodes[region]["name"]],
                 sha256=f"{version:064d}", version=str(version), format="pdf", path=f"{did}.pdf")
        add_edge(g, did, R.COVERS, region)
        add_edge(g, did, R.PUBLISHED_BY, publisher)
        for s in range(sections):
            sid = section_id(did, s)
            add_node(g, L.SECTION, sid, document_id=did, heading=f"Section {s}", ordinal=s,
                     text=f"Text of section {s} of document {d}, version {version}.", pages=[s + 1],
                     version=str(version))
            add_edge(g, did, R.HAS_SECTION, sid)
            for t in rnd.sample(targets, mentions_per_section):
                add_edge(g, sid, R.MENTIONS, t, count=1, surfaces=[f"v{version}"], version=str(version))
        for k in range(links_per_doc):
            harm = rnd.choice(harms)
            rel, target = (R.MAY_CONSTITUTE, rnd.choice(provisions)) if k % 2 == 0 else (
                R.REPORTED_VIA, rnd.choice(agencies))
            add_edge(g, harm, rel, target, key=f"{rel.value}:{did}:{k}", document_id=did,
                     region=[g.nodes[region]["name"]], evidence=f"evidence {k}", method="synthetic",
                     confidence=0.5, section=section_id(did, k % sections), version=str(version))
    return g
