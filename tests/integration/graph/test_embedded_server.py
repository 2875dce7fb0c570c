"""The embedded FalkorDB server's lifecycle: persistence, crash recovery, one server per dir."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from extractors.errors import GraphError, StoreUnavailableError, StoreWriteError
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


# --- one server per directory, whatever is killed (D1) -----------------------------------------

def _versions(data_dir: Path) -> set[str]:
    with EmbeddedStore(data_dir) as s:
        return {r["v"] for r in s.run("MATCH (d:Document) RETURN DISTINCT d.version AS v")}


def _wait_no_server(graph_dir: Path, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while redis_pids_for(graph_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not redis_pids_for(graph_dir)


def test_a_server_whose_starter_was_killed_is_joined_and_never_saves_a_stale_graph(tmp_path: Path) -> None:
    """The review's D1: a command killed while its server starts left a server nothing recorded;
    the next command started a second one, and the orphan's save at SIGTERM reverted the store."""
    graph_dir = tmp_path / "graph"
    with EmbeddedStore(tmp_path) as s:
        s.ensure_schema()
        s.replace_graph(synthetic_graph(n_docs=20, sections=3, version=1))
    child = os.fork()
    if child == 0:  # a command that starts the server and is then killed
        try:
            EmbeddedStore(tmp_path).open()
            time.sleep(60)
        finally:
            os._exit(0)
    orphan = None
    deadline = time.monotonic() + 30
    while orphan is None and time.monotonic() < deadline:
        found = redis_pids_for(graph_dir)
        orphan = found[0] if found else None
    assert orphan is not None
    os.kill(orphan, signal.SIGSTOP)  # hold the new server in its start window...
    os.kill(child, signal.SIGKILL)  # ...while the command that started it dies
    os.waitpid(child, 0)
    os.kill(orphan, signal.SIGCONT)
    try:
        with EmbeddedStore(tmp_path) as s:
            joined = not s.started and s.info.pid == orphan
            servers = redis_pids_for(graph_dir)
            s.replace_graph(synthetic_graph(n_docs=20, sections=3, version=2))
        for pid in redis_pids_for(graph_dir):  # a reboot or container stop
            os.kill(pid, signal.SIGTERM)
        _wait_no_server(graph_dir)
        assert _versions(tmp_path) == {"2"}  # not reverted to 1 by an orphan's save
        assert joined and servers == [orphan]  # joined, not doubled
    finally:
        for pid in redis_pids_for(graph_dir):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("error", [KeyboardInterrupt(), OSError(28, "No space left on device")],
                         ids=["ctrl-c", "disk-full"])
def test_a_start_that_fails_or_is_interrupted_kills_its_server(
    tmp_path: Path, monkeypatch: Any, error: BaseException
) -> None:
    graph_dir = tmp_path / "graph"

    def fail(*args: Any) -> None:
        raise error

    monkeypatch.setattr(server, "write_info", fail)  # recording the new server fails
    with pytest.raises((KeyboardInterrupt, StoreUnavailableError)):
        EmbeddedStore(tmp_path).open()
    _wait_no_server(graph_dir, 5.0)
    monkeypatch.undo()
    with EmbeddedStore(tmp_path) as s:
        assert s.started and s.run("RETURN 1 AS one") == [{"one": 1}]


def test_a_stale_second_server_neither_saves_on_sigterm_nor_overwrites_a_newer_snapshot(tmp_path: Path) -> None:
    from graph.stores import snapshot

    graph_dir = tmp_path / "graph"
    with EmbeddedStore(tmp_path) as s:
        s.ensure_schema()
        s.replace_graph(synthetic_graph(n_docs=10, sections=2, version=1))
    # a second server on the directory, behind the lock's back (as an orphan could be before)
    sock = tmp_path / "stale.sock"
    stale = subprocess.Popen(server._server_args(graph_dir, sock), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while server.probe(str(sock)) != "ready" and time.monotonic() < deadline:
            time.sleep(0.05)
        with EmbeddedStore(tmp_path) as s:
            s.replace_graph(synthetic_graph(n_docs=10, sections=2, version=2))
        newer = (graph_dir / "graph.rdb").read_bytes()
        r = server.client(str(sock), 10.0)
        r.execute_command("GRAPH.QUERY", "skg", "MATCH (d:Document) SET d.touched = 1")
        with pytest.raises(StoreWriteError, match="refusing to save"):
            snapshot.save(r, graph_dir)
        r.close()
        stale.terminate()  # SIGTERM: a server started with save points would save here
        stale.wait(30)
        assert (graph_dir / "graph.rdb").read_bytes() == newer
        assert _versions(tmp_path) == {"2"}
    finally:
        stale.kill()


# --- the socket's fallback directory (D8) ------------------------------------------------------

@pytest.mark.parametrize("squat", ["mode-0777", "symlink", "other-owner"])
def test_a_squatted_socket_directory_is_never_used(tmp_path: Path, squat: str) -> None:
    data_dir = tmp_path / ("x" * 100)  # too long for a socket path: the socket moves to the temp dir
    graph_dir = data_dir / "graph"
    server.prepare_dir(graph_dir)
    digest = hashlib.sha1(str(graph_dir.resolve()).encode()).hexdigest()[:16]
    predictable = Path(tempfile.gettempdir()) / f"skg-{os.getuid()}-{digest}"
    if squat == "other-owner" and os.getuid() != 0:
        pytest.skip("making a directory owned by another user needs root")
    if squat == "symlink":
        target = tmp_path / "target"
        target.mkdir(mode=0o700)
        predictable.symlink_to(target)
    else:
        predictable.mkdir(mode=0o700)
        if squat == "mode-0777":
            os.chmod(predictable, 0o777)
        else:
            os.chown(predictable, 65534, 65534)
    sock = None
    try:
        sock = server.socket_path(graph_dir)
        assert sock.parent != predictable and predictable.resolve() not in sock.resolve().parents
        st = os.lstat(sock.parent)
        assert st.st_uid == os.getuid() and st.st_mode & 0o777 == 0o700 and not os.path.islink(sock.parent)
        assert server.socket_path(graph_dir) == sock  # the next command finds the same one
        with EmbeddedStore(data_dir) as s:
            assert s.info.socket == str(sock) and s.run("RETURN 1 AS one") == [{"one": 1}]
    finally:
        if predictable.is_symlink():
            predictable.unlink()
        else:
            predictable.rmdir()
        if sock is not None:
            shutil.rmtree(sock.parent, ignore_errors=True)


def test_an_unsquatted_socket_directory_is_made_private_and_used(tmp_path: Path) -> None:
    graph_dir = tmp_path / ("y" * 100) / "graph"
    server.prepare_dir(graph_dir)
    sock = server.socket_path(graph_dir)
    try:
        assert sock.parent.name.startswith(f"skg-{os.getuid()}-") and len(str(sock)) < 100
        assert os.lstat(sock.parent).st_mode & 0o777 == 0o700
    finally:
        shutil.rmtree(sock.parent, ignore_errors=True)
