"""What an analyst and an operator see on data/raw: time to the first output of a cold
`skg ingest` (under a pseudo-terminal), lines of `harms-without-offence` at 80 columns (piped
and in a terminal), and the printed report's A4 pages (headless Chromium + pdfinfo).
Run by hand:

    .venv/bin/python bench/output.py
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from _results import write_section

REPO = Path(__file__).resolve().parents[1]
SKG = str(Path(sys.executable).with_name("skg"))
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def under_pty(argv: list[str], columns: int = 80) -> tuple[float | None, float, str]:
    """(seconds to the first visible character, total seconds, the text) of ``argv`` in a terminal."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal `columns` wide
        os.environ["COLUMNS"] = str(columns)
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    first, out = None, b""
    while True:
        try:
            ready, _, _ = select.select([fd], [], [], 600)
            chunk = os.read(fd, 65536) if ready else b""
        except OSError:
            break
        if not chunk:
            break
        if first is None and ANSI.sub(b"", chunk).strip():
            first = time.perf_counter() - start
        out += chunk
    os.waitpid(pid, 0)
    text = ANSI.sub(b"", out).decode("utf-8", "replace").replace("\r", "")
    return first, time.perf_counter() - start, text


def report_pages(data_dir: Path, work: Path) -> int | None:
    chromium, pdfinfo = shutil.which("chromium"), shutil.which("pdfinfo")
    if not (chromium and pdfinfo):
        return None
    html, pdf = work / "report.html", work / "report.pdf"
    subprocess.run([SKG, "report", "--out", str(html), "--data-dir", str(data_dir)], check=True,
                   capture_output=True)
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    f"--user-data-dir={work / 'profile'}", f"--print-to-pdf={pdf}", html.as_uri()],
                   capture_output=True, timeout=300)
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="skg-bench-output-") as tmp:
        work = Path(tmp)
        help_first, _, _ = under_pty([SKG, "--help"])
        first, total, _ = under_pty([SKG, "ingest", str(REPO / "data" / "raw"), "--data-dir", str(work / "data")])
        query = [SKG, "query", "harms-without-offence", "--data-dir", str(work / "data")]
        env = {**os.environ, "COLUMNS": "80"}
        piped = subprocess.run(query, capture_output=True, text=True, env=env, check=True).stdout
        rows = len(json.loads(subprocess.run([*query, "-f", "json"], capture_output=True, text=True,
                                             check=True).stdout))
        _, _, terminal = under_pty(query, 80)
        pages = report_pages(work / "data", work)
    body = f"""`bench/output.py` on `data/raw` (5 documents), cold (a new data directory).

| measure | value |
|---|---|
| `skg ingest`: first visible output (a pseudo-terminal) | **{first:.2f} s** of {total:.1f} s in all |
| reference: `skg --help` first output, same run | {help_first:.2f} s ({first / help_first:.1f}x) |
| `COLUMNS=80 skg query harms-without-offence`, piped to a file | **{len(piped.splitlines())} lines** for {rows} rows |
| the same in an 80-column terminal | {len(terminal.rstrip().splitlines())} lines |
| `skg report` printed by Chromium (A4 landscape) | **{pages if pages is not None else "n/a"} pages** |

Before issue 14 (commit 58db2a5, the same method and machine, 2026-12-01): the first output
of a cold ingest came after 19.0 s (the progress bars; nothing while Prefect started), the
piped query printed 3,381 lines for 107 rows (rich wrapped every column at 80), and the report
printed on 39 pages."""
    write_section("output", body)
    print(body)


if __name__ == "__main__":
    main()
