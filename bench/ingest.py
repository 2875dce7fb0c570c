"""Cold and warm `skg ingest` of 1,000 synthetic documents: wall time per stage.

The documents are spliced from the seeds' sections (with a per-document marker sentence so
none is an exact copy), about a fifth of them near-duplicates of another. Cases: cold (empty
data directory), warm (nothing changed), one changed (one document edited, the rest as before:
store server starts, documents extracted and tagged on that run, wall time as a share of cold)
and, unless ``--no-served``, cold against a running Prefect server. Run by hand:

    .venv/bin/python bench/ingest.py [N] [--no-served] [--no-write]
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _results import write_section

from pipeline.devserver import PrefectServer

REPO = Path(__file__).resolve().parents[1]
SKG = str(Path(sys.executable).with_name("skg"))


def make_corpus(target: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    paragraphs: list[str] = []
    for path in sorted((REPO / "data" / "raw").glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 12]
    target.mkdir(parents=True)
    lines = []
    for i in range(n):
        if i % 5 == 4:  # a near-duplicate of the previous document: same text, re-wrapped
            body = (target / f"doc{i - 1:04d}.txt").read_text(encoding="utf-8").replace(". ", ".\n")
        else:
            chosen = rng.sample(paragraphs, k=rng.randint(6, 14))
            sections = [f"{j + 1}. Section {j + 1} of document {i}\n\n{p}" for j, p in enumerate(chosen)]
            body = f"Guidance {i}\n\nThis is synthetic guidance number {i} for benchmarking.\n\n" + "\n\n".join(sections)
        (target / f"doc{i:04d}.txt").write_text(body, encoding="utf-8")
        lines.append(f'[[source]]\nid = "doc{i:04d}"\nfile = "doc{i:04d}.txt"\nregion = ["Region {i % 12}"]\n'
                     f'jurisdiction = ["England"]\nkind = "guidance"\n')
    (target / "sources.toml").write_text("\n".join(lines), encoding="utf-8")


def server_starts(data: Path) -> int:
    """Embedded store server starts so far: redis appends one line per start to its log."""
    log = data / "graph" / "redis.log"
    return log.read_text(errors="replace").count("Ready to accept connections") if log.exists() else 0


def change_one(raw: Path) -> str:
    """Edit one (non-duplicate) document: a new sentence in its first section."""
    path = raw / "doc0002.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("for benchmarking.", "for benchmarking. This edition adds one sentence.", 1),
                    encoding="utf-8")
    return path.stem


def run(raw: Path, data: Path, env: dict[str, str] | None = None) -> tuple[float, dict]:
    start = time.perf_counter()
    done = subprocess.run([SKG, "ingest", str(raw), "--data-dir", str(data), "--json"],
                          capture_output=True, text=True, check=False, env=env)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 2):
        raise SystemExit(done.stderr)
    return wall, json.loads(done.stdout)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 1000
    with tempfile.TemporaryDirectory() as tmp:
        raw, data = Path(tmp) / "raw", Path(tmp) / "data"
        make_corpus(raw, n)
        cold_wall, cold = run(raw, data)
        cold_starts = server_starts(data)
        warm_wall, warm = run(raw, data)
        warm_starts = server_starts(data) - cold_starts
        changed_id = change_one(raw)
        changed_wall, changed = run(raw, data)
        changed_starts = server_starts(data) - cold_starts - warm_starts
        served_row = "| cold, with a running Prefect server (`PREFECT_API_URL`) | not run (`--no-served`) |"
        if "--no-served" not in sys.argv:
            with PrefectServer(Path(tmp) / "prefect-home") as server:
                # first contact (DB migrations) on the five seeds, not on the big corpus
                run(REPO / "data" / "raw", Path(tmp) / "data-warmup", server.env())
                served_wall, served = run(raw, Path(tmp) / "data-served", server.env())
                change_one(raw)  # a second edit of the same document
                served_changed_wall, _ = run(raw, Path(tmp) / "data-served", server.env())
            served_overhead = served_wall - sum(served["timings"].values())
            served_row = (f"| cold, with a running Prefect server (`PREFECT_API_URL`) | {served_wall:.1f} "
                          f"(overhead {served_overhead:.2f} s, {100 * served_overhead / served_wall:.1f}%) |\n"
                          f"| one changed, with a running Prefect server | {served_changed_wall:.2f} "
                          f"({100 * served_changed_wall / served_wall:.1f}% of its cold) |")
    changed_status = {d["id"]: d["status"] for d in changed["documents"]}
    extracted = changed["counts"].get("extracted", "not counted")
    tagged = changed["counts"].get("tagged", "not counted")
    changed_stages = ", ".join(f"{k} {v:.2f}" for k, v in changed["timings"].items())
    changed_staged = sum(changed["timings"].values())
    stages = cold["timings"]
    staged = sum(stages.values())
    overhead = cold_wall - staged
    statuses = {}
    for d in cold["documents"]:
        statuses[d["status"]] = statuses.get(d["status"], 0) + 1
    rows = "\n".join(f"| {k} | {v:.2f} |" for k, v in stages.items())
    body = f"""
{n} synthetic documents (spliced from the seeds; every fifth a re-wrapped copy), one process,
default thread task runner, embedded store. Cold = empty data directory (Prefect's ephemeral
server started by the run); warm = the same files again.

| run | wall time (s) |
|---|---|
| cold | {cold_wall:.1f} |
| warm (nothing changed) | {warm_wall:.2f} ({100 * warm_wall / cold_wall:.1f}% of cold; target < 10%) |
| one changed (`{changed_id}` edited) | {changed_wall:.2f} ({100 * changed_wall / cold_wall:.1f}% of cold; target <= 10%) |
{served_row}

Store server starts per ingest: cold {cold_starts}, warm {warm_starts}, one changed {changed_starts} (target 1).
One changed: `{changed_id}` is {changed_status.get(changed_id)!r}; documents extracted on that
run {extracted} and tagged {tagged} (target 1 each; the others come from the cache).
One changed, seconds per stage: {changed_stages}; stages alone {changed_staged:.2f} s
({100 * changed_staged / cold_wall:.1f}% of cold), the rest ({changed_wall - changed_staged:.2f} s) is process
start, imports, Prefect's ephemeral server start and orchestration.

Cold run, seconds per stage (inside the flow):

| stage | seconds |
|---|---|
{rows}
| **stages total** | {staged:.2f} |
| process start, imports, Prefect server start and orchestration | {overhead:.2f} ({100 * overhead / cold_wall:.1f}% of cold; target < 20%) |

Cold statuses: {statuses}. Graph: {cold['counts'].get('nodes')} nodes, {cold['counts'].get('relationships')} relationships.
The warm run never imports Prefect: the plan (sha256 and processing version against the
store) finds nothing to do before the flow would start.
"""
    if "--no-write" not in sys.argv:
        write_section("ingest", body)
    print(body)


if __name__ == "__main__":
    main()
