"""The named-query catalog: headers, parameters, name suggestions and the write guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import QueryError
from queries.catalog import (
    QUERY_DIR,
    bind_params,
    get_query,
    list_queries,
    parse_param_options,
    parse_query,
    used_params,
)
from queries.guard import check_read_only, is_read_only, strip_literals_and_comments, write_reason
from queries.run import pivot_rows

REQUIRED_QUERIES = {
    "harm-coverage", "harms-without-offence", "harms-without-reporting-route", "region-contacts",
    "laws-cited", "outdated-citations", "jurisdiction-mismatch", "unique-coverage", "evidence",
    "duplicates", "stale-documents", "harm-neighbourhood",
}


def test_catalog_holds_every_query_the_issue_names():
    names = {q.name for q in list_queries()}
    assert names >= REQUIRED_QUERIES
    assert names == {p.stem for p in QUERY_DIR.glob("*.cypher")}


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_query_has_title_description_and_example(query):
    assert len(query.title) > 10 and len(query.description) > 30
    assert query.examples and all(e.startswith(f"skg query {query.name}") for e in query.examples)


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_declared_and_used_params_agree(query):
    declared = {p.name for p in query.params}
    assert used_params(query.cypher) == declared


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_named_query_passes_the_write_guard(query):
    assert is_read_only(query.cypher), write_reason(query.cypher)


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_queries_avoid_constructs_one_store_lacks(query):
    code = strip_literals_and_comments(query.cypher).upper()
    for construct in ("EXISTS {", "COUNT {", "APOC.", "CALL {", "COLLECT {"):
        assert construct not in code


def test_unknown_name_suggests_the_closest_names():
    with pytest.raises(QueryError, match="harms-without-offence"):
        get_query("harms-without-offense")
    with pytest.raises(QueryError, match="skg query"):
        get_query("zzzz")


def test_missing_required_param_is_named():
    with pytest.raises(QueryError, match="'harm'"):
        bind_params(get_query("evidence"), {"region": "Dudley"})


def test_unknown_param_is_refused():
    with pytest.raises(QueryError, match="'regoin'"):
        bind_params(get_query("harms-without-offence"), {"regoin": "Dudley"})


def test_bind_params_fills_defaults_and_coerces_ints():
    assert bind_params(get_query("stale-documents"), {}) == {"before": 2023}
    assert bind_params(get_query("stale-documents"), {"before": "2019"}) == {"before": 2019}
    assert bind_params(get_query("harm-coverage"), {"region": "Dudley"}) == {
        "region": "Dudley", "category": None}
    with pytest.raises(QueryError, match="not a valid int"):
        bind_params(get_query("stale-documents"), {"before": "last year"})


def test_param_options_parse_and_reject_malformed():
    assert parse_param_options(["region=Brighton and Hove", "before=2020"]) == {
        "region": "Brighton and Hove", "before": "2020"}
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_param_options(["region"])


def test_header_without_title_is_an_error(tmp_path: Path):
    with pytest.raises(QueryError, match="title"):
        parse_query("x", "// description: something\nMATCH (n) RETURN n")


def test_malformed_param_line_is_an_error():
    with pytest.raises(QueryError, match="cannot parse param"):
        parse_query("x", "// title: t\n// description: d\n// param: region optional\nRETURN 1")


def test_header_parses_params_pivot_and_examples():
    q = parse_query("x", "// title: T\n// description: D\n"
                         "// param: year (int, default 2020): the year\n"
                         "// param: harm (string, required)\n"
                         "// pivot: rows=h columns=r value=n\n"
                         "// example: skg query x\nRETURN $year, $harm")
    assert [(p.name, p.type, p.required, p.default) for p in q.params] == [
        ("year", "int", False, 2020), ("harm", "string", True, None)]
    assert q.pivot and q.pivot.columns == "r"
    assert q.param("year").describe() == "year=2020"


@pytest.mark.parametrize("cypher", [
    "CREATE (n:Harm {id: 'x'})",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Harm) SET n.name = 'x'",
    "MERGE (n:Region {id: 'r'})",
    "MATCH (n) REMOVE n.name",
    "DROP INDEX ON :Harm(id)",
    "LOAD CSV FROM 'file:///x.csv' AS row RETURN row",
    "match (n) delete n",
    "CALL db.idx.fulltext.createNodeIndex('Section', 'text')",
    "CALL db.idx.fulltext.drop('Section')",
    "CALL apoc.create.node(['X'], {})",
    "CALL dbms.killQueries(['1'])",
    "MATCH (n) FOREACH (x IN [1] | CREATE (:X))",
    "MATCH (n) RETURN n /* comment */ ; CREATE (:X)",
])
def test_guard_refuses_writes(cypher):
    assert not is_read_only(cypher)
    with pytest.raises(QueryError, match="refused"):
        check_read_only(cypher)


@pytest.mark.parametrize("cypher", [
    "MATCH (d:Document) WHERE d.title = 'Create a safety plan; delete old apps' RETURN d",
    "MATCH (n) // set the region\nRETURN n",
    "MATCH (n) /* MERGE later */ RETURN n.created, n.set",
    'MATCH (n) WHERE n.name = "DROP it" RETURN n',
    "MATCH (n:`CREATE`) RETURN n",
    "MATCH (n) WHERE $delete IS NULL RETURN n",
    "CALL db.labels()",
    "CALL db.idx.fulltext.queryNodes('Section', 'grooming') YIELD node RETURN node.id",
    "MATCH (d) WHERE d.title = 'it\\'s SET' RETURN d",
])
def test_guard_allows_reads_that_mention_write_words(cypher):
    assert is_read_only(cypher), write_reason(cypher)


def test_strip_removes_strings_and_comments():
    out = strip_literals_and_comments("RETURN 'a // b' // c\n, \"x\" /* y */")
    assert "a" not in out and "c" not in out and "x" not in out and "y" not in out


def test_pivot_rows_makes_one_row_per_key_and_a_column_per_value():
    rows = [{"h": "a", "r": "X", "n": 1}, {"h": "a", "r": "Y", "n": 0},
            {"h": "b", "r": "X", "n": 2}, {"h": "b", "r": "Y", "n": 3}]
    assert pivot_rows(rows, "h", "r", "n") == [{"h": "a", "X": 1, "Y": 0}, {"h": "b", "X": 2, "Y": 3}]
