"""`skg extract` through the real CLI: exit codes 0, 1, 2 and one-line errors."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app

RAW = Path(__file__).resolve().parents[3] / "data" / "raw"
SAFER_SEVEN_PDF = RAW / "dudley-safer-seven-online-risks.pdf-extract.txt"


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def test_extract_file_prints_sections_and_warning() -> None:
    result = _run("extract", str(SAFER_SEVEN_PDF))
    assert result.exit_code == 0, result.output
    assert "Online Grooming" in result.output
    assert "reading order restored: sections appeared as 7, 4, 1, 2, 3, 5, 6" in result.output


def test_extract_json_has_the_documented_shape() -> None:
    result = _run("extract", str(SAFER_SEVEN_PDF), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"id", "sha256", "format", "metadata", "sections", "warnings"}
    assert data["id"] == "dudley-safer-seven-pdf" and data["metadata"]["region"] == ["Dudley"]
    assert "password" not in data["metadata"]
    assert set(data["sections"][0]) == {"number", "heading", "text", "ordinal", "pages"}
    assert [s["number"] for s in data["sections"]] == [str(n) for n in range(1, 8)]


def test_extract_bad_file_is_one_error_line_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "random.pdf"
    path.write_bytes(os.urandom(2048))
    result = _run("extract", str(path))
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}: ")
    assert "Traceback" not in result.output


def test_extract_directory_continues_past_failures_and_exits_2(tmp_path: Path) -> None:
    for name in ("dudley-safer-seven-online-risks.web.txt", "pan-sussex-procedure-8.45-online-safety.txt"):
        shutil.copy(RAW / name, tmp_path / name)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "setup.exe").write_bytes(b"MZ" + os.urandom(64))
    result = _run("extract", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert "dudley-safer-seven-online-risks" in result.output and "pan-sussex" in result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("Error: ")]
    assert errors == [f"Error: {tmp_path / 'empty.txt'}: empty file",
                      f"Error: {tmp_path / 'setup.exe'}: unsupported format: a Windows executable"]
    assert "Traceback" not in result.output


def test_extract_data_raw_succeeds() -> None:
    result = _run("extract", str(RAW))
    assert result.exit_code == 0, result.output
    assert "kingston-richmond-guidance" in result.output
