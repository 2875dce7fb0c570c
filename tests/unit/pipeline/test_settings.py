"""Settings through pydantic-settings only: nested and legacy names, .env, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import ConfigError
from pipeline.settings import get_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No SKG_/NEO4J_ variables from the caller, and a working directory without a .env."""
    import os

    for name in list(os.environ):
        if name.startswith(("SKG_", "NEO4J_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_thresholds_are_one_nested_object_with_the_documented_defaults() -> None:
    dedupe = get_settings().dedupe
    assert (dedupe.duplicate_threshold, dedupe.revision_threshold, dedupe.containment_threshold,
            dedupe.lsh_threshold) == (0.80, 0.45, 0.85, 0.5)
    assert dedupe.thresholds().duplicate == 0.80 and dedupe.index_params().lsh_threshold == 0.5


def test_nested_and_legacy_environment_names_both_set_a_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKG_DEDUPE__DUPLICATE_THRESHOLD", "0.9")
    monkeypatch.setenv("SKG_REVISION_THRESHOLD", "0.3")  # the name before thresholds were nested
    dedupe = get_settings().dedupe
    assert (dedupe.duplicate_threshold, dedupe.revision_threshold) == (0.9, 0.3)


def test_neo4j_credentials_come_from_dotenv_and_stay_secret(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("NEO4J_USERNAME=analyst\nNEO4J_PASSWORD='s3cret-pw'\nSKG_MAX_FILE_MB=5\n")
    settings = get_settings()
    assert settings.neo4j.username == "analyst"
    assert settings.neo4j.password.get_secret_value() == "s3cret-pw"
    assert "s3cret-pw" not in repr(settings) and "s3cret-pw" not in str(settings.model_dump())
    assert settings.max_bytes == 5 * 1024 * 1024


def test_a_bad_value_is_one_line_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKG_MAX_FILE_MB", "fifty")
    with pytest.raises(ConfigError) as err:
        get_settings()
    assert str(err.value).startswith("SKG_MAX_FILE_MB: ") and "\n" not in str(err.value)
    monkeypatch.setenv("SKG_MAX_FILE_MB", "50")
    monkeypatch.setenv("SKG_DEDUPE__NUM_PERM", "many")
    with pytest.raises(ConfigError, match=r"^SKG_DEDUPE__NUM_PERM: "):
        get_settings()
