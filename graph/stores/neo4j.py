"""The Neo4j store: the official driver, managed transactions, batched ``UNWIND … MERGE``.

Settings (environment or ``.env``): the URI from ``SKG_STORE`` or ``NEO4J_URI``
(``neo4j://`` / ``bolt://`` and their ``+s``/``+ssc`` forms), ``NEO4J_USERNAME`` (default
``neo4j``), ``NEO4J_PASSWORD`` (or ``NEO4J_PASSWORD_FILE``), ``NEO4J_DATABASE`` (default: the
server's default database).
Credentials are never logged or put into error messages.

Each batch of whole documents (built by :meth:`GraphStore.replace_documents`, shared with the
embedded store) is one ``execute_write`` transaction (retried by the driver on transient
errors): delete the documents' old parts, then write the new ones in ``UNWIND`` batches of
:data:`BATCH` rows. Analyst queries run in ``execute_read`` transactions (access mode READ).
"""

from __future__ import annotations

from typing import Any

from extractors.errors import QueryError, StoreUnavailableError, StoreWriteError
from graph.stores.base import READ_MAX_ROWS, READ_TIMEOUT, GraphStore, ReadResult
from graph.stores.cypher import Statement
from graph.stores.settings import Neo4jSettings

BATCH = 1_000


class Neo4jStore(GraphStore):
    """A Neo4j database at ``uri``; credentials from ``settings``, else from the environment or
    ``.env`` (:class:`~graph.stores.settings.Neo4jSettings`) at open()."""

    def __init__(self, uri: str, database: str | None = None, settings: Neo4jSettings | None = None) -> None:
        self.uri = uri
        self.database = database
        self.settings = settings
        self._driver: Any = None

    def open(self) -> Neo4jStore:
        if self._driver is not None:
            return self
        import neo4j

        cfg = self.settings or Neo4jSettings()
        self.database = self.database or cfg.database
        try:
            self._driver = neo4j.GraphDatabase.driver(
                self.uri, auth=(cfg.username, cfg.secret()))
            self._driver.verify_connectivity()
        except neo4j.exceptions.AuthError as e:
            self._driver = None
            raise StoreUnavailableError(
                f"{self.uri}: authentication failed; check NEO4J_USERNAME/NEO4J_PASSWORD"
            ) from e
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError, ValueError) as e:
            self._driver = None
            raise StoreUnavailableError(f"{self.uri}: cannot connect ({type(e).__name__})") from e
        return self

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def _session(self) -> Any:
        if self._driver is None:
            raise StoreUnavailableError("the Neo4j store is not open: use `with open_store(...)`")
        return self._driver.session(database=self.database) if self.database else self._driver.session()

    def _execute_write(self, fn: Any, *args: Any) -> Any:
        import neo4j

        try:
            with self._session() as s:
                return s.execute_write(fn, *args)
        except neo4j.exceptions.ServiceUnavailable as e:
            raise StoreUnavailableError(f"{self.uri}: unavailable: {e}") from e
        except neo4j.exceptions.Neo4jError as e:
            raise StoreWriteError(f"{self.uri}: write failed: {e}") from e

    def ensure_schema(self) -> None:
        import neo4j

        from graph.schema import neo4j_ddl

        for stmt in neo4j_ddl():  # schema commands cannot share a transaction with writes
            try:
                with self._session() as s:
                    s.run(stmt).consume()
            except neo4j.exceptions.Neo4jError as e:
                raise StoreWriteError(f"{self.uri}: {stmt}: {e}") from e

    @staticmethod
    def _run_statements(tx: Any, statements: list[Statement]) -> None:
        for st in statements:
            value = st.value
            if isinstance(value, list) and st.param == "rows":
                for i in range(0, len(value), BATCH):
                    tx.run(st.cypher, {st.param: value[i : i + BATCH]}).consume()
            else:
                tx.run(st.cypher, {st.param: value}).consume()

    # the per-document replace itself is GraphStore.replace_documents (base.py)
    def _write_atomic(self, statements: list[Statement]) -> None:
        """ONE transaction (``execute_write``): all the statements commit together or not at
        all; a crash mid-transaction leaves the documents as they were."""
        self._execute_write(self._run_statements, statements)

    def run(self, cypher: str, params: dict[str, Any] | None = None, write: bool = False) -> list[dict[str, Any]]:
        import neo4j

        def work(tx: Any) -> list[dict[str, Any]]:
            return [dict(r) for r in tx.run(cypher, params or {}).data()]

        try:
            with self._session() as s:
                return s.execute_write(work) if write else s.execute_read(work)
        except neo4j.exceptions.ServiceUnavailable as e:
            raise StoreUnavailableError(f"{self.uri}: unavailable: {e}") from e
        except neo4j.exceptions.Neo4jError as e:
            if "AccessMode" in (e.code or "") or "read access mode" in str(e).lower():
                raise QueryError("the query writes to the graph; analyst queries are read-only") from e
            raise QueryError(f"query failed: {e.message or e}") from e

    def read(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout: float = READ_TIMEOUT,
        max_rows: int = READ_MAX_ROWS,
    ) -> ReadResult:
        """A READ transaction with a server-side time limit (``neo4j.unit_of_work(timeout=)``: a
        ``Query`` object is only accepted by ``session.run``); records are streamed and the rest
        discarded once ``max_rows`` are kept."""
        import neo4j

        @neo4j.unit_of_work(timeout=timeout)
        def work(tx: Any) -> ReadResult:
            result = tx.run(query, params or {})
            columns = list(result.keys())
            rows: list[list[Any]] = []
            for record in result:
                if len(rows) == max_rows:
                    return ReadResult(columns, rows, truncated=True)
                rows.append(list(record.data().values()))  # nodes as property dicts, as run() gives them
            return ReadResult(columns, rows)

        try:
            with self._session() as s:
                return s.execute_read(work)
        except neo4j.exceptions.ServiceUnavailable as e:
            raise StoreUnavailableError(f"{self.uri}: unavailable: {e}") from e
        except neo4j.exceptions.Neo4jError as e:
            code = e.code or ""
            if "TransactionTimedOut" in code or "Timeout" in code:
                raise QueryError(f"the query ran past the {timeout:g} s time limit (raise it with --timeout)") from e
            if "AccessMode" in code or "read access mode" in str(e).lower():
                raise QueryError("the query writes to the graph; analyst queries are read-only") from e
            raise QueryError(f"query failed: {e.message or e}") from e
