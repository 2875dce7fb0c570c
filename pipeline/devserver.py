"""A Prefect API server on 127.0.0.1 for a bounded time: tests, benchmarks, local deployments.

``skg ingest`` itself needs none (it uses Prefect's ephemeral mode, or ``PREFECT_API_URL``
when one is configured); this is for running deployments and for measuring what a
long-lived server saves.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrefectServer:
    """``prefect server start`` on 127.0.0.1 with its own PREFECT_HOME; stopped on exit."""

    def __init__(self, home: Path, port: int | None = None, startup_timeout: float = 120) -> None:
        self.home = home
        self.port = port or free_port()
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """An environment whose Prefect clients talk to this server."""
        env = {k: v for k, v in (base or os.environ).items() if not k.startswith("PREFECT_")}
        env.update(PREFECT_HOME=str(self.home), PREFECT_API_URL=self.api_url,
                   PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="WARNING")
        return env

    def __enter__(self) -> PrefectServer:
        self.home.mkdir(parents=True, exist_ok=True)
        log = (self.home / "server.log").open("wb")
        prefect = str(Path(sys.executable).with_name("prefect"))
        self.process = subprocess.Popen(
            [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Prefect server exited: {(self.home / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.api_url}/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.__exit__(None, None, None)
        raise RuntimeError(f"Prefect server did not answer within {self.startup_timeout:.0f} s")

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# The watchdog of ``skg ingest``'s ephemeral Prefect server (D17), run as ``python -I -S -c``:
# standard library only, so it starts in milliseconds. Its stdin is a pipe whose only write end
# is held by the command; the kernel closes it however the command ends (SIGKILL and the OOM
# killer included), and EOF is the signal. The command has put OWNER_ENV=<its pid>:<its start
# time> in its environment before Prefect could start anything, and Prefect hands its whole
# environment to the server it spawns; so at EOF the watchdog stops exactly the processes that
# run Prefect's server app with that value (never another command's server, never a recycled
# pid), however far their start had got and wherever they were reparented. A Ctrl-C is the
# command's to handle (it stops its server itself), so SIGINT is ignored here.
_WATCHDOG = r"""
import os, signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
mark, owner = sys.argv[1].encode(), sys.argv[2].encode()
while os.read(0, 4096):
    pass

def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None

def alive(pid):
    stat = read(f"/proc/{pid}/stat")
    return bool(stat) and stat.rsplit(b")", 1)[1].split()[0] != b"Z"

def servers():
    out, me = [], str(os.getpid())  # this script's own command line names the app too
    for name in os.listdir("/proc"):
        if name.isdigit() and name != me and mark in (read(f"/proc/{name}/cmdline") or b"") \
                and owner in (read(f"/proc/{name}/environ") or b"").split(b"\0") and alive(name):
            out.append(int(name))
    return out

left = servers()
for pid in left:
    os.kill(pid, signal.SIGTERM)
deadline = time.monotonic() + 10
while left and time.monotonic() < deadline:
    time.sleep(0.1)
    left = [pid for pid in left if pid in servers()]
for pid in left:
    os.kill(pid, signal.SIGKILL)
"""
# What Prefect's ephemeral server runs (prefect.server.api.server.SubprocessASGIServer), and the
# variable that ties such a server to the command that started it.
EPHEMERAL_APP = "prefect.server.api.server:create_app"
OWNER_ENV = "SKG_PREFECT_OWNER"
_WATCHDOGS: list[subprocess.Popen[bytes]] = []


def watch_ephemeral_server() -> subprocess.Popen[bytes] | None:
    """Start a watchdog that stops the Prefect API server this process starts (the ephemeral
    one a flow run starts when no ``PREFECT_API_URL`` is set) once this process has ended,
    however it ends. Call it before Prefect starts a server; the server's own exit handler
    still stops it on a normal exit. One per process, however often it is called. Linux only
    (it reads /proc); elsewhere it returns None."""
    stat = Path(f"/proc/{os.getpid()}/stat")
    if not stat.is_file():
        return None
    if _WATCHDOGS and _WATCHDOGS[-1].poll() is None:
        return _WATCHDOGS[-1]
    owner = f"{os.getpid()}:{stat.read_text().rsplit(')', 1)[1].split()[19]}"
    os.environ[OWNER_ENV] = owner  # inherited by the server Prefect spawns
    watchdog = subprocess.Popen([sys.executable, "-I", "-S", "-c", _WATCHDOG, EPHEMERAL_APP,
                                 f"{OWNER_ENV}={owner}"],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _WATCHDOGS.append(watchdog)  # keeps the pipe's write end open for as long as this process lives
    return watchdog
