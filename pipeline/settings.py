"""Settings from the environment (prefix ``SKG_``) or a ``.env`` file; flags override them.

Everything configurable is read here, by pydantic-settings, and nowhere else: the
de-duplication knobs as one nested :class:`~extractors.dedupe.config.DedupeConfig`
(``SKG_DEDUPE__DUPLICATE_THRESHOLD=0.9``; the older flat ``SKG_DUPLICATE_THRESHOLD`` still
works) and the Neo4j credentials (``NEO4J_USERNAME`` / ``NEO4J_PASSWORD`` as a SecretStr /
``NEO4J_DATABASE``). A bad value is a :class:`~extractors.errors.ConfigError` that names the
variable: ``SKG_MAX_FILE_MB: Input should be a valid number …``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from extractors.dedupe.config import DedupeConfig
from extractors.errors import ConfigError, redact
from graph.stores.settings import Neo4jSettings

if TYPE_CHECKING:
    from extractors.reading.budget import Budget

# The flat names of the thresholds before they moved into ``dedupe`` (kept working).
_LEGACY_DEDUPE = ("lsh_threshold", "duplicate_threshold", "revision_threshold", "containment_threshold")


class Settings(BaseSettings):
    """Every knob the pipeline reads. Defaults are the documented ones in README.md."""

    model_config = SettingsConfigDict(env_prefix="SKG_", env_file=".env", extra="ignore",
                                      env_nested_delimiter="__")

    store: str = Field("embedded", description="'embedded' or a neo4j:// / bolt:// URI")
    data_dir: Path = Field(Path("data"), description="graph store, caches and the LSH index")
    raw_dir: Path = Field(Path("data/raw"), description="guidance documents and sources.toml")
    max_file_mb: float = Field(50.0, gt=0, description="files larger than this are refused")
    # Per-document budget for extraction and for tagging, each stage on its own (0 switches a
    # bound off); see README "Reliability".
    doc_timeout: float = Field(60.0, ge=0, description="seconds one document may take per stage")
    doc_memory_mb: int = Field(4096, ge=0, description="address space one document's work may use (MB)")
    # See README "De-duplication" for the measurements behind the defaults.
    dedupe: DedupeConfig = Field(default_factory=DedupeConfig)
    neo4j: Neo4jSettings = Field(default_factory=Neo4jSettings)
    lsh_threshold: float | None = Field(None, exclude=True)
    duplicate_threshold: float | None = Field(None, exclude=True)
    revision_threshold: float | None = Field(None, exclude=True)
    containment_threshold: float | None = Field(None, exclude=True)

    @model_validator(mode="after")
    def _legacy_thresholds(self) -> Settings:
        legacy = {k: getattr(self, k) for k in _LEGACY_DEDUPE if getattr(self, k) is not None}
        if legacy:
            self.dedupe = DedupeConfig(**{**self.dedupe.model_dump(), **legacy})
        return self

    @property
    def graph_dir(self) -> Path:
        return self.data_dir / "graph"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    def budget(self, prepare: Callable[[], object] | None = None) -> Budget:
        """The per-document budget (``SKG_DOC_TIMEOUT``, ``SKG_DOC_MEMORY_MB``) that every
        command runs its documents under, as the ingest flow does."""
        from extractors.reading.budget import Budget

        return Budget(self.doc_timeout, self.doc_memory_mb, prepare=prepare)


def _variable(loc: tuple[Any, ...]) -> str:
    """The environment variable a validation error's location names."""
    parts = [str(p) for p in loc if not isinstance(p, int)]
    if parts[:1] == ["neo4j"]:
        return "NEO4J_" + "_".join(parts[1:]).upper()
    return "SKG_" + "__".join(parts).upper()


def get_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with non-None ``overrides`` (from CLI flags) applied.

    Raises ConfigError (one line: ``SKG_X: reason``) for a value that does not validate."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as e:
        first = e.errors()[0]
        more = f" (and {e.error_count() - 1} more)" if e.error_count() > 1 else ""
        raise ConfigError(redact(f"{_variable(tuple(first['loc']))}: {first['msg']}{more}")) from None
