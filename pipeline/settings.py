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
    """Settings from the environment, with non-None ``overrides`` (from CLI flags) applied."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
