"""Every named query on the embedded store loaded from data/raw, against hand-checked answers.

The expectations come from reading the five seed documents in data/raw:

* Dudley's "Safer Seven" leaflet, section 6 "Reporting": "West Midlands Police - 999" and
  Dudley Safeguarding's "Children: 0300 555 0050" / "Adults: 0300 555 0055". Its section
  5 "The Law" says only "Various legislation is in place": it names no Act, so every harm it
  mentions lacks an offence.
* Kingston and Richmond's guidance says "According to the Online Safety Bill 2023, ..." (the
  Bill became the Online Safety Act 2023) and refers the reader to the SPA on 020 8547 5008.
* Pan-Sussex procedure 8.45.7: "Under Section 15 of the Sexual Offences Act 2003 it is an
  offence ..." in its "Online grooming and abuse" part; it is dated 2017 and covers Brighton
  and Hove, East Sussex and West Sussex.
* Cambridgeshire and Peterborough's strategy is 2018-2020.
* Dudley's web page and PDF extract are the same leaflet.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from extractors.errors import QueryError
from queries.browser.guide import SAMPLE_PARAMS
from queries.catalog import list_queries
from queries.run import run_cypher, run_query

pytestmark = pytest.mark.slow


def q(store: Any, name: str, **params: Any) -> list[dict[str, Any]]:
    return run_query(store, name, {k: str(v) for k, v in params.items()})


@pytest.mark.parametrize("query", list_queries(), ids=lambda query: query.name)
def test_every_named_query_runs_on_the_loaded_store(store, query):
    given = {p.name: str(SAMPLE_PARAMS[p.name]) for p in query.params if p.required}
    rows = run_query(store, query, given)
    assert isinstance(rows, list)
    if query.name != "jurisdiction-mismatch":  # the seed guidance is all English: none expected
        assert rows, f"{query.name} returned no rows on data/raw"


def test_harm_coverage_is_a_full_matrix_including_harms_no_region_mentions(store):
    rows = q(store, "harm-coverage")
    harms = {r["harm_id"] for r in rows}
    regions = {r["region"] for r in rows}
    n_harms = store.run("MATCH (h:Harm) RETURN count(h) AS n")[0]["n"]
    assert len(harms) == n_harms and len(rows) == n_harms * len(regions)
    assert regions == {"Dudley", "Cambridgeshire", "Peterborough", "Kingston upon Thames",
                       "Richmond upon Thames", "Brighton and Hove", "East Sussex", "West Sussex"}
    by_harm: dict[str, int] = {}
    for r in rows:
        by_harm[r["harm_id"]] = by_harm.get(r["harm_id"], 0) + r["documents"]
    assert any(total == 0 for total in by_harm.values()), "some taxonomy harm is mentioned nowhere"
    cell = {(r["harm_id"], r["region"]): r["documents"] for r in rows}
    assert cell[("harm:grooming", "West Sussex")] == 1
    assert cell[("harm:grooming", "Dudley")] == 1  # the duplicate web copy is not counted again


def test_harm_coverage_filters_by_region_name_slug_or_id(store):
    for value in ("Dudley", "dudley", "region:dudley"):
        rows = q(store, "harm-coverage", region=value)
        assert {r["region"] for r in rows} == {"Dudley"}
    rows = q(store, "harm-coverage", category="bullying and harassment")
    assert {r["category"] for r in rows} == {"bullying and harassment"}


def _contacts(rows):
    return {(c["kind"], c["value"]): r for r in rows for c in r["contacts"]}


def test_dudley_names_police_999_and_dudley_safeguarding_numbers(store):
    rows = q(store, "region-contacts", region="region:dudley")
    contacts = _contacts(rows)
    assert contacts[("phone", "999")]["agency"] == "Police"
    assert ("phone", "03005550050") in contacts and ("phone", "03005550055") in contacts
    assert ("url", "safeguarding.dudley.gov.uk") in contacts
    assert all(d.startswith("Safer Seven") for r in rows for d in r["documents"])
    assert len({r["agency"] for r in rows}) == len(rows)  # one row per agency


def test_kingston_gives_the_spa_number(store):
    rows = q(store, "region-contacts", region="Kingston upon Thames")
    assert ("phone", "02085475008") in _contacts(rows)


def test_kingston_and_richmond_cite_the_online_safety_bill_by_its_outdated_name(store):
    for region in ("Kingston upon Thames", "Richmond upon Thames"):
        laws = {r["law"]: r for r in q(store, "laws-cited", region=region)}
        osa = laws["Online Safety Act 2023"]
        assert osa["outdated_name"] is True
        assert any("Online Safety Bill" in s for s in osa["cited_as"])
    rows = q(store, "outdated-citations", region="Kingston upon Thames")
    bill = [r for r in rows if r["current_name"] == "Online Safety Act 2023"]
    assert bill and all(any("Bill" in s for s in r["cited_as"]) for r in bill)
    assert any("According to the Online Safety Bill 2023" in r["evidence"] for r in bill)
    assert all(r["document"] == "Online Safety Guidance" for r in bill)


def test_no_outdated_law_names_in_sussex_or_dudley(store):
    for region in ("West Sussex", "Dudley"):
        rows = q(store, "outdated-citations", region=region)
        assert not [r for r in rows if r["kind"] == "Law"]


def test_pan_sussex_links_grooming_to_sexual_offences_act_s15(store):
    rows = q(store, "evidence", harm="grooming", region="West Sussex")
    s15 = [r for r in rows if r["target"] == "Sexual Offences Act 2003 s.15"]
    assert s15 and s15[0]["link"] == "offence"
    assert "Section 15 of the Sexual Offences Act 2003" in s15[0]["evidence"]
    assert s15[0]["document"] == "8.45 Online Safety"
    assert "Online grooming and abuse" in s15[0]["section"]
    assert set(s15[0]["regions"]) == {"Brighton and Hove", "East Sussex", "West Sussex"}
    hood = q(store, "harm-neighbourhood", harm="harm:grooming")
    assert {r["region"] for r in hood if r["target_id"] == "provision:sexual-offences-act-2003:s15"} == {
        "Brighton and Hove", "East Sussex", "West Sussex"}


def test_evidence_accepts_harm_name_and_filters_region(store):
    by_name = q(store, "evidence", harm="Online grooming")
    assert by_name == q(store, "evidence", harm="grooming")
    dudley = q(store, "evidence", harm="grooming", region="Dudley")
    assert dudley and all(r["regions"] == ["Dudley"] for r in dudley)
    assert {r["link"] for r in dudley} == {"reporting"}  # Dudley names no Act


def test_dudley_names_no_law_so_every_harm_it_mentions_lacks_an_offence(store):
    mentioned = {r["harm_id"] for r in q(store, "harm-coverage", region="Dudley") if r["documents"]}
    gaps = q(store, "harms-without-offence", region="Dudley")
    assert {r["harm_id"] for r in gaps} == mentioned
    assert "harm:grooming" in mentioned
    assert not q(store, "laws-cited", region="Dudley")
    assert all(r["evidence"] for r in gaps)


def test_sussex_grooming_has_an_offence_and_dudley_grooming_a_route(store):
    assert "harm:grooming" not in {r["harm_id"] for r in q(store, "harms-without-offence", region="West Sussex")}
    assert "harm:grooming" not in {
        r["harm_id"] for r in q(store, "harms-without-reporting-route", region="Dudley")}


def test_no_law_is_cited_outside_its_extent_in_the_english_seed_guidance(store):
    assert q(store, "jurisdiction-mismatch") == []
    assert not any(r["jurisdiction_mismatch"] for r in q(store, "laws-cited"))


def test_unique_coverage_counts_joint_guidance_once(store):
    rows = {r["harm_id"]: r for r in q(store, "unique-coverage")}
    assert rows["harm:stalking"]["regions"] == ["Dudley"]
    assert set(rows["harm:cyber-flashing"]["regions"]) == {"Kingston upon Thames", "Richmond upon Thames"}
    assert "harm:grooming" not in rows  # every partnership mentions grooming


def test_duplicates_pair_the_two_dudley_copies(store):
    rows = q(store, "duplicates")
    pair = {rows[0]["canonical_id"], rows[0]["member_id"]}
    assert len(rows) == 1 and pair == {"doc:dudley-safer-seven-web", "doc:dudley-safer-seven-pdf"}
    assert rows[0]["similarity"] > 0.9


def test_stale_documents_by_year(store):
    stale = {r["document_id"]: r for r in q(store, "stale-documents")}
    assert stale["doc:pan-sussex-procedure-8-45"]["published"] == 2017
    assert "doc:cambridgeshire-peterborough-strategy" in stale
    assert "doc:kingston-richmond-guidance" not in stale  # no year stated, not superseded
    older = {r["document_id"] for r in q(store, "stale-documents", before=2018)}
    assert "doc:pan-sussex-procedure-8-45" in older
    assert "doc:cambridgeshire-peterborough-strategy" not in older


def test_documents_lists_all_five_with_sections(store):
    rows = q(store, "documents")
    assert len(rows) == 5
    assert sum(1 for r in rows if r["sections"] > 0) == 4  # the duplicate copy has no sections


def test_write_through_the_store_is_refused_by_the_read_only_query(store):
    before = store.counts()
    with pytest.raises(QueryError):
        store.run("CREATE (:Harm {id: 'harm:injected'})", {}, write=False)
    with pytest.raises(QueryError, match="refused"):
        run_cypher(store, "MATCH (h:Harm) SET h.name = 'x'")
    assert store.counts() == before


# --- through the CLI -------------------------------------------------------------------------

def _cli(data_dir: Path, *args: str) -> Any:
    from pipeline.cli import app

    return CliRunner().invoke(app, [*args, "--data-dir", str(data_dir)])


@pytest.mark.parametrize("cypher", [
    "MATCH (n) DETACH DELETE n",
    "CREATE (:Harm {id: 'harm:x', name: 'x'})",
    "MATCH (h:Harm {id: 'harm:grooming'}) SET h.name = 'changed'",
    "MERGE (:Region {id: 'region:nowhere'})",
    "MATCH (h:Harm) REMOVE h.category",
    "CALL db.idx.fulltext.drop('Section')",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
])
def test_skg_cypher_refuses_writes_and_changes_nothing(store, loaded_data_dir, cypher):
    before = store.counts()
    result = _cli(loaded_data_dir, "cypher", cypher)
    assert result.exit_code == 1
    assert "refused" in result.output and "read-only" in result.output
    assert "Traceback" not in result.output
    assert store.counts() == before
    assert store.run("MATCH (h:Harm {id: 'harm:grooming'}) RETURN h.name AS n")[0]["n"] == "Online grooming"


def test_skg_cypher_runs_reads_as_json(loaded_data_dir):
    result = _cli(loaded_data_dir, "cypher", "MATCH (d:Document) RETURN count(d) AS documents",
                  "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"documents": 5}]


def test_skg_query_runs_named_queries_in_every_format(loaded_data_dir):
    res = _cli(loaded_data_dir, "query", "region-contacts", "--param", "region=Dudley", "--format", "json")
    assert res.exit_code == 0, res.output
    assert any(c["value"] == "999" for r in json.loads(res.output) for c in r["contacts"])
    res = _cli(loaded_data_dir, "query", "harm-coverage", "--format", "csv")
    assert res.exit_code == 0 and res.output.startswith("harm,category,region,documents")
    res = _cli(loaded_data_dir, "query", "harm-coverage", "--param", "category=extremism")
    header = res.output.splitlines()[0].split()
    assert res.exit_code == 0 and header[0] == "harm" and "Dudley" in header  # the pivoted table


def test_skg_query_errors_are_clear(loaded_data_dir):
    res = _cli(loaded_data_dir, "query", "evidence")
    assert res.exit_code == 1 and "'harm'" in res.output
    res = _cli(loaded_data_dir, "query", "harms-without-offense")
    assert res.exit_code == 1 and "harms-without-offence" in res.output
