"""Load throughput through the GraphStore interface, and named-query latency, per store.

A synthetic graph (``graph/testing.py``) is built in networkx and written through
``replace_documents`` (per-document atomic batches, indexes first). The embedded FalkorDB store
is always measured, as the reference; ``--store neo4j://…`` (or bolt://) measures Neo4j in the
same run on the same graph and adds the named-query latencies on data/raw on both stores.

Run: .venv/bin/python bench/load.py                       # embedded, 2,000 documents
     eval "$(python -m graph.stores.neo4j_server env)"     # after `make neo4j`
     .venv/bin/python bench/load.py --store "$NEO4J_URI"   # both stores, 500 documents
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import networkx as nx  # noqa: E402
from _results import write_section  # noqa: E402

from graph.stores.base import GraphStore  # noqa: E402
from graph.stores.embedded import BATCH_ROWS, EmbeddedStore  # noqa: E402
from graph.testing import synthetic_graph  # noqa: E402

TARGET = {"embedded": 30_000, "neo4j": 20_000}


@contextmanager
def embedded() -> Iterator[GraphStore]:
    with tempfile.TemporaryDirectory(prefix="skg-bench-") as tmp, EmbeddedStore(Path(tmp)) as store:
        store.ensure_schema()
        yield store


def neo4j_factory(uri: str) -> Callable[[], contextmanager]:  # type: ignore[type-arg]
    @contextmanager
    def neo4j() -> Iterator[GraphStore]:
        from graph.stores.neo4j import Neo4jStore

        with Neo4jStore(uri) as store:
            # an empty database (the bench is for a throw-away server): delete in batches
            while store.run("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS c",
                            write=True)[0]["c"]:
                pass
            store.ensure_schema()
            yield store

    return neo4j


def server_pid(store: GraphStore) -> int | None:
    """The server process's pid: the embedded store's redis-server, or the local Neo4j JVM
    (``make neo4j``'s pid file under SKG_NEO4J_DIR or data/neo4j), when known."""
    info = getattr(store, "info", None)
    if info is not None:
        return int(info.pid)
    pid_file = Path(os.environ.get("SKG_NEO4J_DIR") or "data/neo4j") / "neo4j.pid"
    try:
        return int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def cpu_seconds(pid: int | None) -> float:
    """CPU seconds used so far by this process plus the server ``pid`` (user + system)."""
    own = time.process_time()
    if pid is None:
        return own
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return own + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return own


CPU: dict[str, float] = {}


def load(factory: Callable[[], contextmanager], g: nx.MultiDiGraph,  # type: ignore[type-arg]
         twice: bool = False) -> tuple[float, float, dict[str, int]]:
    """Seconds for a first load and (optionally) a full replace, and the counts; the CPU
    seconds (client + server) of the first load go to ``CPU["last"]``."""
    with factory() as store:
        pid = server_pid(store)
        c0 = cpu_seconds(pid)
        t0 = time.perf_counter()
        store.replace_graph(g)
        first = time.perf_counter() - t0
        CPU["last"] = cpu_seconds(pid) - c0
        counts = store.counts()
        again = 0.0
        if twice:
            t0 = time.perf_counter()
            store.replace_graph(g)  # the re-ingest case: every document replaced in place
            again = time.perf_counter() - t0
            assert store.counts() == counts, "a second load changed the counts"
    return first, again, counts


def measure(name: str, factory: Callable[[], contextmanager], g: nx.MultiDiGraph) -> dict[str, float]:  # type: ignore[type-arg]
    n, e = g.number_of_nodes(), g.number_of_edges()
    nodes_only = nx.MultiDiGraph()
    nodes_only.add_nodes_from(g.nodes(data=True))
    # One untimed load first, the same for every store: a fresh JVM compiles and plans on its
    # first writes (seconds on Neo4j), which is start-up, not load throughput.
    load(factory, g)
    t_nodes, _, _ = load(factory, nodes_only)
    cpu_nodes = CPU["last"]
    t_load, t_again, counts = load(factory, g, twice=True)
    cpu_load = CPU["last"]
    assert counts["nodes"] == n and counts["relationships"] == e, (name, counts, n, e)
    return {"nodes_s": t_nodes, "load_s": t_load, "again_s": t_again, "node_rate": n / t_nodes,
            "rel_rate": e / max(t_load - t_nodes, 1e-9), "all_rate": (n + e) / t_load,
            "again_rate": (n + e) / t_again, "cpu_node_rate": n / max(cpu_nodes, 1e-9),
            "cpu_rel_rate": e / max(cpu_load - cpu_nodes, 1e-9), "cpu_load_s": cpu_load}


def load_table(results: dict[str, dict[str, float]]) -> str:
    names = list(results)
    rows = [
        ("store: the nodes alone, seconds", [f"{r['nodes_s']:.2f}" for r in results.values()]),
        ("store: first load, nodes + relationships, seconds", [f"{r['load_s']:.2f}" for r in results.values()]),
        ("store: replace every document again, seconds", [f"{r['again_s']:.2f}" for r in results.values()]),
        ("**nodes/s** (nodes alone)", [f"{r['node_rate']:,.0f}" for r in results.values()]),
        ("**relationships/s** (marginal, first load)", [f"{r['rel_rate']:,.0f}" for r in results.values()]),
        ("nodes + relationships /s, first load", [f"{r['all_rate']:,.0f}" for r in results.values()]),
        ("nodes + relationships /s, replace", [f"{r['again_rate']:,.0f}" for r in results.values()]),
        ("CPU seconds (client + server), first load", [f"{r['cpu_load_s']:.1f}" for r in results.values()]),
        ("nodes per CPU second (nodes alone)", [f"{r['cpu_node_rate']:,.0f}" for r in results.values()]),
        ("relationships per CPU second (marginal)", [f"{r['cpu_rel_rate']:,.0f}" for r in results.values()]),
    ]
    head = "| step | " + " | ".join(names) + " |\n|---|" + "---|" * len(names) + "\n"
    return head + "\n".join(f"| {label} | " + " | ".join(vals) + " |" for label, vals in rows)


def query_latencies(neo4j_uri: str, repeats: int = 5) -> str:
    """Median milliseconds of every named query on data/raw, on both stores."""
    from graph.stores.neo4j import Neo4jStore
    from queries.browser.guide import SAMPLE_PARAMS
    from queries.catalog import list_queries
    from queries.run import run_query

    graph = raw_graph()
    out = ["| named query | rows | embedded ms | Neo4j ms | Neo4j / embedded |", "|---|---|---|---|---|"]
    with embedded() as e, Neo4jStore(neo4j_uri) as n:
        n.run("MATCH (x) DETACH DELETE x", write=True)
        n.ensure_schema()
        e.replace_graph(graph)
        n.replace_graph(graph)
        for q in list_queries():
            given = {p.name: str(SAMPLE_PARAMS[p.name]) for p in q.params if p.required}
            times: dict[str, float] = {}
            rows = 0
            for label, store in (("e", e), ("n", n)):
                run_query(store, q, given)  # warm: plan caches on both
                samples = []
                for _ in range(repeats):
                    t0 = time.perf_counter()
                    rows = len(run_query(store, q, given))
                    samples.append(time.perf_counter() - t0)
                times[label] = statistics.median(samples) * 1000
            out.append(f"| {q.name} | {rows} | {times['e']:.1f} | {times['n']:.1f} | {times['n'] / times['e']:.2f} |")
    return "\n".join(out)


def driver_note() -> str:
    """The Python driver's version and whether its Rust PackStream extension is loaded."""
    import importlib.util
    from importlib.metadata import version

    rust = importlib.util.find_spec("neo4j._rust") is not None
    return f"driver neo4j {version('neo4j')}, " + (
        f"with neo4j-rust-ext {version('neo4j-rust-ext')}" if rust else "without neo4j-rust-ext")


def raw_graph() -> nx.MultiDiGraph:
    from extractors.dedupe.groups import dedupe
    from extractors.reading.extract import extract
    from extractors.reading.sources import discover
    from extractors.tagging.tagger import tag
    from extractors.taxonomy.load import load_taxonomy
    from graph.build import build_graph

    sources, _ = discover(Path(__file__).resolve().parents[1] / "data" / "raw")
    documents = [extract(s) for s in sources]
    groups = dedupe(documents)
    taxonomy = load_taxonomy()
    canonical = set(groups.canonical_ids())
    tagged = [tag(d, taxonomy=taxonomy) for d in documents if d.id in canonical]
    return build_graph(documents, groups, tagged, taxonomy, ingested_at="2026-11-21T00:00:00Z")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--store", help="a neo4j:// or bolt:// URI: measure Neo4j beside the embedded store")
    p.add_argument("--docs", type=int, help="documents in the synthetic graph (2,000; 500 with --store)")
    a = p.parse_args()
    docs = a.docs or (500 if a.store else 2_000)
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    g = synthetic_graph(n_docs=docs)
    t_build = time.perf_counter() - t0
    n, e = g.number_of_nodes(), g.number_of_edges()
    results = {"embedded (FalkorDB)": measure("embedded", embedded, g)}
    if a.store:
        results["Neo4j 5.26"] = measure("neo4j", neo4j_factory(a.store), g)
    met = []
    for name, r in results.items():
        target = TARGET["neo4j" if "Neo4j" in name else "embedded"]
        ok = r["node_rate"] >= target and r["rel_rate"] >= target
        met.append(f"{name}: target >= {target:,} nodes/s and relationships/s **{'met' if ok else 'NOT met'}**")
    body = (
        f"Synthetic graph (`graph/testing.py`): {n:,} nodes, {e:,} relationships, {docs:,} documents "
        f"of 48 sections (networkx build {t_build:.1f} s). Written through "
        "`GraphStore.replace_documents` (base.py): batches of whole documents up to "
        f"{BATCH_ROWS:,} rows, each one atomic write (one chained query on FalkorDB, one "
        "transaction of batched `UNWIND` statements on Neo4j); indexes and constraints first; the "
        "embedded store's RDB snapshot is included. Each store first takes one untimed load of the "
        "same graph (a fresh JVM compiles and plans on its first writes: without it Neo4j's "
        "nodes-alone figure was 4,466/s instead of 14,277/s on the same quiet machine).\n\n"
        f"{load_table(results)}\n\n"
        "A document's nodes and relationships go in the same write, so nodes/s comes from loading "
        "the nodes alone and relationships/s from the extra time the relationships add to a full "
        "first load. CPU seconds add the client's and the server process's (from /proc), so "
        "the per-CPU-second rates hardly depend on what else the machine runs; the wall-clock "
        "rates do. " + "; ".join(met) + " (wall clock)."
    )
    if a.store:
        body += (
            f"\n\nNeo4j runs in one JVM (heap 1 GiB, page cache 256 MiB; {driver_note()}) started by `make neo4j` on "
            "the same 2 cores as the client, and on this shared machine other sessions' jobs ran "
            f"at the same time (1-minute load average {load_before:.1f} at the start, "
            f"{os.getloadavg()[0]:.1f} at the end, on 2 cores), so the wall-clock figures are a "
            "floor; the per-CPU-second rates and the ratio to the embedded store in the same run "
            "are the comparable numbers."
            "\n\nNamed queries on data/raw (median of 5 after one warm-up run; required "
            f"parameters as in the guide):\n\n{query_latencies(a.store)}"
        )
    write_section("load-neo4j" if a.store else "load", body)  # `make bench` keeps its own section
    print(body)


if __name__ == "__main__":
    main()
