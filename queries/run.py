"""Run named and ad-hoc queries on a graph store, read-only, and return plain rows."""

from __future__ import annotations

from typing import Any, Protocol

from extractors.errors import QueryError, SkgError
from queries.catalog import Query, bind_params, get_query
from queries.guard import check_read_only


class ReadableStore(Protocol):
    """What queries need from a store (graph.stores): a read-only ``run``."""

    def run(self, cypher: str, params: dict[str, Any] | None = None, write: bool = False) -> list[dict[str, Any]]: ...


def run_cypher(store: ReadableStore, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run read-only Cypher; a write is refused before it reaches the store.

    Store and driver errors (syntax errors, an unknown function) become :class:`QueryError`.
    """
    check_read_only(cypher)
    try:
        return store.run(cypher, params or {}, write=False)
    except SkgError:
        raise
    except Exception as e:  # driver errors: redis ResponseError, neo4j CypherSyntaxError, ...
        raise QueryError(f"the store refused the query: {e}") from e


def run_query(store: ReadableStore, query: Query | str, given: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run a named query with ``given`` parameters (strings, coerced to the declared types)."""
    q = get_query(query) if isinstance(query, str) else query
    params = bind_params(q, given or {})
    try:
        return run_cypher(store, q.cypher, params)
    except QueryError as e:
        raise QueryError(f"query {q.name!r} ({q.path}): {e}") from e


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
