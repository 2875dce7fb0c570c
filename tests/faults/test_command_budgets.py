"""The per-document budget outside ``skg ingest`` (D6): ``skg extract`` (one file or a directory),
``skg tag FILE`` and ``skg dedupe DIR`` run each document under the same ``SKG_DOC_TIMEOUT`` /
``SKG_DOC_MEMORY_MB`` as an ingest, through the one extraction loop, as real processes.

Deterministic under load: the bad inputs take minutes alone (the flate bomb over 130 s of
extraction, the mention flood minutes of tagging), far beyond the 10 s budget however fast the
machine; the good documents take milliseconds, and a worker's start-up is outside the deadline.
Nothing here measures time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
GOOD = ("1. Online grooming\n\nGrooming is when someone builds a relationship with a child to abuse them. "
        "Report it to CEOP.\n\n2. Sextortion\n\nSextortion is blackmail with intimate images.\n")
# 32,000 harm mentions in one section: tagging it takes minutes (bench/tag_worst.py: half as many
# took 41 CPU seconds, and the time grows with the square), extracting it a fraction of a second.
MENTION_FLOOD = "1. Harms\n\n" + "Online grooming and sextortion. " * 16_000
OVER = "took over 10 s (raise SKG_DOC_TIMEOUT to allow more)"


def flate_bomb(path: Path) -> None:
    """A one-page PDF whose content stream inflates to 100 MB (review A16: 152 s, 577 MB)."""
    body = zlib.compress(b"0 " * (50 * 1024 * 1024), 9)
    head = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
            b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n")
    obj = b"4 0 obj<</Length " + str(len(body)).encode() + b"/Filter/FlateDecode>>stream\n"
    path.write_bytes(head + obj + body + b"\nendstream endobj\ntrailer<</Root 1 0 R/Size 5>>\n%%EOF\n")


def skg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``skg`` as an operator runs it, with a 10 s per-document budget."""
    full = {**os.environ, "SKG_DOC_TIMEOUT": "10", **(env or {})}
    return subprocess.run([str(Path(sys.executable).parent / "skg"), *args], cwd=REPO, env=full,
                          capture_output=True, text=True, timeout=400)


def errors(run: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    return [line for line in run.stderr.splitlines() if line.startswith("Error: ")]


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    """A directory with one good document and one flate bomb (review A16: 152 s, 577 MB)."""
    (tmp_path / "good.txt").write_text(GOOD)
    flate_bomb(tmp_path / "bomb.pdf")
    return tmp_path


@pytest.mark.timeout(600)
def test_extract_file_gives_up_on_a_flate_bomb_at_the_budget(inbox: Path) -> None:
    run = skg("extract", str(inbox / "bomb.pdf"))
    assert run.returncode == 1
    assert errors(run) == [f"Error: {inbox / 'bomb.pdf'}: {OVER}"]
    good = skg("extract", str(inbox / "good.txt"), "--json")
    assert good.returncode == 0, good.stderr
    assert [s["heading"] for s in json.loads(good.stdout)["sections"]] == ["Online grooming", "Sextortion"]


@pytest.mark.timeout(600)
def test_extract_directory_fails_the_bomb_alone_and_lists_the_rest(inbox: Path) -> None:
    run = skg("extract", str(inbox), "--json")
    assert run.returncode == 2
    assert errors(run) == [f"Error: {inbox / 'bomb.pdf'}: {OVER}"]
    assert [d["id"] for d in json.loads(run.stdout)] == ["good.txt"]


@pytest.mark.timeout(600)
def test_dedupe_directory_fails_the_bomb_alone_and_groups_the_rest(inbox: Path) -> None:
    run = skg("dedupe", str(inbox), "--json")
    assert run.returncode == 2
    assert errors(run) == [f"Error: bomb.pdf: {OVER}"]
    assert json.loads(run.stdout)["singletons"] == ["good.txt"]


@pytest.mark.timeout(600)
def test_tag_file_gives_up_on_a_document_that_stalls_the_tagger(tmp_path: Path) -> None:
    (tmp_path / "flood.txt").write_text(MENTION_FLOOD)
    (tmp_path / "good.txt").write_text(GOOD)
    run = skg("tag", str(tmp_path / "flood.txt"), "--json")
    assert run.returncode == 1
    assert errors(run) == [f"Error: {tmp_path / 'flood.txt'}: tagging failed: {OVER}"]
    good = skg("tag", str(tmp_path / "good.txt"), "--json")
    assert good.returncode == 0, good.stderr
    assert {m["entity_id"] for m in json.loads(good.stdout)["mentions"]} >= {"harm:grooming", "harm:sextortion"}


@pytest.mark.timeout(600)
def test_extract_file_gives_up_on_a_flate_bomb_at_the_memory_cap(inbox: Path) -> None:
    # No deadline, so only the memory cap can stop it: the worker (about 220 MB of address space
    # once its modules are loaded) runs out while inflating; the setting is applied in the worker.
    run = skg("extract", str(inbox / "bomb.pdf"), env={"SKG_DOC_TIMEOUT": "0", "SKG_DOC_MEMORY_MB": "350"})
    assert run.returncode == 1
    [line] = errors(run)
    assert line.startswith(f"Error: {inbox / 'bomb.pdf'}: ") and "SKG_DOC_MEMORY_MB=350" in line, line
    good = skg("extract", str(inbox / "good.txt"), env={"SKG_DOC_TIMEOUT": "0", "SKG_DOC_MEMORY_MB": "350"})
    assert good.returncode == 0, good.stderr
