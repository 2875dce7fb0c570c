"""The embedded store's graph directory: its files, its locks and its socket path.

See :mod:`graph.stores.server` for the layout and for why the server holds ``.server.lock``.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extractors.errors import StoreUnavailableError

SERVER_LOCK = ".server.lock"
_MAX_SOCKET_PATH = 100  # sun_path is 108 bytes on Linux


@dataclass
class ServerInfo:
    pid: int
    socket: str
    persistent: bool


def _private_dir(path: Path) -> bool:
    """``path`` is a real directory (not a symlink) owned by this user with mode 0700."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) == 0o700


def socket_path(graph_dir: Path) -> Path:
    """The unix socket for ``graph_dir``; a short path under the temp dir when the natural one
    would exceed the kernel's limit on socket path length.

    The short directory's name is predictable, so another local user may have made it first: it
    is used only when it is ours, mode 0700 and not a symlink. Otherwise a private ``mkdtemp``
    directory is made and its path recorded in ``graph_dir/socket-dir`` for the next command."""
    natural = graph_dir.resolve() / "redis.sock"
    if len(str(natural)) <= _MAX_SOCKET_PATH:
        return natural
    tmp = Path(tempfile.gettempdir())
    digest = hashlib.sha1(str(graph_dir.resolve()).encode()).hexdigest()[:16]
    short = tmp / f"skg-{os.getuid()}-{digest}"
    with contextlib.suppress(OSError):
        short.mkdir(mode=0o700)
    if _private_dir(short):
        return short / "redis.sock"
    record = graph_dir / "socket-dir"
    with contextlib.suppress(OSError):
        recorded = Path(record.read_text().strip())
        if recorded.parent == tmp and _private_dir(recorded):
            return recorded / "redis.sock"
    made = Path(tempfile.mkdtemp(prefix=f"skg-{os.getuid()}-"))
    prepare_dir(graph_dir)
    record.with_suffix(".tmp").write_text(str(made))
    os.replace(record.with_suffix(".tmp"), record)
    return made / "redis.sock"


def prepare_dir(graph_dir: Path) -> None:
    graph_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(graph_dir, 0o700)


def flock_wait(fd: int, timeout: float, busy: str, poll: float = 0.02) -> None:
    """Take an exclusive flock on ``fd``, waiting up to ``timeout`` seconds; then
    StoreUnavailableError(``busy``)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise StoreUnavailableError(busy) from None
            time.sleep(poll)


@contextlib.contextmanager
def start_lock(graph_dir: Path, timeout: float = 60.0) -> Iterator[None]:
    """Exclusive lock over start/stop decisions on ``graph_dir``."""
    prepare_dir(graph_dir)
    fd = os.open(graph_dir / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        flock_wait(fd, timeout, f"{graph_dir}: another process holds .lock", poll=0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def hold_user_lock(graph_dir: Path) -> int:
    """Take a shared lock on ``.users`` (released by closing the returned fd)."""
    fd = os.open(graph_dir / ".users", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


def _held_elsewhere(fd: int) -> bool:
    """True when another open file description holds a lock on ``fd``'s file; closes ``fd``."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def no_other_users(graph_dir: Path) -> bool:
    """True when no open store holds ``.users`` (call after releasing one's own lock)."""
    return not _held_elsewhere(os.open(graph_dir / ".users", os.O_RDWR | os.O_CREAT, 0o600))


def server_alive(graph_dir: Path) -> bool:
    """True while a server on ``graph_dir`` (or a start of one) holds ``.server.lock``."""
    try:
        fd = os.open(graph_dir / SERVER_LOCK, os.O_RDONLY)
    except OSError:
        return False
    return _held_elsewhere(fd)


def lock_holders(graph_dir: Path) -> list[int]:
    """Pids of the other processes that have ``.server.lock`` open (the server, its snapshot child)."""
    try:
        target = os.stat(graph_dir / SERVER_LOCK)
    except OSError:
        return []
    out = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            for fd in (proc / "fd").iterdir():
                with contextlib.suppress(OSError):
                    st = os.stat(fd)
                    if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
                        out.append(int(proc.name))
                        break
    return out


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
