"""The named-query catalog: every ``queries/*.cypher`` file, its header parsed into a :class:`Query`.

A query file's stem is its name and its leading ``//`` comment block is its catalog entry
(datasette's stored queries)::

    // title: Harms a region mentions but links to no offence
    // description: Per region, harms its guidance mentions ...
    // param: region (string, optional): a region id or name; all regions when omitted
    // param: before (int, default 2023): documents published before this year are stale
    // param: harm (string, required): a harm id or name
    // pivot: rows=harm columns=region value=documents
    // example: skg query harms-without-offence --param region=Dudley

Every declared parameter is passed to the store (``None`` when optional and not given), so a
query can test ``$region IS NULL`` on both stores.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from extractors.errors import QueryError
from queries.guard import strip_literals_and_comments

QUERY_DIR = Path(__file__).parent / "named"
ParamType = Literal["string", "int", "float", "bool"]

_PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<type>string|int|float|bool)\s*,\s*"
    r"(?P<spec>required|optional|default\s+(?P<default>[^)]*))\)\s*(?::\s*(?P<help>.*))?$"
)
_USED_RE = re.compile(r"\$([A-Za-z_]\w*)")


@dataclass(frozen=True)
class Param:
    """A declared query parameter."""

    name: str
    type: ParamType = "string"
    required: bool = False
    default: Any = None
    help: str = ""

    def describe(self) -> str:
        """``region`` / ``harm (required)`` / ``before=2023``: how ``skg query`` lists it."""
        if self.required:
            return f"{self.name} (required)"
        return self.name if self.default is None else f"{self.name}={self.default}"


@dataclass(frozen=True)
class Pivot:
    """How a table view turns long rows into a matrix (the JSON/CSV output stays long)."""

    rows: str
    columns: str
    value: str


@dataclass(frozen=True)
class Query:
    """One named query: its Cypher text and its catalog entry."""

    name: str
    title: str
    description: str
    cypher: str
    params: tuple[Param, ...] = ()
    pivot: Pivot | None = None
    examples: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def used_params(cypher: str) -> set[str]:
    """The ``$names`` a Cypher text uses, outside strings and comments."""
    return set(_USED_RE.findall(strip_literals_and_comments(cypher)))


def _coerce(value: str, type_: ParamType, what: str) -> Any:
    try:
        if type_ == "int":
            return int(value)
        if type_ == "float":
            return float(value)
        if type_ == "bool":
            low = value.strip().lower()
            if low in ("true", "yes", "1"):
                return True
            if low in ("false", "no", "0"):
                return False
            raise ValueError(value)
    except ValueError as e:
        raise QueryError(f"{what}: {value!r} is not a valid {type_}") from e
    return value


def _parse_param(text: str, where: str) -> Param:
    m = _PARAM_RE.match(text.strip())
    if not m:
        raise QueryError(
            f"{where}: cannot parse param line {text!r}; write "
            "'// param: NAME (string|int|float|bool, required|optional|default VALUE): help'"
        )
    type_: ParamType = m["type"]  # type: ignore[assignment]
    default = m["default"]
    if default is not None:
        default = default.strip().strip("\"'")
        default = None if default.lower() == "null" else _coerce(default, type_, where)
    return Param(name=m["name"], type=type_, required=m["spec"] == "required", default=default,
                 help=(m["help"] or "").strip())


def parse_query(name: str, text: str, path: Path | None = None) -> Query:
    """Parse one query file's header; raises :class:`QueryError` on a malformed header."""
    where = str(path or name)
    fields: dict[str, str] = {}
    params: list[Param] = []
    examples: list[str] = []
    pivot: Pivot | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break  # the header is the leading comment block
        body = stripped[2:].strip()
        key, sep, value = body.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not sep:
            continue
        if key == "param":
            params.append(_parse_param(value, where))
        elif key == "example":
            examples.append(value)
        elif key == "pivot":
            parts = dict(p.split("=", 1) for p in value.split() if "=" in p)
            try:
                pivot = Pivot(rows=parts["rows"], columns=parts["columns"], value=parts["value"])
            except KeyError as e:
                raise QueryError(f"{where}: pivot needs rows=, columns= and value=") from e
        elif key in ("title", "description"):
            fields[key] = value
    for required in ("title", "description"):
        if not fields.get(required):
            raise QueryError(f"{where}: the header lacks '// {required}: …'")
    return Query(name=name, title=fields["title"], description=fields["description"], cypher=text,
                 params=tuple(params), pivot=pivot, examples=tuple(examples), path=path)


@lru_cache(maxsize=4)
def _load(directory: Path) -> dict[str, Query]:
    return {
        p.stem: parse_query(p.stem, p.read_text(encoding="utf-8"), p)
        for p in sorted(directory.glob("*.cypher"))
    }


def list_queries(directory: Path = QUERY_DIR) -> list[Query]:
    """Every named query, sorted by name."""
    return list(_load(directory).values())


def get_query(name: str, directory: Path = QUERY_DIR) -> Query:
    """The named query; an unknown name raises :class:`QueryError` suggesting the closest ones."""
    queries = _load(directory)
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.4)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise QueryError(f"unknown query {name!r}.{hint} Run `skg query` to list them.")


def bind_params(query: Query, given: dict[str, Any]) -> dict[str, Any]:
    """Check and coerce ``given`` (strings from ``--param k=v``) against the declared params.

    Every declared param gets a value (its default, possibly None). A missing required param or
    an undeclared one raises :class:`QueryError` naming it.

    >>> bind_params(get_query("stale-documents"), {"before": "2020"})
    {'before': 2020}
    """
    unknown = sorted(set(given) - {p.name for p in query.params})
    if unknown:
        declared = ", ".join(p.name for p in query.params) or "none"
        raise QueryError(
            f"query {query.name!r} has no parameter {', '.join(map(repr, unknown))} "
            f"(its parameters: {declared})"
        )
    bound: dict[str, Any] = {}
    for p in query.params:
        value = given.get(p.name)
        if isinstance(value, str) and value != "":
            bound[p.name] = _coerce(value, p.type, f"parameter {p.name!r}")
        elif value is not None and not isinstance(value, str):
            bound[p.name] = value  # already typed (a resolved or programmatic value)
        elif p.required:
            raise QueryError(
                f"query {query.name!r} needs parameter {p.name!r} ({p.help or p.type}); "
                f"pass it as --param {p.name}=VALUE"
            )
        else:
            bound[p.name] = p.default
    return bound


def parse_param_options(options: list[str]) -> dict[str, str]:
    """``["region=Dudley", "before=2020"]`` -> ``{"region": "Dudley", "before": "2020"}``."""
    out: dict[str, str] = {}
    for opt in options:
        key, sep, value = opt.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {opt!r}: write it as NAME=VALUE, e.g. --param region=Dudley")
        out[key.strip()] = value.strip()
    return out
