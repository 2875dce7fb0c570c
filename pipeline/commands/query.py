"""``skg query``, ``skg cypher`` and ``skg report``: the analyst's read-only view of the graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from pipeline.app import OutputFormat, app, console, print_rows, user_errors

StoreOption = typer.Option(None, "--store", help="'embedded' (default) or a neo4j:// / bolt:// URI [env SKG_STORE].")
DataDirOption = typer.Option(
    None, "--data-dir", help="Data directory of the embedded store [env SKG_DATA_DIR, default ./data]."
)
ParamOption = typer.Option(None, "--param", "-p", help="A query parameter as NAME=VALUE; repeat for more.")
FormatOpt = typer.Option(OutputFormat.table, "--format", "-f", help="Output as a table, JSON or CSV.")
TimeoutOpt = typer.Option(10.0, "--timeout", min=0.001, help="Stop the query after this many seconds.")
MaxRowsOpt = typer.Option(10_000, "--max-rows", min=1, help="Show at most this many rows (said when more matched).")


def _say_truncated(max_rows: int) -> None:
    from pipeline.app import err_console

    err_console.print(f"Warning: more than {max_rows:,} rows matched; showing the first {max_rows:,} "
                      "(raise --max-rows to see more).", highlight=False, soft_wrap=True, markup=False)


def _store(store: str | None, data_dir: Path | None) -> tuple[Any, str]:
    """The (unopened) store the settings name, and its name for the report."""
    from graph.stores import open_store
    from pipeline.settings import get_settings

    settings = get_settings(store=store, data_dir=data_dir)
    return open_store(settings.store, settings.data_dir), settings.store


@app.command("query")
def query_command(
    name: str | None = typer.Argument(None, help="A named query; omit it to list them all."),
    param: list[str] | None = ParamOption,
    fmt: OutputFormat = FormatOpt,
    store: str | None = StoreOption,
    data_dir: Path | None = DataDirOption,
    timeout: float = TimeoutOpt,
    max_rows: int = MaxRowsOpt,
) -> None:
    """Run a named analyst query, or list them (name, title, parameters).

    Example: `skg query harms-without-offence --param region=Dudley --format csv`
    """
    from queries.catalog import get_query, list_queries, parse_param_options

    with user_errors():
        if name is None:
            rows = [
                {"name": q.name, "title": q.title, "params": ", ".join(p.describe() for p in q.params)}
                for q in list_queries()
            ]
            print_rows(rows, fmt, title="Named queries (skg query NAME --param k=v)")
            return
        from queries.catalog import bind_params
        from queries.run import pivot_rows, read_query

        q = get_query(name)
        given = parse_param_options(param or [])
        bind_params(q, given)  # a missing or unknown parameter fails before the store starts
        graph_store, _ = _store(store, data_dir)
        with graph_store:
            result = read_query(graph_store, q, given, timeout=timeout, max_rows=max_rows)
        rows = result.records()
        if result.truncated:
            _say_truncated(max_rows)
        if fmt is OutputFormat.table and q.pivot and rows:
            rows = pivot_rows(rows, q.pivot.rows, q.pivot.columns, q.pivot.value)
            print_rows(rows, fmt, title=f"{q.title} ({q.pivot.value} per {q.pivot.columns})")
            return
        print_rows(rows, fmt, title=q.title)


def _json_or_text(value: str) -> Any:
    """``2020`` -> 2020, ``true`` -> True, ``["a"]`` -> list; anything else stays text."""
    try:
        return json.loads(value)
    except ValueError:
        return value


@app.command("cypher")
def cypher_command(
    cypher: str = typer.Argument(..., help="A read-only Cypher query."),
    param: list[str] | None = ParamOption,
    fmt: OutputFormat = FormatOpt,
    store: str | None = StoreOption,
    data_dir: Path | None = DataDirOption,
    timeout: float = TimeoutOpt,
    max_rows: int = MaxRowsOpt,
) -> None:
    """Run ad-hoc, read-only Cypher. Writes (CREATE, MERGE, SET, DELETE, REMOVE, DROP, LOAD CSV),
    several statements and any procedure but the read ones (db.labels, db.relationshipTypes,
    db.propertyKeys, db.indexes, db.idx.fulltext.queryNodes, ...) are refused and change nothing.
    Comments are stripped before the query is checked and sent; it runs read-only, for at most
    --timeout seconds, and shows at most --max-rows rows.

    Example: `skg cypher "MATCH (h:Harm)-[l:MAY_CONSTITUTE]->(p) RETURN h.name, p.id, l.evidence LIMIT 5"`
    """
    from queries.catalog import parse_param_options
    from queries.guard import check_read_only
    from queries.run import read_cypher

    with user_errors():
        check_read_only(cypher)  # refused before the store is even opened
        params = {k: _json_or_text(v) for k, v in parse_param_options(param or []).items()}
        graph_store, _ = _store(store, data_dir)
        with graph_store:
            result = read_cypher(graph_store, cypher, params, timeout=timeout, max_rows=max_rows)
        if result.truncated:
            _say_truncated(max_rows)
        print_rows(result.records(), fmt, columns=result.columns)


@app.command("report")
def report_command(
    out: Path = typer.Option(Path("data/report.html"), "--out", "-o", help="Where to write the HTML page."),
    store: str | None = StoreOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Write the analyst report: one self-contained HTML page with the harm x region heatmap,
    per-region gaps with evidence, laws cited, contacts, duplicates and stale documents.

    Example: `skg report --out data/report.html`
    """
    from queries.report import write_report

    with user_errors():
        graph_store, store_name = _store(store, data_dir)
        with graph_store:
            path = write_report(graph_store, out, store_name)
        console.print(f"Report written to {path.resolve()}", highlight=False, soft_wrap=True)
