"""Connection settings of the Neo4j store, read by pydantic-settings (environment, then ``.env``).

``NEO4J_USERNAME`` (default ``neo4j``), ``NEO4J_PASSWORD`` (a :class:`~pydantic.SecretStr`: it
never appears in a repr, a log or an error) and ``NEO4J_DATABASE`` (default: the server's
default database). :class:`pipeline.settings.Settings` holds one as ``settings.neo4j``.
"""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Neo4jSettings(BaseSettings):
    """Neo4j credentials and database; the environment wins over ``.env``."""

    model_config = SettingsConfigDict(env_prefix="NEO4J_", env_file=".env", extra="ignore")

    username: str = "neo4j"
    password: SecretStr = SecretStr("")
    database: str | None = None
