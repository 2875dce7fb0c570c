"""Snapshots of the embedded store that can never go back in time.

The server itself never saves: it runs with ``save ""``, so neither its timers nor a SIGTERM nor
``SHUTDOWN`` write ``graph.rdb``. Only :func:`save` does, and only after checking a generation
number kept in two places:

- ``graph.gen`` beside the RDB: the generation of the last snapshot that finished;
- the key :data:`GEN_KEY` in the server's keyspace: the generation the server's graph came from
  (it is inside the RDB, so a server that loads a snapshot loads its generation too).

A server whose generation is below the one on disk holds an older graph than the last snapshot
(for example a server started before another one saved), and its save is refused: a stale
snapshot never overwrites a newer one. The RDB itself is written by redis to a temp file and
renamed into place, so a snapshot is never half-written either.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any

from extractors.errors import StoreWriteError

RDB_NAME = "graph.rdb"
GEN_NAME = "graph.gen"
GEN_KEY = "skg:generation"


def disk_generation(graph_dir: Path) -> int:
    """The generation of the snapshot on disk (0 when there is none, or none recorded)."""
    if not (graph_dir / RDB_NAME).exists():
        return 0
    try:
        return int((graph_dir / GEN_NAME).read_text().strip() or 0)
    except (OSError, ValueError):
        return 0


def memory_generation(conn: Any) -> int:
    """The generation of the graph the server holds."""
    value = conn.get(GEN_KEY)
    return int(value) if value else 0


def _write_generation(graph_dir: Path, gen: int) -> None:
    if gen <= disk_generation(graph_dir):  # a concurrent save of the same server got further
        return
    tmp = graph_dir / f"{GEN_NAME}.tmp"
    tmp.write_text(f"{gen}\n")
    os.replace(tmp, graph_dir / GEN_NAME)


def save(conn: Any, graph_dir: Path, timeout: float = 300.0) -> int:
    """Snapshot the server's graph (BGSAVE) and wait for it; returns the new generation.

    Raises :class:`StoreWriteError` when the server's graph is older than the snapshot on disk,
    when the save fails (a full disk) or when it does not finish in ``timeout`` seconds; in
    every case ``graph.rdb`` is the last snapshot that finished. The fork for BGSAVE happens
    between queries, so the snapshot holds whole documents."""
    import redis

    disk, mem = disk_generation(graph_dir), memory_generation(conn)
    if mem < disk:
        raise StoreWriteError(
            f"{graph_dir}: refusing to save: this server holds generation {mem} of the graph but "
            f"{graph_dir / RDB_NAME} is generation {disk}, saved since it started; its changes "
            "are not written"
        )
    gen = max(mem, disk) + 1
    conn.set(GEN_KEY, gen)
    deadline = time.monotonic() + timeout
    while True:
        saves = int(conn.info("persistence").get("rdb_saves", 0))
        try:
            conn.bgsave()
            break
        except redis.ResponseError as e:  # another one is running: wait, then take ours
            if "in progress" not in str(e) or time.monotonic() > deadline:
                raise StoreWriteError(f"{graph_dir}: snapshot refused: {e}") from e
            time.sleep(0.05)
    while time.monotonic() < deadline:
        p = conn.info("persistence")
        if int(p.get("rdb_saves", 0)) > saves and not p.get("rdb_bgsave_in_progress"):
            if p.get("rdb_last_bgsave_status") != "ok":
                raise StoreWriteError(
                    f"{graph_dir}: snapshot failed (disk full or not writable?); the graph on disk is "
                    f"the last snapshot that finished; see {graph_dir / 'redis.log'}"
                )
            _write_generation(graph_dir, gen)
            return gen
        time.sleep(0.01)
    raise StoreWriteError(f"{graph_dir}: snapshot did not finish in {timeout:.0f} s")


def unsaved_changes(conn: Any) -> int:
    """Writes since the last snapshot (0 when it cannot tell: then there is nothing to save)."""
    with contextlib.suppress(Exception):
        return int(conn.info("persistence").get("rdb_changes_since_last_save", 0))
    return 0
