"""``skg query``, ``skg cypher`` and ``skg report``: the analyst's read-only view of the graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.syntax import Syntax
from rich.text import Text

from pipeline.app import (
    FormatOption,
    FullOption,
    IdsOption,
    OutputFormat,
    app,
    console,
    err_console,
    fail,
    print_rows,
    user_errors,
)

StoreOption = typer.Option(None, "--store", help="'embedded' (default) or a neo4j:// / bolt:// URI [env SKG_STORE].")
DataDirOption = typer.Option(
    None, "--data-dir", help="Data directory of the embedded store [env SKG_DATA_DIR, default ./data]."
)
ParamOption = typer.Option(None, "--param", "-p", metavar="NAME=VALUE",
                           help="A query parameter as NAME=VALUE; repeat for more.")
TimeoutOpt = typer.Option(10.0, "--timeout", min=0.001, help="Stop the query after this many seconds.")
MaxRowsOpt = typer.Option(10_000, "--max-rows", min=1, help="Show at most this many rows (said when more matched).")


def _say_truncated(max_rows: int) -> None:
    from pipeline.app import err_console

    err_console.print(f"Warning: more than {max_rows:,} rows matched; showing the first {max_rows:,} "
                      "(raise --max-rows to see more).", highlight=False, soft_wrap=True, markup=False)


def read_store(store: str | None, data_dir: Path | None) -> tuple[Any, str]:
    """The (unopened) store to read, and its name; refuses a data directory with no graph.

    A read never creates a store: a mistyped --data-dir would otherwise answer "(no rows)"."""
    from graph.stores import open_store
    from graph.stores.server import RDB_NAME
    from pipeline.settings import get_settings

    settings = get_settings(store=store, data_dir=data_dir)
    if settings.store in ("", "embedded", "falkordb"):
        graph_dir = settings.graph_dir
        if not ((graph_dir / RDB_NAME).exists() or (graph_dir / "server.json").exists()):
            fail(f"no graph in {settings.data_dir} (run `skg ingest` first, or pass --data-dir)")
    return open_store(settings.store, settings.data_dir), settings.store


@app.command("query")
def query_command(
    name: str | None = typer.Argument(None, help="A named query; omit it to list them all."),
    param: list[str] | None = ParamOption,
    describe: bool = typer.Option(False, "--describe", help="Explain the query (parameters, example, "
                                  "Cypher) instead of running it."),
    fmt: OutputFormat | None = FormatOption(),
    full: bool = FullOption(),
    ids: bool = IdsOption(),
    store: str | None = StoreOption,
    data_dir: Path | None = DataDirOption,
    timeout: float = TimeoutOpt,
    max_rows: int = MaxRowsOpt,
) -> None:
    """Run a named analyst query, or list them (name, title, parameters).

    harm, region and category values may be any name or alias ("CSE", "self harm", "the Wirral");
    `skg values harm` lists them.

    Example: `skg query harms-without-offence --param region=Dudley --format csv`
    """
    from queries.catalog import bind_params, get_query, list_queries, parse_param_options

    with user_errors():
        if name is None:
            rows = [{"name": q.name, "title": q.title, "params": ", ".join(p.describe() for p in q.params)}
                    for q in list_queries()]
            print_rows(rows, fmt, title="Named queries (skg query NAME --param k=v)", full=True)
            return
        q = get_query(name)
        if describe:
            _describe(q)
            return
        from queries.run import pivot_rows, read_query
        from queries.values import explain_empty, graph_regions, resolve_params

        given = parse_param_options(param or [])
        bound = bind_params(q, given)  # a missing or unknown parameter fails before the store starts
        graph_store, _ = read_store(store, data_dir)
        with graph_store:
            params, resolved = resolve_params(bound, graph_regions=graph_regions(graph_store))
            result = read_query(graph_store, q, {k: v for k, v in params.items() if v is not None},
                                timeout=timeout, max_rows=max_rows)
            rows = result.records()
            if result.truncated:
                _say_truncated(max_rows)
            note = explain_empty(graph_store, resolved) if not rows else None
        table_view = fmt in (None, OutputFormat.table, OutputFormat.markdown)
        if table_view and q.pivot and rows:
            rows = pivot_rows(rows, q.pivot.rows, q.pivot.columns, q.pivot.value)
            print_rows(rows, fmt, title=f"{q.title} ({q.pivot.value} per {q.pivot.columns})",
                       full=full, ids=ids)
            return
        print_rows(rows, fmt, title=q.title, full=full, ids=ids, empty_note=note)


def _describe(q: Any) -> None:
    from queries.values import CATEGORIES, VALUE_KINDS

    console.print(Text(f"{q.name}: {q.title}", style="bold"))
    console.print(Text(q.description), soft_wrap=False)
    console.print(Text("\nParameters", style="bold"))
    if not q.params:
        console.print(Text("  none"))
    for p in q.params:
        line = f"  {p.describe()} ({p.type}): {p.help}" if p.help else f"  {p.describe()} ({p.type})"
        console.print(Text(line))
        if p.name == "category":
            console.print(Text("    allowed: " + "; ".join(CATEGORIES)))
        elif p.name in VALUE_KINDS:
            console.print(Text(f"    allowed: any {p.name} name, alias or id; `skg values {p.name}` lists them"))
    console.print(Text("\nExample", style="bold"))
    for ex in q.examples or (f"skg query {q.name}",):
        console.print(Text(f"  {ex}"))
    console.print(Text("\nCypher", style="bold"))
    body = "\n".join(line for line in q.cypher.splitlines() if not line.lstrip().startswith("//"))
    # Cypher is printed unwrapped, so it can be copied as it is
    console.print(Syntax(body.strip(), "cypher", theme="ansi_dark", background_color="default",
                         word_wrap=False) if console.is_terminal else Text(body.strip()), soft_wrap=True)


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
    fmt: OutputFormat | None = FormatOption(),
    full: bool = FullOption(),
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
        graph_store, _ = read_store(store, data_dir)
        with graph_store:
            result = read_cypher(graph_store, cypher, params, timeout=timeout, max_rows=max_rows)
        if result.truncated:
            _say_truncated(max_rows)
        print_rows(result.records(), fmt, columns=result.columns, full=full, ids=True)


@app.command("report")
def report_command(
    out: Path = typer.Option(Path("data/report.html"), "--out", "-o", help="Where to write the HTML page."),
    store: str | None = StoreOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Write the analyst report: one self-contained HTML page that prints on A4: the harm x
    region heatmap, one gap table per document (or partnership) naming its regions, laws cited,
    contacts, duplicates and stale documents.

    Example: `skg report --out data/report.html`
    """
    from queries.report import write_report

    with user_errors():
        graph_store, store_name = read_store(store, data_dir)
        with graph_store:
            path, documents = write_report(graph_store, out, store_name)
        if documents == 0:
            err_console.print(Text("Warning: the store holds no documents; the report is empty.",
                                   style="yellow"), highlight=False)
        console.print(Text(f"Report written to {path.resolve()}"), soft_wrap=True)
