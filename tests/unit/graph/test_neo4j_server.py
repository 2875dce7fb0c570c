"""The local Neo4j's generated config and printed settings (no JVM started here; the server
itself is exercised by ``make test-neo4j``)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from graph.stores.neo4j_server import LocalNeo4j, write_config


def test_config_listens_on_loopback_only_with_auth_and_the_guide_allow_list(tmp_path: Path) -> None:
    server = LocalNeo4j(tmp_path / "n4j", bolt_port=17001, http_port=17002)
    conf = write_config(server).read_text()
    settings = dict(line.split("=", 1) for line in conf.splitlines() if line and not line.startswith("#"))
    assert settings["server.bolt.listen_address"] == "127.0.0.1:17001"
    assert settings["server.http.listen_address"] == "127.0.0.1:17002"
    assert settings["server.default_listen_address"] == "127.0.0.1"
    assert settings["server.https.enabled"] == "false"
    assert settings["dbms.security.auth_enabled"] == "true"
    assert settings["browser.remote_content_hostname_whitelist"] == "127.0.0.1,localhost"
    assert settings["server.directories.data"] == str((tmp_path / "n4j" / "data").resolve())
    assert stat.S_IMODE(os.stat(tmp_path / "n4j").st_mode) == 0o700


def test_printed_settings_name_the_password_file_never_the_password(tmp_path: Path) -> None:
    server = LocalNeo4j(tmp_path, bolt_port=17001)
    (tmp_path / "password").write_text("s3cret-value\n")
    line = server.exports()
    assert line.startswith("export SKG_STORE=bolt://127.0.0.1:17001 NEO4J_URI=bolt://127.0.0.1:17001")
    assert f"NEO4J_PASSWORD_FILE={(tmp_path / 'password').resolve()}" in line
    assert "s3cret" not in line and "s3cret" not in repr(server.env())


def test_the_store_reads_the_password_file(tmp_path: Path, monkeypatch) -> None:
    from graph.stores.settings import Neo4jSettings

    def _password() -> str:
        return Neo4jSettings().secret()

    (tmp_path / "pw").write_text("from-the-file\n")
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.setenv("NEO4J_PASSWORD_FILE", str(tmp_path / "pw"))
    assert _password() == "from-the-file"
    monkeypatch.setenv("NEO4J_PASSWORD", "from-the-env")
    assert _password() == "from-the-env"


def test_generated_passwords_are_0600_and_never_look_like_an_option(tmp_path: Path) -> None:
    """neo4j-admin reads a password starting with "-" as an option ("Missing required parameter"):
    the generated one is hex. The JVM is not run here (an existing auth.ini ends the set-up)."""
    from graph.stores.neo4j_server import _ensure_password

    for i in range(200):
        server = LocalNeo4j(tmp_path / f"n{i}", bolt_port=17001, http_port=17002)
        (server.dir / "data" / "dbms").mkdir(parents=True)
        (server.dir / "data" / "dbms" / "auth.ini").write_text("")
        _ensure_password(server, tmp_path)
        password = server.password()
        assert password and not password.startswith("-") and int(password, 16) >= 0
        assert stat.S_IMODE(os.stat(server.password_file).st_mode) == 0o600
