"""Settings from the environment (prefix ``SKG_``) or a ``.env`` file; flags override them."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob the pipeline reads. Defaults are the documented ones in README.md."""

    model_config = SettingsConfigDict(env_prefix="SKG_", env_file=".env", extra="ignore")

    store: str = Field("embedded", description="'embedded' or a neo4j:// / bolt:// URI")
    data_dir: Path = Field(Path("data"), description="graph store, caches and the LSH index")
    raw_dir: Path = Field(Path("data/raw"), description="guidance documents and sources.toml")
    max_file_mb: float = Field(50.0, description="files larger than this are refused")
    # Per-document budget for extraction (0 switches a bound off); see README "Reliability".
    doc_timeout: float = Field(60.0, description="seconds one document may take to extract")
    doc_memory_mb: int = Field(4096, description="address space one extraction may use (MB)")
    # De-duplication thresholds; see README "De-duplication" for the measurements behind them.
    lsh_threshold: float = 0.5
    duplicate_threshold: float = 0.80
    revision_threshold: float = 0.45
    containment_threshold: float = 0.85

    @property
    def graph_dir(self) -> Path:
        return self.data_dir / "graph"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with non-None ``overrides`` (from CLI flags) applied.

    Raises :class:`SettingsError` naming the variable, e.g. ``SKG_MAX_FILE_MB=abc``."""
    from pydantic import ValidationError

    from extractors.errors import SettingsError, redact

    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as e:
        problems = "; ".join(
            f"SKG_{'.'.join(str(p) for p in err['loc']).upper()}={err.get('input')!r}: {err['msg']}"
            for err in e.errors())
        raise SettingsError(redact(f"invalid setting: {problems}")) from None
