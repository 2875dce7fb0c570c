"""Run named and ad-hoc queries on a graph store, read-only, and return plain rows."""

from __future__ import annotations

from typing import Any, Protocol

from extractors.errors import QueryError, SkgError
from graph.stores.base import READ_MAX_ROWS, READ_TIMEOUT, ReadResult
from queries.catalog import Query, bind_params, get_query
from queries.guard import checked_query


class ReadableStore(Protocol):
    """What queries need from a store (graph.stores): the analyst's read."""

    def read(
        self, query: str, params: dict[str, Any] | None = None, *, timeout: float = ..., max_rows: int = ...
    ) -> ReadResult: ...


def read_cypher(
    store: ReadableStore,
    cypher: str,
    params: dict[str, Any] | None = None,
    *,
    timeout: float = READ_TIMEOUT,
    max_rows: int = READ_MAX_ROWS,
) -> ReadResult:
    """Check ``cypher`` at the door and send exactly the checked text, read-only, with a time
    limit and a row cap. A refused query never reaches the store.

    Store and driver errors (syntax errors, an unknown function) become :class:`QueryError`."""
    text = checked_query(cypher)
    try:
        return store.read(text, params or {}, timeout=timeout, max_rows=max_rows)
    except SkgError:
        raise
    except Exception as e:  # driver errors: redis ResponseError, neo4j CypherSyntaxError, ...
        raise QueryError(f"the store refused the query: {e}") from e


def read_query(
    store: ReadableStore,
    query: Query | str,
    given: dict[str, Any] | None = None,
    *,
    timeout: float = READ_TIMEOUT,
    max_rows: int = READ_MAX_ROWS,
) -> ReadResult:
    """Run a named query with ``given`` parameters (strings, coerced to the declared types)."""
    q = get_query(query) if isinstance(query, str) else query
    params = bind_params(q, given or {})
    try:
        return read_cypher(store, q.cypher, params, timeout=timeout, max_rows=max_rows)
    except QueryError as e:
        raise QueryError(f"query {q.name!r} ({q.path}): {e}") from e


def _all_rows(result: ReadResult, what: str, max_rows: int) -> list[dict[str, Any]]:
    if result.truncated:
        raise QueryError(f"{what}: more than {max_rows:,} rows; narrow the query or raise the row cap")
    return result.records()


def run_cypher(
    store: ReadableStore,
    cypher: str,
    params: dict[str, Any] | None = None,
    *,
    timeout: float = READ_TIMEOUT,
    max_rows: int = READ_MAX_ROWS,
) -> list[dict[str, Any]]:
    """:func:`read_cypher` as rows keyed by column; more than ``max_rows`` rows is an error,
    never a silent cut (for callers that need every row, like the report)."""
    return _all_rows(read_cypher(store, cypher, params, timeout=timeout, max_rows=max_rows), "query", max_rows)


def run_query(
    store: ReadableStore,
    query: Query | str,
    given: dict[str, Any] | None = None,
    *,
    timeout: float = READ_TIMEOUT,
    max_rows: int = READ_MAX_ROWS,
) -> list[dict[str, Any]]:
    """:func:`read_query` as rows keyed by column; more than ``max_rows`` rows is an error."""
    name = query if isinstance(query, str) else query.name
    result = read_query(store, query, given, timeout=timeout, max_rows=max_rows)
    return _all_rows(result, f"query {name!r}", max_rows)


def pivot_rows(rows: list[dict[str, Any]], rows_key: str, columns_key: str, value_key: str) -> list[dict[str, Any]]:
    """Long rows -> one row per ``rows_key`` with a column per ``columns_key`` value.

    >>> pivot_rows([{"h": "a", "r": "X", "n": 1}, {"h": "a", "r": "Y", "n": 0}], "h", "r", "n")
    [{'h': 'a', 'X': 1, 'Y': 0}]
    """
    columns: list[Any] = []
    table: dict[Any, dict[str, Any]] = {}
    for row in rows:
        col = row.get(columns_key)
        if col not in columns:
            columns.append(col)
        key = row.get(rows_key)
        table.setdefault(key, {rows_key: key})[str(col)] = row.get(value_key)
    return [{rows_key: r[rows_key], **{str(c): r.get(str(c)) for c in columns}} for r in table.values()]
