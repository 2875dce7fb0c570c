"""Graph stores behind one interface: embedded FalkorDB (default) and Neo4j.

>>> store = open_store("embedded", Path("data"))   # no I/O yet
>>> with store:                                     # starts or joins the server
...     store.counts()
"""

from __future__ import annotations

from pathlib import Path

from extractors.errors import ConfigError
from graph.stores.base import GraphStore
from graph.stores.settings import Neo4jSettings

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_store(uri: str = "embedded", data_dir: Path = Path("data"),
               neo4j: Neo4jSettings | None = None) -> GraphStore:
    """The store ``uri`` names: ``embedded`` (FalkorDB in ``data_dir/graph``) or a Neo4j URI
    (credentials from ``neo4j``, else read from the environment or ``.env`` at open()).

    Returns an unopened store; use it as a context manager (or call ``open()``). An unknown URI
    is a :class:`~extractors.errors.ConfigError` (a user error, not retried)."""
    if uri in ("", "embedded", "falkordb") or uri.startswith("embedded:"):
        from graph.stores.embedded import EmbeddedStore

        return EmbeddedStore(Path(data_dir))
    if uri.startswith(NEO4J_SCHEMES):
        from graph.stores.neo4j import Neo4jStore

        return Neo4jStore(uri, settings=neo4j)
    raise ConfigError(
        f"unknown store {uri!r}: use 'embedded' or a neo4j:// / bolt:// URI (SKG_STORE)"
    )


__all__ = ["GraphStore", "Neo4jSettings", "open_store"]
