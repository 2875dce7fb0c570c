"""The embedded store's read path for analyst queries: read-only, time-limited, row-capped."""

from __future__ import annotations

import contextlib
from typing import Any

from extractors.errors import QueryError, StoreUnavailableError
from graph.stores.base import READ_MAX_ROWS, READ_TIMEOUT, ReadResult

GRACE = 3.0  # seconds the client waits past a read's time limit before giving up on it


def read(
    store: Any,
    sock: str,
    query: str,
    params: dict[str, Any] | None = None,
    *,
    timeout: float = READ_TIMEOUT,
    max_rows: int = READ_MAX_ROWS,
) -> ReadResult:
    """Run ``query`` as ``GRAPH.RO_QUERY … TIMEOUT ms`` on the server at ``sock``.

    The server stops the query at the limit. What it cannot interrupt (building one huge list)
    is stopped by the per-query memory cap (``server.QUERY_MEM_CAPACITY``), and the client gives
    up :data:`GRACE` seconds after the limit in any case. FalkorDB sends the whole result; rows
    past ``max_rows`` are dropped and ``truncated`` is set. A store with no graph yet gets its
    schema (``store.ensure_schema()``) first."""
    import redis
    from falkordb import FalkorDB
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    from graph.stores.embedded import GRAPH_NAME, column_names, to_python

    db = FalkorDB(unix_socket_path=sock, socket_timeout=timeout + GRACE, retry=Retry(NoBackoff(), 0))
    graph = db.select_graph(GRAPH_NAME)
    ms = max(1, round(timeout * 1000))
    try:
        try:
            res = graph.ro_query(query, params, timeout=ms)
        except redis.ResponseError as e:
            if "empty key" not in str(e):
                raise
            store.ensure_schema()
            res = graph.ro_query(query, params, timeout=ms)
    except redis.TimeoutError as e:
        raise QueryError(_limit(timeout)) from e
    except redis.ConnectionError as e:
        raise StoreUnavailableError(f"{store.uri}: the server went away: {e}") from e
    except redis.ResponseError as e:
        raise QueryError(_message(str(e), timeout)) from e
    finally:
        with contextlib.suppress(Exception):
            db.connection.close()
    rows = [[to_python(v) for v in row] for row in res.result_set[: max_rows + 1]]
    return ReadResult(column_names(res), rows[:max_rows], truncated=len(rows) > max_rows)


def _limit(timeout: float) -> str:
    return f"the query ran past the {timeout:g} s time limit (raise it with --timeout)"


def _message(message: str, timeout: float) -> str:
    if "timed out" in message.lower():
        return _limit(timeout)
    if "mem consumption exceeded" in message:
        return "the query needed more memory than one query may use; narrow it (LIMIT, fewer MATCH parts)"
    if "read-only" in message:
        return "the query writes to the graph; analyst queries are read-only"
    return f"query failed: {message}"
