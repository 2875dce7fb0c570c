"""The query door: checks analyst Cypher and gives back the exact text to send to the store.

Three layers keep the store safe; this module is the first:
1. :func:`checked_query` strips comments, refuses writing clauses, more than one statement,
   non-ASCII look-alikes outside strings and every procedure not on :data:`READ_PROCEDURES`, and
   returns the text it checked. That text, and only that text, goes to the store: a comment
   inside a procedure name (``CALL db/**/.labels()``) aborts FalkorDB 4.16, so no comment is
   ever sent.
2. The store runs it read-only (``GRAPH.RO_QUERY`` on FalkorDB, a READ transaction on Neo4j).
3. With a time limit and a row cap (:meth:`graph.stores.base.GraphStore.read`).

String literals and backtick-quoted names are blanked before the clause check, so
``WHERE d.title = 'Create a plan'`` or ``MATCH (n:`CREATE`)`` do not trip it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractors.errors import QueryError

# Clauses that write or administer. A keyword preceded by '.', ':' or '$' is a property, label
# or parameter, not a clause.
_WRITE_CLAUSES = re.compile(
    r"(?<![.:$\w])(DETACH\s+DELETE|CREATE|MERGE|SET|DELETE|REMOVE|DROP|FOREACH|LOAD\s+CSV|LOAD|ALTER|"
    r"GRANT|DENY|REVOKE|RENAME|(?:START|STOP)\s+DATABASE|TERMINATE\s+TRANSACTIONS?|"
    r"(?:ENABLE|DEALLOCATE|REALLOCATE)\s+(?:SERVER|DATABASES?))\b",
    re.I,
)
_CALL = re.compile(r"(?<![.:$\w])CALL\b", re.I)
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Procedures that only read, on FalkorDB or Neo4j. Any other procedure is refused: its effects
# are not known here. Matched case-insensitively after normalising the name.
READ_PROCEDURE_NAMES = (
    "db.labels",
    "db.relationshipTypes",
    "db.propertyKeys",
    "db.indexes",
    "db.constraints",
    "db.meta.stats",
    "db.idx.fulltext.queryNodes",
    "db.idx.fulltext.queryRelationships",
    "db.idx.vector.queryNodes",
    "db.index.fulltext.queryNodes",
    "db.index.fulltext.queryRelationships",
    "db.schema.visualization",
    "db.schema.nodeTypeProperties",
    "db.schema.relTypeProperties",
    "dbms.components",
)
READ_PROCEDURES = frozenset(name.lower() for name in READ_PROCEDURE_NAMES)


def _segments(cypher: str, strict: bool) -> Iterator[tuple[str, str]]:
    """Split ``cypher`` into ``(kind, text)``: kind is code, string, name (backticks) or comment.

    Strings take backslash escapes; a backtick name escapes a backtick by doubling it (both as
    FalkorDB and Neo4j parse them). ``strict`` refuses an unterminated string, name or comment;
    otherwise it runs to the end of the text."""
    i, n, start = 0, len(cypher), 0
    while i < n:
        c = cypher[i]
        if c in "'\"`" or cypher.startswith(("//", "/*"), i):
            if i > start:
                yield "code", cypher[start:i]
            if c in "'\"`":
                j = i + 1
                while j < n:
                    escaped = cypher.startswith("``", j) if c == "`" else cypher[j] == "\\"
                    if escaped:
                        j += 2
                    elif cypher[j] == c:
                        break
                    else:
                        j += 1
                if j >= n and strict:
                    what = "backtick name" if c == "`" else "string"
                    raise QueryError(f"refused: an unterminated {what} (a {c} with no closing {c})")
                kind, end = ("name" if c == "`" else "string"), min(j + 1, n)
            elif cypher.startswith("//", i):
                j = cypher.find("\n", i)
                kind, end = "comment", (n if j < 0 else j)
            else:
                j = cypher.find("*/", i + 2)
                if j < 0 and strict:
                    raise QueryError("refused: an unterminated /* comment")
                kind, end = "comment", (n if j < 0 else j + 2)
            yield kind, cypher[i:end]
            i = start = end
        else:
            i += 1
    if start < n:
        yield "code", cypher[start:]


def strip_comments(cypher: str, strict: bool = True) -> str:
    """``cypher`` with every comment replaced by one space (Cypher reads a comment as a space)."""
    return "".join(" " if kind == "comment" else text for kind, text in _segments(cypher, strict))


def strip_literals_and_comments(cypher: str) -> str:
    """``cypher`` with comments removed and string literals and backtick names blanked."""
    return _blank(strip_comments(cypher, strict=False), strict=False)


def _blank(text: str, strict: bool) -> str:
    """``text`` (already without comments) with each literal replaced by as many spaces, so
    offsets in the result are offsets in ``text``."""
    return "".join(t if kind == "code" else " " * len(t) for kind, t in _segments(text, strict))


def procedure_name(text: str, pos: int) -> tuple[str, int] | None:
    """The procedure name that starts at ``pos`` in ``text`` (no comments), normalised: parts
    unquoted, spaces around dots dropped (compare it lower-cased). None when no name starts there."""
    parts: list[str] = []
    i, n = pos, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] == "`":
            j = i + 1
            while j < n and not (text[j] == "`" and not text.startswith("``", j)):
                j += 2 if text.startswith("``", j) else 1
            parts.extend(p.strip() for p in text[i + 1 : j].replace("``", "`").split("."))
            i = j + 1
        else:
            m = _IDENT.match(text, i)
            if not m:
                return None
            parts.append(m.group())
            i = m.end()
        k = i
        while k < n and text[k].isspace():
            k += 1
        if k < n and text[k] == ".":
            i = k + 1
            continue
        return ".".join(parts), i


def write_reason(cypher: str) -> str | None:
    """Why ``cypher`` is refused (``"CREATE"``, ``"CALL db.idx.fulltext.drop"``, ...), or None."""
    try:
        checked_query(cypher)
    except QueryError as e:
        return str(e).removeprefix("refused: ")
    return None


def checked_query(cypher: str) -> str:
    """The text to send for ``cypher``: comments stripped, a final ``;`` dropped, checked.

    Raises :class:`QueryError` (``refused: …``) when the query writes, holds more than one
    statement, calls a procedure not on :data:`READ_PROCEDURES`, or has a non-ASCII character
    outside a string or backtick name (a look-alike such as a Greek Ε in CREATE)."""
    text = strip_comments(cypher).strip()
    code = _blank(text, strict=True)
    if code.rstrip().endswith(";"):
        cut = code.rstrip().rfind(";")
        text, code = text[:cut].rstrip(), code[:cut].rstrip()
    if ";" in code:
        raise QueryError("refused: more than one statement (a ';' outside a string); send one query")
    odd = next((ch for ch in code if not ch.isascii()), None)
    if odd is not None:
        raise QueryError(
            f"refused: the character {odd!r} (U+{ord(odd):04X}) outside a string or backtick name; "
            "Cypher keywords are ASCII"
        )
    m = _WRITE_CLAUSES.search(code)
    if m:
        clause = re.sub(r"\s+", " ", m.group(1).upper())
        raise QueryError(
            f"refused: the query writes ({clause}). `skg cypher` and named queries are read-only; "
            "change the graph with `skg ingest`."
        )
    for call in _CALL.finditer(code):
        rest = text[call.end():].lstrip()  # not `code`: a backtick name is blanked there
        if rest.startswith(("{", "(")):  # a subquery: its clauses were checked above
            continue
        found = procedure_name(text, call.end())
        name = found[0] if found else None
        if name is None or name.lower() not in READ_PROCEDURES:
            shown = f"CALL {name} is not" if name else "CALL must be followed by a procedure name,"
            raise QueryError(
                f"refused: {shown} one of the procedures allowed here (queries are read-only): "
                f"{', '.join(READ_PROCEDURE_NAMES)}"
            )
    return text


def is_read_only(cypher: str) -> bool:
    """True when the door lets ``cypher`` through."""
    return write_reason(cypher) is None


def check_read_only(cypher: str) -> None:
    """Raise :class:`QueryError` when the door refuses ``cypher``."""
    checked_query(cypher)
