"""Connection settings of the Neo4j store, read by pydantic-settings (environment, then ``.env``).

``NEO4J_USERNAME`` (default ``neo4j``), ``NEO4J_PASSWORD`` (a :class:`~pydantic.SecretStr`: it
never appears in a repr, a log or an error), ``NEO4J_PASSWORD_FILE`` (a file holding it, as
``make neo4j`` writes it with mode 0600; used when ``NEO4J_PASSWORD`` is unset)
and ``NEO4J_DATABASE`` (default: the server's
default database). :class:`pipeline.settings.Settings` holds one as ``settings.neo4j``.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Neo4jSettings(BaseSettings):
    """Neo4j credentials and database; the environment wins over ``.env``."""

    model_config = SettingsConfigDict(env_prefix="NEO4J_", env_file=".env", extra="ignore")

    username: str = "neo4j"
    password: SecretStr = SecretStr("")
    password_file: Path | None = None
    database: str | None = None

    def secret(self) -> str:
        """The password: ``NEO4J_PASSWORD``, else the first line of ``NEO4J_PASSWORD_FILE``."""
        from extractors.errors import StoreUnavailableError

        if self.password.get_secret_value() or self.password_file is None:
            return self.password.get_secret_value()
        try:
            return self.password_file.expanduser().read_text(encoding="utf-8").strip()
        except OSError as e:
            raise StoreUnavailableError(
                f"NEO4J_PASSWORD_FILE {self.password_file}: cannot read it ({e.strerror})") from e
