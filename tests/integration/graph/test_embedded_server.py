"""The embedded FalkorDB server's lifecycle: persistence, crash recovery, one server per dir."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from extractors.errors import GraphError
from graph.stores import embedded, server
from graph.stores.embedded import EmbeddedStore
from graph.testing import synthetic_graph

pytestmark = pytest.mark.slow


def redis_pids_for(graph_dir: Path) -> list[int]:
    """redis-server processes whose socket lives for ``graph_dir``."""
    sock = str(server.socket_path(graph_dir))
    out = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                cmd = (p / "cmdline").read_bytes()  # redis rewrites it: "redis-server unixsocket:PATH"
            except OSError:
                continue
            if b"redis-server" in cmd and sock.encode() in cmd and server.pid_is_server(int(p.name)):
                out.append(int(p.name))
    return out


def test_graph_persists_across_stop_and_start(tmp_path: Path) -> None:
    g = synthetic_graph(n_docs=5, sections=3)
    with EmbeddedStore(tmp_path) as s:
        s.ensure_schema()
        s.replace_graph(g)
        counts = s.counts()
        pid = s.info.pid
    assert not server.pid_is_server(pid)  # the store that started the server stopped it
    assert (tmp_path / "graph" / "graph.rdb").exists()
    assert oct((tmp_path / "graph").stat().st_mode & 0o777) == "0o700"
    with EmbeddedStore(tmp_path) as s:
        assert s.counts() == counts


def test_stale_pid_and_socket_of_a_dead_server_are_recovered(tmp_path: Path) -> None:
    graph_dir = tmp_path / "graph"
    server.prepare_dir(graph_dir)
    dead = subprocess.Popen(["true"])
    dead.wait()
    server.write_info(graph_dir, server.ServerInfo(dead.pid, str(server.socket_path(graph_dir)), False))
    server.socket_path(graph_dir).write_text("")  # a leftover socket file
    with EmbeddedStore(tmp_path) as s:
        assert s.started and s.info.pid != dead.pid
        assert s.run("RETURN 1 AS one") == [{"one": 1}]


def test_two_stores_on_one_directory_share_one_server(tmp_path: Path) -> None:
    stores = [EmbeddedStore(tmp_path) for _ in range(3)]
    barrier = threading.Barrier(len(stores))
    errors: list[BaseException] = []

    def open_it(s: EmbeddedStore) -> None:
        try:
            barrier.wait()
            s.open()
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=open_it, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert not errors
        assert len({s.info.pid for s in stores}) == 1
        assert sum(s.started for s in stores) == 1
        assert len(redis_pids_for(tmp_path / "graph")) == 1
        pid = stores[0].info.pid
        starter = next(s for s in stores if s.started)
        starter.close()  # others still use it: it keeps running
        assert server.pid_is_server(pid)
        rest = [s for s in stores if s is not starter]
        assert rest[0].run("RETURN 2 AS two") == [{"two": 2}]
        for s in rest:
            s.close()  # the last one out stops it
    finally:
        for s in stores:
            s.close()  # idempotent: a store already closed does nothing
    assert not server.pid_is_server(pid)


def test_a_persistent_server_is_joined_and_left_running(tmp_path: Path) -> None:
    daemon = EmbeddedStore(tmp_path, persistent=True).open()
    daemon.close()  # `skg db start` returns; the server keeps running
    info = server.running(tmp_path / "graph")
    assert info is not None and info.persistent
    try:
        with EmbeddedStore(tmp_path) as s:
            assert not s.started and s.info.pid == info.pid
        assert server.pid_is_server(info.pid)
    finally:
        server.stop(tmp_path / "graph", info)
    assert not server.pid_is_server(info.pid)


def _doc_versions(store: EmbeddedStore) -> dict[str, set[str]]:
    """Per document, every version seen on its node, sections, mentions and links."""
    seen: dict[str, set[str]] = {}
    for r in store.run("MATCH (d:Document) RETURN d.id AS d, d.version AS v"):
        seen.setdefault(r["d"], set()).add(r["v"])
    for r in store.run("MATCH (s:Section) RETURN s.document_id AS d, s.version AS v, count(*) AS n"):
        seen.setdefault(r["d"], set()).add(f'{r["v"]}')
    for r in store.run("MATCH (s:Section)-[m:MENTIONS]->() RETURN s.document_id AS d, m.version AS v"):
        seen.setdefault(r["d"], set()).add(r["v"])
    for r in store.run("MATCH ()-[l:MAY_CONSTITUTE|REPORTED_VIA]->() RETURN l.document_id AS d, l.version AS v"):
        seen.setdefault(r["d"], set()).add(r["v"])
    return seen


def _doc_sizes(store: EmbeddedStore) -> dict[str, tuple[int, int]]:
    rows = store.run("MATCH (d:Document)-[:HAS_SECTION]->(s:Section) OPTIONAL MATCH (s)-[m:MENTIONS]->() "
                     "RETURN d.id AS d, count(DISTINCT s) AS s, count(m) AS m")
    return {r["d"]: (r["s"], r["m"]) for r in rows}


def test_kill_9_mid_load_leaves_every_document_old_or_new(tmp_path: Path, monkeypatch: Any) -> None:
    n_docs, sections = 400, 10
    old, new = synthetic_graph(n_docs, sections, version=1), synthetic_graph(n_docs, sections, version=2)
    monkeypatch.setattr(embedded, "BATCH_ROWS", 150)  # many small write queries
    store = EmbeddedStore(tmp_path).open()
    store.ensure_schema()
    store.replace_graph(old)
    watcher = EmbeddedStore(tmp_path).open()  # a second client, as a reader would be
    failures: list[BaseException] = []

    def load() -> None:
        try:
            store.replace_graph(new)
        except GraphError as e:
            failures.append(e)

    loader = threading.Thread(target=load)
    loader.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait until the load is part-way through
        n = watcher.run("MATCH (d:Document {version: '2'}) RETURN count(d) AS n")[0]["n"]
        if n >= n_docs // 4:
            break
        time.sleep(0.005)
    watcher.snapshot()  # a snapshot taken while the load is running
    os.kill(store.info.pid, signal.SIGKILL)
    loader.join(30)
    assert failures, "the load should have been cut short by the kill"
    for s in (store, watcher):  # their server is gone; forget it without stopping anything
        s._users_fd and os.close(s._users_fd)
        s._users_fd = None
        s._db = s._graph = None

    with EmbeddedStore(tmp_path) as after:
        assert after.started  # the stale record was recognised and a new server started
        versions = _doc_versions(after)
        assert len(versions) == n_docs
        mixed = {d: v for d, v in versions.items() if len(v) != 1}
        assert not mixed
        sizes = _doc_sizes(after)
        assert set(sizes.values()) == {(sections, 2 * sections)}
        new_docs = sum(v == {"2"} for v in versions.values())
        assert 0 < new_docs < n_docs  # the snapshot really was taken mid-load
