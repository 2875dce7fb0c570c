"""A lexical guard that refuses Cypher which writes, before it reaches the store.

The guard gives a clear, early error; the real guarantee is that queries run in a read-only
transaction (``GRAPH.RO_QUERY`` on FalkorDB, ``execute_read`` on Neo4j). String literals,
backtick-quoted names and comments are blanked first, so ``WHERE d.title = 'Create a plan'``
or ``// set the region`` do not trip it.
"""

from __future__ import annotations

import re

from extractors.errors import QueryError

# Clauses that write. A keyword preceded by '.', ':' or '$' is a property, label or parameter.
_WRITE_CLAUSES = re.compile(
    r"(?<![.:$\w])(DETACH\s+DELETE|CREATE|MERGE|SET|DELETE|REMOVE|DROP|FOREACH|LOAD\s+CSV)\b", re.I
)
_CALL = re.compile(r"(?<![.:$\w])CALL\s+([A-Za-z_][\w.]*)\s*\(", re.I)
# Procedures that only read, on FalkorDB or Neo4j. Any other procedure is refused: its effects
# are not known here.
READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.indexes",
        "db.constraints",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "db.idx.fulltext.querynodes",
        "db.idx.fulltext.queryrelationships",
        "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships",
        "db.meta.stats",
        "dbms.components",
    }
)


def strip_literals_and_comments(cypher: str) -> str:
    """``cypher`` with string literals, backtick names and comments replaced by blanks."""
    out: list[str] = []
    i, n = 0, len(cypher)
    while i < n:
        c = cypher[i]
        if c in ("'", '"', "`"):
            j = i + 1
            while j < n and cypher[j] != c:
                j += 2 if cypher[j] == "\\" and c != "`" else 1
            out.append(" ")
            i = j + 1
        elif cypher.startswith("//", i):
            j = cypher.find("\n", i)
            i = n if j < 0 else j
        elif cypher.startswith("/*", i):
            j = cypher.find("*/", i + 2)
            out.append(" ")
            i = n if j < 0 else j + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def write_reason(cypher: str) -> str | None:
    """Why ``cypher`` would write (``"CREATE"``, ``"CALL db.idx.fulltext.createNodeIndex"``), or None."""
    code = strip_literals_and_comments(cypher)
    m = _WRITE_CLAUSES.search(code)
    if m:
        return re.sub(r"\s+", " ", m.group(1).upper())
    for proc in _CALL.findall(code):
        if proc.lower() not in READ_PROCEDURES:
            return f"CALL {proc}"
    return None


def is_read_only(cypher: str) -> bool:
    """True when the guard finds no writing clause or procedure in ``cypher``."""
    return write_reason(cypher) is None


def check_read_only(cypher: str) -> None:
    """Raise :class:`QueryError` when ``cypher`` writes; the graph is read-only from here."""
    reason = write_reason(cypher)
    if reason is not None:
        raise QueryError(
            f"refused: the query writes ({reason}). `skg cypher` and named queries are "
            "read-only; change the graph with `skg ingest`."
        )
