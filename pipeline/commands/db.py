"""``skg db start|stop|status`` (the embedded store's server) and ``skg export``."""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline.app import app, console, fail, print_json, user_errors

db_app = typer.Typer(
    help="Run the embedded graph store as a long-lived server that several commands share.\n\n"
    "Example: `skg db start`, then `skg ingest` and `skg query` reuse it; `skg db stop` ends it.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")

DataDirOption = typer.Option(None, "--data-dir", help="Data directory (default $SKG_DATA_DIR or ./data).")


def _graph_dir(data_dir: Path | None) -> Path:
    from pipeline.settings import get_settings

    return get_settings(data_dir=data_dir).graph_dir


@db_app.command("start")
def db_start(data_dir: Path | None = DataDirOption) -> None:
    """Start the embedded server on DATA_DIR/graph and leave it running.

    Example: `skg db start --data-dir data`
    """
    from graph.stores import server
    from graph.stores.embedded import EmbeddedStore

    with user_errors():
        graph_dir = _graph_dir(data_dir)
        store = EmbeddedStore(graph_dir.parent, persistent=True).open()
        started = store.started
        store.ensure_schema()
        store.close()
        info = server.running(graph_dir)
        if info is None:
            fail(f"the server on {graph_dir} did not stay up; see {graph_dir / 'redis.log'}")
        verb = "started" if started else "already running"
        console.print(f"Embedded store {verb}: pid {info.pid}, socket {info.socket}", highlight=False)


@db_app.command("stop")
def db_stop(data_dir: Path | None = DataDirOption) -> None:
    """Snapshot the graph and stop the embedded server on DATA_DIR/graph.

    Example: `skg db stop`
    """
    from graph.stores import server

    with user_errors():
        graph_dir = _graph_dir(data_dir)
        with server.start_lock(graph_dir):
            info = server.running(graph_dir)
            if info is None:
                server.clean_stale(graph_dir)
                console.print(f"No embedded server is running on {graph_dir}.", highlight=False)
                return
            server.stop(graph_dir, info)
        console.print(f"Stopped the embedded server (pid {info.pid}); graph saved in {graph_dir}.",
                      highlight=False)


@db_app.command("status")
def db_status(
    data_dir: Path | None = DataDirOption,
    json_out: bool = typer.Option(False, "--json", help="Print the status as JSON."),
) -> None:
    """Show whether the embedded server runs (pid, socket) and what the graph holds.

    Example: `skg db status --json`
    """
    from graph.stores import server
    from graph.stores.embedded import EmbeddedStore

    with user_errors():
        graph_dir = _graph_dir(data_dir)
        info = server.running(graph_dir) if graph_dir.exists() else None
        status: dict[str, object] = {
            "running": info is not None,
            "pid": info.pid if info else None,
            "socket": info.socket if info else None,
            "persistent": info.persistent if info else None,
            "directory": str(graph_dir),
            "snapshot": str(graph_dir / "graph.rdb") if (graph_dir / "graph.rdb").exists() else None,
        }
        if info is not None:
            with EmbeddedStore(graph_dir.parent) as store:
                status["counts"] = store.counts()
        if json_out:
            print_json(status)
            return
        state = f"running, pid {info.pid}, socket {info.socket}" if info else "not running"
        console.print(f"Embedded store on {graph_dir}: {state}", highlight=False, soft_wrap=True)
        counts = status.get("counts")
        if isinstance(counts, dict):
            console.print(f"{counts['nodes']} nodes, {counts['relationships']} relationships", highlight=False)
            console.print(", ".join(f"{k} {v}" for k, v in counts.items() if k not in ("nodes", "relationships")),
                          highlight=False, soft_wrap=True)


@app.command("export")
def export(
    graphml: Path | None = typer.Option(None, "--graphml", help="Write GraphML (Gephi, yEd) to FILE."),
    json_file: Path | None = typer.Option(None, "--json", help="Write node-link JSON (networkx) to FILE."),
    store_uri: str | None = typer.Option(None, "--store", help="Store URI (default $SKG_STORE or embedded)."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Export the graph in the store for Gephi (GraphML) or notebooks (node-link JSON).

    Lists (a document's regions, a section's pages) become JSON strings in GraphML.

    Example: `skg export --graphml data/graph.graphml --json data/graph.json`
    """
    if graphml is None and json_file is None:
        fail("give --graphml FILE and/or --json FILE")
    from graph.export import export_graphml, export_json, read_graph
    from graph.stores import open_store
    from pipeline.settings import get_settings

    with user_errors():
        settings = get_settings(store=store_uri, data_dir=data_dir)
        with open_store(settings.store, settings.data_dir) as store:
            g = read_graph(store)
        for path, write in ((graphml, export_graphml), (json_file, export_json)):
            if path is not None:
                write(g, path)
                console.print(f"Wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} "
                              f"relationships to {path}", highlight=False)
