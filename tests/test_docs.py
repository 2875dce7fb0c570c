"""The README documents every command, sub-command and named query, and the set-up."""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline.cli import app

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _command_paths() -> list[str]:
    # Typer vendors its own click: walk `.commands` rather than checking click classes.
    root = typer.main.get_command(app)
    paths: list[str] = []
    for name, cmd in getattr(root, "commands", {}).items():
        paths.append(f"skg {name}")
        paths.extend(f"skg {name} {sub}" for sub in getattr(cmd, "commands", {}))
    return sorted(paths)


def test_every_cli_command_is_in_the_readme() -> None:
    commands = _command_paths()
    assert "skg ingest" in commands
    missing = [c for c in commands if c not in README]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_readme_shows_the_two_setup_commands() -> None:
    assert "make run" in README and "make test" in README


def test_every_named_query_is_in_the_readme() -> None:
    names = sorted(p.stem for p in (REPO / "queries" / "named").glob("*.cypher"))
    assert names, "no named queries found"
    missing = [n for n in names if n not in README]
    assert not missing, f"named queries not documented in README.md: {missing}"


def test_ci_runs_make_test() -> None:
    assert "make test" in (REPO / ".ci" / "run").read_text()
