"""The one interface both stores implement.

Constructors do no I/O: a store connects (and the embedded one starts its server) in
:meth:`GraphStore.open`, which the context manager calls::

    with open_store("embedded", Path("data")) as store:
        store.ensure_schema()
        store.replace_documents(graph, ["doc:kent-online-safety"])
        rows = store.run("MATCH (h:Harm) RETURN h.name AS name ORDER BY name")
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, NamedTuple

import networkx as nx

from graph.schema import Label, Rel
from graph.stores.cypher import Statement, delete_documents, document_statements, edge_statements, node_statements

READ_TIMEOUT = 10.0  # seconds: the default time limit of an analyst read
READ_MAX_ROWS = 10_000  # the default row cap of an analyst read


@dataclass
class ReadResult:
    """What :meth:`GraphStore.read` returns: column names, rows (values in column order), and
    whether rows were left off at the cap."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    truncated: bool = False

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts keyed by column name."""
        return [dict(zip(self.columns, row)) for row in self.rows]


@dataclass(frozen=True)
class StoredDocument:
    """What the store remembers of a current document from the last run."""

    id: str  # source id (without the ``doc:`` prefix)
    sha256: str | None
    version: str | None
    path: str | None = None
    duplicate_of: str | None = None  # source id of the canonical it copies or revises


class EntityRef(NamedTuple):
    """An entity as an edition diff names it: its label and a readable name."""

    label: str
    name: str


def source_id(graph_id: str) -> str:
    """``doc:<source id>`` -> ``<source id>`` (other ids unchanged)."""
    return graph_id[4:] if graph_id.startswith("doc:") else graph_id


class GraphStore(ABC):
    """A graph database holding the knowledge graph. Writes are idempotent and per-document
    atomic: a reader sees each document's old version or its new one, never a mix."""

    uri: str

    @abstractmethod
    def open(self) -> GraphStore:
        """Connect (starting the server if this store manages one). Returns ``self``."""

    @abstractmethod
    def close(self) -> None:
        """Disconnect; the embedded store snapshots and stops the server it started."""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create the id uniqueness/indexes, property indexes and the section full-text index.
        Idempotent."""

    # --- the per-document replace, shared by every store ----------------------------------
    #: rows (nodes + edges) per atomic write; a batch holds whole documents only
    batch_rows: int = 10_000
    #: rows per write of the shared part (MERGEs: idempotent, so no atomicity needed)
    shared_batch: int = 10_000

    @abstractmethod
    def _write_atomic(self, statements: list[Statement]) -> None:
        """Run ``statements`` as ONE atomic unit: all of them or none (a transaction on
        Neo4j, one chained query on FalkorDB)."""

    def _after_write(self) -> None:
        """Make the writes durable, when the store needs a step for that (embedded: snapshot)."""
        return None

    def replace_documents(self, graph: nx.MultiDiGraph, document_ids: Iterable[str]) -> dict[str, int]:
        """Write the shared part of ``graph`` (taxonomy, regions, publishers; MERGEd) and replace
        each listed document's own part (its node, sections, mentions and links) atomically.
        Returns ``{"documents": n, "nodes": n, "relationships": n}`` written.

        Documents are grouped into batches of whole documents up to :attr:`batch_rows` rows;
        each batch is one :meth:`_write_atomic`: the deletes of the documents' old sections,
        mentions and links, then the writes of the new ones. A reader (or a crash) sees each
        document wholly old or wholly new."""
        from graph.build import validate_graph
        from graph.partition import Part, partition

        validate_graph(graph)
        shared, parts = partition(graph)
        for st in [*node_statements(shared.nodes), *edge_statements(shared.edges, shared=True)]:
            for i in range(0, len(st.value), self.shared_batch):
                self._write_atomic([Statement(st.cypher, st.param, st.value[i : i + self.shared_batch])])
        stats = {"documents": 0, "nodes": len(shared.nodes), "relationships": len(shared.edges)}
        batch: list[Part] = []
        ids: list[str] = []
        rows = 0
        for did in sorted(set(document_ids)):
            part = parts.get(did, Part())
            ids.append(did)
            batch.append(part)
            rows += part.size()
            stats["documents"] += 1
            stats["nodes"] += len(part.nodes)
            stats["relationships"] += len(part.edges)
            if rows >= self.batch_rows:
                self._write_atomic(document_statements(ids, batch))
                batch, ids, rows = [], [], 0
        if ids:
            self._write_atomic(document_statements(ids, batch))
        self._after_write()
        return stats

    def remove_documents(self, document_ids: Iterable[str]) -> int:
        """Delete documents with their sections, mentions and links. Returns how many existed."""
        ids = sorted(set(document_ids))
        if not ids:
            return 0
        found = self.run(f"MATCH (d:{Label.DOCUMENT.value}) WHERE d.id IN $ids RETURN count(d) AS c", {"ids": ids})
        self._write_atomic([Statement(c, "ids", ids) for c in delete_documents()])
        self._after_write()
        return int(found[0]["c"])

    @abstractmethod
    def run(self, cypher: str, params: dict[str, Any] | None = None, write: bool = False) -> list[dict[str, Any]]:
        """Run Cypher with parameters; rows as dicts keyed by the RETURN names. With
        ``write=False`` the store refuses any query that writes (QueryError)."""

    def stored_documents(self) -> dict[str, StoredDocument]:
        """Current (not superseded) documents, keyed by source id."""
        from graph.stores.cypher import STORED_DOCUMENTS

        out: dict[str, StoredDocument] = {}
        for row in self.run(STORED_DOCUMENTS):
            sid = source_id(str(row["id"]))
            dup = row["duplicate_of"]
            out[sid] = StoredDocument(sid, row["sha256"], row["version"], row["path"],
                                      source_id(str(dup)) if dup else None)
        return out

    def document_entities(self, ids: Iterable[str]) -> dict[str, dict[str, EntityRef]]:
        """``{document graph id: {entity id: EntityRef}}`` of what each document mentions now
        (every id in ``ids`` is a key, with ``{}`` when it mentions nothing or is not stored)."""
        from graph.stores.cypher import DOCUMENT_ENTITIES

        wanted = sorted(set(ids))
        out: dict[str, dict[str, EntityRef]] = {d: {} for d in wanted}
        if wanted:
            for row in self.run(DOCUMENT_ENTITIES, {"ids": wanted}):
                out.setdefault(row["doc"], {})[row["id"]] = EntityRef(str(row["label"]), str(row["name"]))
        return out

    def superseded_editions(self, ids: Iterable[str]) -> list[str]:
        """The stored earlier editions (``doc:<id>@<sha12>``) of the documents ``ids``, so that
        pruning a document removes its history too."""
        import re

        from graph.stores.cypher import SUPERSEDED_EDITIONS

        wanted = sorted(set(ids))
        if not wanted:
            return []
        pattern = re.compile("^(" + "|".join(re.escape(d) for d in wanted) + r")@[0-9a-f]{12}$")
        return sorted(str(r["id"]) for r in self.run(SUPERSEDED_EDITIONS) if pattern.match(str(r["id"] or "")))

    def document_properties(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """``{document graph id: its stored properties}`` for the stored documents in ``ids``."""
        from graph.stores.cypher import DOCUMENT_PROPERTIES

        wanted = sorted(set(ids))
        if not wanted:
            return {}
        return {row["id"]: dict(row["props"]) for row in self.run(DOCUMENT_PROPERTIES, {"ids": wanted})}

    @abstractmethod
    def read(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout: float = READ_TIMEOUT,
        max_rows: int = READ_MAX_ROWS,
    ) -> ReadResult:
        """Run an analyst's read: read-only on the server, stopped after ``timeout`` seconds
        (QueryError), at most ``max_rows`` rows kept (``truncated`` says when more matched).
        ``query`` is sent as given: check it first (:func:`queries.guard.checked_query`)."""

    def counts(self) -> dict[str, int]:
        """Nodes per label, relationships per type, and totals ``nodes``/``relationships``."""
        out: dict[str, int] = {}
        for label in Label:
            out[label.value] = int(self.run(f"MATCH (n:{label.value}) RETURN count(n) AS c")[0]["c"])
        for rel in Rel:
            out[rel.value] = int(self.run(f"MATCH ()-[r:{rel.value}]->() RETURN count(r) AS c")[0]["c"])
        out["nodes"] = sum(out[label.value] for label in Label)
        out["relationships"] = sum(out[rel.value] for rel in Rel)
        return out

    def replace_graph(self, graph: nx.MultiDiGraph) -> dict[str, int]:
        """Replace every document in ``graph`` (convenience for tests and benchmarks)."""
        from graph.partition import document_ids

        return self.replace_documents(graph, document_ids(graph))

    def __enter__(self) -> GraphStore:
        return self.open()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
