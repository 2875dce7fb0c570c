"""The real `skg` CLI (a subprocess) on an embedded store loaded from data/raw: parameter values,
empty answers, a missing graph, exit codes, formats and contacts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SKG = str(Path(sys.executable).with_name("skg"))


def skg(data_dir: Path | None, *args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns)}
    extra = ["--data-dir", str(data_dir)] if data_dir else []
    return subprocess.run([SKG, *args, *extra], capture_output=True, text=True, env=env, timeout=120)


def test_aliases_and_case_resolve_to_the_same_answer(loaded_data_dir):
    by_id = skg(loaded_data_dir, "query", "evidence", "-p", "harm=harm:grooming", "-f", "json")
    by_alias = skg(loaded_data_dir, "query", "evidence", "-p", "harm=Grooming", "-f", "json")
    assert by_id.returncode == by_alias.returncode == 0
    assert json.loads(by_alias.stdout) == json.loads(by_id.stdout) != []


@pytest.mark.parametrize(("param", "suggestion"), [("harm=groomng", "Online grooming"),
                                                   ("region=Dudly", "Dudley")])
def test_an_unknown_value_is_a_user_error_naming_the_closest_match(loaded_data_dir, param, suggestion):
    name = "evidence" if param.startswith("harm") else "harms-without-offence"
    extra = ["-p", "harm=grooming"] if name == "evidence" and not param.startswith("harm") else []
    done = skg(loaded_data_dir, "query", name, "-p", param, *extra)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("Error: unknown ") and suggestion in done.stderr
    assert "Traceback" not in done.stderr


def test_a_known_region_without_guidance_says_so(loaded_data_dir):
    done = skg(loaded_data_dir, "query", "harms-without-offence", "-p", "region=Manchester")
    assert done.returncode == 0
    assert "no guidance ingested for Manchester" in done.stderr


def test_read_commands_refuse_a_data_directory_with_no_graph(tmp_path):
    missing = tmp_path / "typo"
    for args in (["query", "harm-coverage"], ["cypher", "RETURN 1 AS x"], ["report", "-o", str(tmp_path / "r.html")],
                 ["export", "--graphml", str(tmp_path / "g.graphml")]):
        done = skg(missing, *args)
        assert done.returncode == 1, args
        assert "no graph in" in done.stderr and "skg ingest" in done.stderr
    assert not missing.exists()


def test_usage_errors_exit_64_not_2(loaded_data_dir):
    assert skg(None, "qurey").returncode == 64
    assert skg(loaded_data_dir, "query", "documents", "--format", "xml").returncode == 64


def test_piped_table_at_80_columns_is_one_line_per_row(loaded_data_dir):
    rows = json.loads(skg(loaded_data_dir, "query", "harms-without-offence", "-f", "json").stdout)
    done = skg(loaded_data_dir, "query", "harms-without-offence")
    lines = done.stdout.splitlines()
    assert len(lines) == len(rows) + 1 and len(rows) > 50
    assert "region_id" not in lines[0] and "harm_id" not in lines[0]
    with_ids = skg(loaded_data_dir, "query", "harms-without-offence", "--ids").stdout.splitlines()[0]
    assert "harm_id" in with_ids


def test_cypher_cells_are_printed_verbatim(loaded_data_dir):
    cypher = ("MATCH (c:ContactPoint {kind: 'phone'}) "
              "RETURN c.id AS id, 'Call :phone: [bold]x[/bold]' AS t LIMIT 1")
    done = skg(loaded_data_dir, "cypher", cypher)
    assert "contact:phone:" in done.stdout  # cypher shows every column it returns, ids too
    assert "Call :phone: [bold]x[/bold]" in done.stdout and "☎" not in done.stdout


def test_region_contacts_one_row_per_agency_with_grouped_numbers(loaded_data_dir):
    rows = json.loads(skg(loaded_data_dir, "query", "region-contacts", "-p", "region=dudley", "-f", "json").stdout)
    agencies = [r["agency"] for r in rows]
    assert len(agencies) == len(set(agencies))
    table = skg(loaded_data_dir, "query", "region-contacts", "-p", "region=Dudley", "--full").stdout
    assert "0300 555 0050" in table and "03005550050" not in table


def test_values_and_describe(loaded_data_dir):
    values = skg(None, "values", "harm", "-f", "json")
    assert values.returncode == 0 and any(v["harm"] == "Online grooming" for v in json.loads(values.stdout))
    described = skg(None, "query", "harms-without-offence", "--describe").stdout
    for part in ("Parameters", "region", "skg values region", "Example", "MATCH (r:Region)"):
        assert part in described


def test_exit_codes_0_1_2_64_through_the_real_entry_point(tmp_path, loaded_data_dir):
    good = Path(__file__).resolve().parents[3] / "data" / "raw" / "dudley-safer-seven-online-risks.web.txt"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / good.name).write_bytes(good.read_bytes())
    assert skg(None, "extract", str(tmp_path / "docs")).returncode == 0
    (tmp_path / "docs" / "empty.txt").write_bytes(b"")
    partial = skg(None, "extract", str(tmp_path / "docs"))
    assert partial.returncode == 2 and "Error: " in partial.stderr + partial.stdout  # some inputs failed
    assert skg(None, "extract", str(tmp_path / "docs" / "empty.txt")).returncode == 1  # user error
    assert skg(None, "extract", "--no-such-option").returncode == 64  # usage error
