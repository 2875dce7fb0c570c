"""A document's general routes and offence claims as graph edges (DESIGN.md "Graph schema").

* ``(Document)-[:GIVES_ROUTE {evidence, section, page, method}]->(Agency|ContactPoint)``: a
  route the document gives without naming a harm. Owned by the document (outgoing), so a
  replace deletes it with the document's other outgoing edges.
* ``(Section)-[:CLAIMS_OFFENCE {evidence, document_id, region}]->(Harm)``: the section calls
  the harm illegal but cites no law. Tagged with ``document_id`` and deleted with its section.

Kept apart from :mod:`graph.build` so that harm links and these document-level facts do not
share one long function; :func:`graph.build.build_graph` calls :func:`add_general`.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from extractors.models import Document, TaggedDocument
from graph.build import _ensure_entity, add_edge
from graph.schema import Rel, section_id


def add_general(g: nx.MultiDiGraph, tagged: TaggedDocument, doc: Document, did: str,
                new: dict[Any, Any]) -> None:
    """GIVES_ROUTE and CLAIMS_OFFENCE edges of one tagged document."""
    pages = {s.ordinal: s.pages for s in doc.sections}
    for r in tagged.general_routes:
        _ensure_entity(g, r.target_id, new)
        page = r.page if r.page is not None else next(iter(pages.get(r.section) or []), None)
        add_edge(g, did, Rel.GIVES_ROUTE, r.target_id,
                 key=f"{Rel.GIVES_ROUTE.value}:{did}:{r.section}->{r.target_id}",
                 evidence=r.evidence, section=section_id(did, r.section), page=page,
                 method=r.method)
    for c in tagged.offence_claims:
        sid = section_id(did, c.section)
        _ensure_entity(g, c.harm_id, new)
        add_edge(g, sid, Rel.CLAIMS_OFFENCE, c.harm_id,
                 key=f"{Rel.CLAIMS_OFFENCE.value}:{sid}:{c.start}->{c.harm_id}",
                 evidence=c.evidence, document_id=did, region=list(doc.metadata.region))
