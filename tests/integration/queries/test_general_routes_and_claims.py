"""General routes and offence claims through the named queries, on the embedded store loaded from
data/raw (see conftest.py).

What the seed documents say (read by hand): Dudley's leaflet ends with "6. Reporting" (West
Midlands Police 999, Dudley Safeguarding's numbers) and "7. What to do next" (an advice page):
routes that name no harm. Its "5. The Law" says "Crimes can include exploitation; harassment;
hate crime; fraud; grooming; ..." and names no Act: offences claimed, no law cited.
"""

from __future__ import annotations

from typing import Any

import pytest

from queries.run import run_query

pytestmark = pytest.mark.slow


def q(store: Any, name: str, **params: Any) -> list[dict[str, Any]]:
    return run_query(store, name, {k: str(v) for k, v in params.items()})


def test_harms_without_route_give_the_regions_general_routes(store):
    rows = q(store, "harms-without-reporting-route", region="Dudley")
    assert rows and {"region", "harm", "documents", "general_routes"} <= set(rows[0])
    by_harm = {r["harm_id"]: r for r in rows}
    # Dudley's contacts name no harm: its harms are listed, with those routes beside them
    assert "harm:stalking" in by_harm
    routes = by_harm["harm:stalking"]["general_routes"]
    assert "Police" in routes and "0300 555 0050" in routes and "999" in routes  # as people write them
    assert all(r["general_routes"] == routes for r in rows)  # one region, one list


def test_general_routes_do_not_count_as_harm_routes(store):
    general = store.run("MATCH (d:Document)-[g:GIVES_ROUTE]->(t) RETURN d.id AS doc, t.id AS target, "
                        "g.evidence AS evidence, g.method AS method, g.section AS section")
    assert general and all(r["evidence"] and r["method"] and r["section"] for r in general)
    dudley = {r["target"] for r in general if r["doc"] == "doc:dudley-safer-seven-pdf"}
    assert {"agency:police", "contact:phone:999"} <= dudley
    blanket = store.run("MATCH (h:Harm)-[l:REPORTED_VIA]->() WHERE l.method IN ['section', "
                        "'instruction'] RETURN count(l) AS n")
    assert blanket[0]["n"] == 0


def test_offence_claims_list_harms_called_crimes_without_a_law(store):
    rows = q(store, "offence-claims", region="Dudley")
    assert rows and set(rows[0]) >= {"region", "harm", "document", "evidence"}
    harms = {r["harm_id"] for r in rows}
    assert {"harm:hate-crime", "harm:fraud", "harm:grooming"} <= harms
    assert all(r["evidence"].startswith("Crimes can include") for r in rows
               if r["harm_id"] == "harm:hate-crime")
    # a claim is not a link: the harm still has no offence
    gaps = {r["harm_id"] for r in q(store, "harms-without-offence", region="Dudley")}
    assert "harm:hate-crime" in gaps


def test_offence_claims_without_a_region_cover_every_region(store):
    rows = q(store, "offence-claims")
    assert {r["region"] for r in rows} >= {"Dudley"}
    assert not any(r["harm_id"] == "harm:grooming" and r["region"] == "West Sussex" for r in rows)
