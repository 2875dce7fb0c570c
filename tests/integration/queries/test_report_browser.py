"""The report from the data/raw store renders in headless Chromium and is not blank.

Debian's ``chromium`` is installed with apt-get when missing; when that is impossible (no root,
no network) the test is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from queries.report import write_report

pytestmark = pytest.mark.slow

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--window-size=1280,2000",
]


def chromium() -> str:
    """The chromium binary, installing Debian's package when missing; skips when impossible."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    if not shutil.which("apt-get"):
        pytest.skip("chromium is not installed and apt-get is not available to install it")
    if os.geteuid() != 0:
        pytest.skip("chromium is not installed and installing it needs root (apt-get install -y chromium)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    proc = subprocess.run(["apt-get", "install", "-y", "chromium"], capture_output=True, text=True,
                          env=env, timeout=900)
    if proc.returncode != 0:
        update = subprocess.run(["apt-get", "update"], capture_output=True, text=True, env=env, timeout=600)
        proc = subprocess.run(["apt-get", "install", "-y", "chromium"], capture_output=True, text=True,
                              env=env, timeout=900)
        if proc.returncode != 0:
            tail = (proc.stderr or update.stderr).strip().splitlines()[-1:] or ["unknown error"]
            pytest.skip(f"chromium could not be installed with apt-get: {tail[0]}")
    path = shutil.which("chromium")
    if not path:
        pytest.skip("apt-get installed chromium but no chromium binary is on PATH")
    return path


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and unfiltered scanlines of an 8-bit RGB/RGBA PNG (stdlib only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), f"unsupported PNG (depth {depth}, colour {colour})"
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        ftype, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r) for r in rows]


def colours(rows: list[bytes], bpp: int = 4, step: int = 7) -> set[bytes]:
    """Distinct colours on a sample of pixels."""
    return {r[i:i + 3] for r in rows[::step] for i in range(0, len(r) - bpp + 1, bpp * step)}


@pytest.fixture(scope="module")
def report(store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    path, documents = write_report(store, out, "embedded")
    assert documents > 0
    return path


def test_report_has_one_gap_block_per_live_document_naming_all_its_regions(report, store):
    html = report.read_text(encoding="utf-8")
    live = store.run("MATCH (d:Document) WHERE d.canonical = true RETURN d.title AS title")
    assert html.count('<section class="doc"') == len(live) == 4
    for d in live:
        assert f'data-document="{d["title"]}"' in html
    # Pan-Sussex joint guidance: one block, naming its three regions
    sussex = html[html.index('data-document="8.45 Online Safety"'):]
    assert "Brighton and Hove, East Sussex, West Sussex" in sussex[:600]
    assert html.count('data-document="8.45 Online Safety"') == 1
    assert 'id="heatmap"' in html and "<th>Offence?</th><th>Specific route?</th>" in html
    assert "Online Safety Bill" in html and "outdated name" in html
    assert "0300 555 0050" in html and "03005550050" not in html  # phones as people write them
    assert "partial copy" in html  # Cambridgeshire's copy says it is "only a partial summary"
    assert "4 live documents (and 1 copy)" in html


def _pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
    import pypdfium2

    return len(pypdfium2.PdfDocument(str(pdf)))


def _page_texts(pdf: Path) -> list[str]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def test_report_prints_on_at_most_12_a4_pages_with_the_heatmap_on_one(report, tmp_path):
    exe = chromium()
    pdf = tmp_path / "report.pdf"
    proc = subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", report.resolve().as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    assert pdf.exists(), proc.stderr[-2000:]
    assert _pdf_pages(pdf) <= 12
    pages = _page_texts(pdf)
    start = next(i for i, t in enumerate(pages) if "Harm × region coverage" in t)
    end = next(i for i, t in enumerate(pages) if "harms no region mentions" in t)
    assert start == end, f"the heatmap runs over pages {start + 1}-{end + 1}"


def test_report_renders_in_headless_chromium(report, tmp_path):
    exe = chromium()
    shot = tmp_path / "report.png"
    proc = subprocess.run(
        [exe, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
         report.resolve().as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 10_000, proc.stderr[-2000:]
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1280, 2000)
    bpp = len(rows[0]) // width
    seen = colours(rows, bpp)
    assert len(seen) > 20, f"screenshot looks blank ({len(seen)} colours)"
    # The heatmap's gap colour (#f6c8c1) and one-document colour (#cfe8d4) are on the page.
    assert any(abs(c[0] - 0xF6) < 6 and abs(c[1] - 0xC8) < 6 and abs(c[2] - 0xC1) < 6 for c in seen)
