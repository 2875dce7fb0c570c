"""Interrupt the embedded store's start-up, load and shutdown at random points, then check that
the graph is the last load that finished (or the interrupted one, whole), never an older one.

Each trial forks a "command" that opens the store, loads the whole synthetic graph at a new
version (one write query, then a snapshot) and closes it. The command or its server is hit in a
chosen phase: SIGINT (Ctrl-C), SIGTERM, SIGKILL, SIGKILL of the redis-server, or a full disk
(RLIMIT_FSIZE below the snapshot's size, so the snapshot fails to write). The next command then
joins whatever is left or starts from disk, and after every trial:
- at most one redis-server runs on the directory, and if one runs it holds the server lock;
- every document has one version: the last finished load's, or the interrupted load's when it
  had not finished (a finished snapshot, or a full disk, allows exactly one);
- after that command closes, no server is left running.
A final clean load must then be what a fresh server reads from disk.

``SKG_FAULT_TRIALS`` (default 30) and ``SKG_FAULT_SEED`` (default random, printed) replay a run.
"""

from __future__ import annotations

import contextlib
import os
import random
import resource
import select
import signal
import time
from collections import Counter
from pathlib import Path
from typing import NoReturn

import pytest

from extractors.errors import SkgError
from graph.stores import server
from graph.stores.directory import SERVER_LOCK, lock_holders
from graph.stores.embedded import EmbeddedStore
from graph.testing import synthetic_graph

pytestmark = pytest.mark.slow

N_DOCS, SECTIONS = 40, 5  # one write query per load (under BATCH_ROWS)
DISK_LIMIT = 32 * 1024  # bytes a file may grow to in a full-disk trial; the snapshot is larger
PHASES = {b"o": "start-up", b"O": "load", b"L": "shutdown", b"C": "shutdown", b"D": "after the end"}


def redis_pids(graph_dir: Path) -> list[int]:
    """Servers on ``graph_dir`` (not their snapshot children, titled ``redis-rdb-bgsave``)."""
    sock = str(server.socket_path(graph_dir)).encode()
    out = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                cmd = (p / "cmdline").read_bytes()
            except OSError:
                continue
            if b"redis-server" in cmd and sock in cmd and server.pid_is_server(int(p.name)):
                out.append(int(p.name))
    return out


def _command(data_dir: Path, version: int, fd: int, full_disk: bool) -> NoReturn:
    """The forked command: open, load ``version``, close. Reports each phase on ``fd``."""
    code = 3
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if full_disk:
            resource.setrlimit(resource.RLIMIT_FSIZE, (DISK_LIMIT, DISK_LIMIT))
        graph = synthetic_graph(N_DOCS, SECTIONS, version=version)
        os.write(fd, b"o")
        with EmbeddedStore(data_dir) as store:
            os.write(fd, b"O")
            store.ensure_schema()
            store.replace_graph(graph)
            os.write(fd, b"L")
            os.write(fd, b"C")
        os.write(fd, b"D")
        code = 0
    except SkgError:
        code = 1
    except BaseException:  # noqa: BLE001 - KeyboardInterrupt and the like: reported by the code
        code = 2
    finally:
        os._exit(code)


class Run:
    """One forked command and the phases it reported, with the time each arrived."""

    def __init__(self, data_dir: Path, version: int, full_disk: bool = False) -> None:
        r, w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(r)
            _command(data_dir, version, w, full_disk)
        os.close(w)
        self.fd, self.phases, self.times = r, b"", [0.0]
        self._read(30.0)  # "o": it is running the command
        self.t0 = time.monotonic()

    def _read(self, timeout: float) -> None:
        if select.select([self.fd], [], [], timeout)[0]:
            chunk = os.read(self.fd, 16)
            self.phases += chunk
            self.times += [time.monotonic()] * len(chunk)

    def reach(self, phase: bytes, timeout: float = 30.0) -> None:
        """Wait until the command reports ``phase``."""
        deadline = time.monotonic() + timeout
        while phase not in self.phases and time.monotonic() < deadline:
            self._read(0.01)

    def span(self, a: bytes, b: bytes) -> float:
        return self.times[self.phases.index(b) + 1] - self.times[self.phases.index(a) + 1]

    def wait(self, timeout: float = 90.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._read(0.02)
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self._read(0.0)
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError(f"the command hung after phases {self.phases!r}")


def _seen(data_dir: Path) -> tuple[set[str], int]:
    """The next command: join or start, read every document's version, close."""
    with EmbeddedStore(data_dir) as s:
        rows = s.run("MATCH (d:Document) RETURN d.version AS v, count(*) AS n")
    return {r["v"] for r in rows}, sum(r["n"] for r in rows)


def _check_after(data_dir: Path, allowed: set[str], what: str) -> str:
    graph_dir = data_dir / "graph"
    pids = redis_pids(graph_dir)
    assert len(pids) <= 1, f"{what}: {len(pids)} servers on one directory"
    if pids:
        assert server.server_alive(graph_dir), f"{what}: server {pids[0]} runs without holding the lock"
    versions, docs = _seen(data_dir)
    assert len(versions) == 1 and docs == N_DOCS, f"{what}: versions {versions}, {docs} documents"
    (version,) = versions
    assert version in allowed, f"{what}: the graph is version {version}, expected one of {sorted(allowed)}"
    deadline = time.monotonic() + 20
    while (redis_pids(graph_dir) or server.server_alive(graph_dir)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not redis_pids(graph_dir), f"{what}: a server was left running"
    assert not server.server_alive(graph_dir), f"{what}: {SERVER_LOCK} still held by {lock_holders(graph_dir)}"
    return version


def test_interrupted_start_load_and_shutdown_never_lose_or_revert_a_load(tmp_path: Path) -> None:
    try:
        _trials(tmp_path)
    finally:  # a failed check may leave a server behind
        for pid in redis_pids(tmp_path / "graph"):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _trials(tmp_path: Path) -> None:
    trials = int(os.environ.get("SKG_FAULT_TRIALS", "30"))
    seed = int(os.environ.get("SKG_FAULT_SEED", str(random.randrange(10**6))))
    rnd = random.Random(seed)
    print(f"\nSKG_FAULT_SEED={seed} SKG_FAULT_TRIALS={trials}")
    graph_dir = tmp_path / "graph"

    for version in (1, 1):  # the second run starts from a snapshot, as every trial does
        calibration = Run(tmp_path, version)
        assert calibration.wait() == 0
        last = _check_after(tmp_path, {"1"}, "calibration")
    # each phase starts when the command reports it; the fault lands at a random point inside
    windows = {"start-up": (b"o", calibration.span(b"o", b"O")), "load": (b"O", calibration.span(b"O", b"L")),
               "shutdown": (b"C", calibration.span(b"C", b"D"))}

    kinds = [(f, p) for f in ("SIGINT", "SIGTERM", "SIGKILL", "server SIGKILL") for p in windows] + [("full disk", "")]
    plan = [kinds[i % len(kinds)] for i in range(trials)]
    rnd.shuffle(plan)
    landed: Counter[str] = Counter()
    for i, (fault, phase) in enumerate(plan):
        version = i + 2
        what = f"trial {i + 1} ({fault} in {phase or 'the snapshot'}, seed {seed})"
        if fault == "full disk":
            (graph_dir / "redis.log").write_text("")  # the log must not be what fills the "disk"
            run = Run(tmp_path, version, full_disk=True)
            code = run.wait()
            assert code == 1, f"{what}: exit {code}, phases {run.phases!r}"
            allowed = {last}
        else:
            run = Run(tmp_path, version)
            start, length = windows[phase]
            run.reach(start)
            time.sleep(rnd.uniform(0.0, length))
            if fault == "server SIGKILL":
                for pid in redis_pids(graph_dir):
                    with contextlib.suppress(ProcessLookupError):  # it may just have stopped
                        os.kill(pid, signal.SIGKILL)
            else:
                os.kill(run.pid, getattr(signal, fault))
            code = run.wait()
            if os.environ.get("SKG_FAULT_DEBUG"):
                print(what, run.phases, [round(x - run.t0, 3) for x in run.times[1:]])
            finished = b"L" in run.phases  # its snapshot finished before the fault
            allowed = {str(version)} if finished else {last, str(version)}
        landed[f"{fault} in {PHASES[run.phases[-1:]]}"] += 1
        last = _check_after(tmp_path, allowed, what)

    final = Run(tmp_path, trials + 2)
    assert final.wait() == 0
    assert _check_after(tmp_path, {str(trials + 2)}, "the final clean load") == str(trials + 2)
    assert not server.server_alive(graph_dir)
    lengths = {k: round(v[1], 3) for k, v in windows.items()}
    print("faults landed:", dict(sorted(landed.items())), "phase lengths (s):", lengths)
