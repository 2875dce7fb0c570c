"""SIGTERM or SIGKILL of ``skg ingest`` mid-run (D17): SIGTERM stops the command as one line;
neither leaves a process behind, neither Prefect's local API server nor a worker (the embedded
store's server is meant to outlive its starter and is joined by the next command)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def _descendants(pid: int) -> dict[int, str]:
    """``{pid: command line}`` of every process below ``pid``."""
    parents: dict[int, int] = {}
    cmds: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmds[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    out: dict[int, str] = {}
    todo = [pid]
    while todo:
        p = todo.pop()
        for child, parent in parents.items():
            if parent == p and child not in out:
                out[child] = cmds.get(child, "")
                todo.append(child)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.timeout(300)
def test_sigterm_stops_the_run_and_leaves_no_prefect_server_or_worker(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(REPO / "data" / "raw", src)
    body = zlib.compress(b"0 " * (50 * 1024 * 1024), 9)  # a PDF that takes minutes to read
    (src / "slow.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
        b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n4 0 obj<</Length "
        + str(len(body)).encode() + b"/Filter/FlateDecode>>stream\n" + body
        + b"\nendstream endobj\ntrailer<</Root 1 0 R/Size 5>>\n%%EOF\n")
    env = {**os.environ, "SKG_DATA_DIR": str(tmp_path / "data"), "SKG_STORE": "embedded",
           "SKG_DOC_TIMEOUT": "600"}
    proc = subprocess.Popen([str(Path(sys.executable).parent / "skg"), "ingest", str(src)], env=env,
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        seen: dict[int, str] = {}
        while time.monotonic() < deadline:  # wait for Prefect's API server, then into extraction
            seen.update(_descendants(proc.pid))
            if any("uvicorn" in c or "prefect" in c for c in seen.values()):
                break
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.5)
        else:
            pytest.fail(f"Prefect's server never started: {seen}")
        for _ in range(16):  # the run is then extracting slow.pdf (for minutes without a budget)
            time.sleep(0.5)
            seen.update(_descendants(proc.pid))
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=120)  # stopped, not stalled (it waits 5 s at most itself)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0 and "Traceback" not in stderr, stderr[-2000:]
    assert "Error:" in stderr
    assert _left_after(seen) == {}


def _left_after(seen: dict[int, str], wait: float = 60) -> dict[int, str]:
    """Which of ``seen`` are still alive after a bounded wait for them all to go (killed then,
    so that a failing test leaves nothing behind either)."""
    deadline = time.monotonic() + wait
    left = {p: c for p, c in seen.items() if _alive(p)}
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = {p: c for p, c in left.items() if _alive(p)}
    for p in left:
        os.kill(p, signal.SIGKILL)
    return left


def _slow_pdf(path: Path) -> None:
    body = zlib.compress(b"0 " * (50 * 1024 * 1024), 9)  # a PDF that takes minutes to read
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
        b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n4 0 obj<</Length "
        + str(len(body)).encode() + b"/Filter/FlateDecode>>stream\n" + body
        + b"\nendstream endobj\ntrailer<</Root 1 0 R/Size 5>>\n%%EOF\n")


@pytest.mark.timeout(600)
@pytest.mark.parametrize("when", ["server-starting", "extracting"])
def test_sigkill_leaves_no_prefect_server_behind(tmp_path: Path, when: str) -> None:
    """SIGKILL cannot be caught: the watchdog the command started before Prefect stops the
    ephemeral API server, whether the kill lands while it starts (before it answers) or later."""
    from pipeline.devserver import EPHEMERAL_APP

    src = tmp_path / "src"
    shutil.copytree(REPO / "data" / "raw", src)
    _slow_pdf(src / "slow.pdf")
    env = {**os.environ, "SKG_DATA_DIR": str(tmp_path / "data"), "SKG_STORE": "embedded",
           "SKG_DOC_TIMEOUT": "600"}
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.Popen([str(Path(sys.executable).parent / "skg"), "ingest", str(src)], env=env,
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            seen.update(_descendants(proc.pid))
            servers = [p for p, c in seen.items() if EPHEMERAL_APP in c]
            workers = [p for p, c in seen.items() if "multiprocessing" in c and p not in servers]
            if servers and (when == "server-starting" or workers):
                break  # the server has just been spawned, or the run is extracting slow.pdf
            assert proc.poll() is None, "skg ingest ended before the kill"
            time.sleep(0.02 if when == "server-starting" else 0.5)
        else:
            pytest.fail(f"never reached {when}: {seen}")
        proc.kill()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert [c for c in seen.values() if EPHEMERAL_APP in c], seen
    ours = {p: c for p, c in seen.items() if "redis-server" not in c}  # the store's server is joined later
    stores = {p for p in seen if p not in ours}
    try:
        assert _left_after(ours) == {}
    finally:
        for p in stores:
            if _alive(p):
                os.kill(p, signal.SIGTERM)
