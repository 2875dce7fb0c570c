"""A local Neo4j Community 5.26 server on 127.0.0.1, from Maven Central, no Docker: for tests
and for analysts who have Java and Maven but no Neo4j.

The jars come from Maven Central once (:mod:`graph.stores.neo4j_dist`, a cache outside the
repository). An instance directory holds everything else::

    <dir>/conf/neo4j.conf   written at every start: Bolt and HTTP on 127.0.0.1, auth on
    <dir>/password          generated once, mode 0600; set as the initial password
    <dir>/data/             the databases
    <dir>/logs/             neo4j.log, debug.log, console.log (the JVM's own output)
    <dir>/neo4j.pid         the running JVM

Run ``python -m graph.stores.neo4j_server start|stop|env [--dir DIR]`` (``make neo4j``).
The password is never printed: the settings printed read it from the file.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from graph.stores.neo4j_dist import NEO4J_VERSION, Neo4jServerError, java, provision

USER = "neo4j"
START_TIMEOUT = 180.0
DEFAULT_DIR = Path("data/neo4j")

# Sets the initial password from stdin, so that it never appears in a process's arguments.
_SET_PASSWORD = """public class SetInitialPassword {
  public static void main(String[] a) throws Exception {
    String pw = new String(System.in.readAllBytes(), "UTF-8").strip();
    org.neo4j.cli.AdminTool.main(new String[] {"dbms", "set-initial-password", pw});
  }
}
"""

# The JVM flags the neo4j launcher script would add (it is not on Maven Central).
_JVM_FLAGS = [
    "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields", "-XX:+DisableExplicitGC", "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true", "-Dlog4j2.disable.jmx=true", "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
]


@dataclass
class LocalNeo4j:
    """One instance directory and its ports."""

    dir: Path = DEFAULT_DIR
    bolt_port: int = 7687
    http_port: int = 7474
    heap: str = "1g"
    pagecache: str = "256m"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"

    @property
    def password_file(self) -> Path:
        return self.dir.resolve() / "password"

    @property
    def pid_file(self) -> Path:
        return self.dir / "neo4j.pid"

    def password(self) -> str:
        return self.password_file.read_text(encoding="utf-8").strip()

    def env(self) -> dict[str, str]:
        """The settings a store needs, as environment variables; the password stays in its
        file (``NEO4J_PASSWORD_FILE``), so no environment dump or log can show it."""
        return {"SKG_STORE": self.uri, "NEO4J_URI": self.uri, "NEO4J_USERNAME": USER,
                "NEO4J_PASSWORD_FILE": str(self.password_file)}

    def exports(self) -> str:
        """:meth:`env` as one shell ``export`` line."""
        return "export " + " ".join(f"{k}={v}" for k, v in self.env().items())


def write_config(server: LocalNeo4j, guide_hosts: str = "127.0.0.1,localhost") -> Path:
    """``conf/neo4j.conf``: loopback only, auth on, data and logs inside the instance."""
    server.dir.mkdir(parents=True, exist_ok=True)
    os.chmod(server.dir, 0o700)  # the password and the data live here
    home = server.dir.resolve()
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    text = "\n".join([
        "# written by graph/stores/neo4j_server.py at every start; edit that, not this",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{server.bolt_port}",
        f"server.bolt.advertised_address=127.0.0.1:{server.bolt_port}",
        f"server.http.listen_address=127.0.0.1:{server.http_port}",
        f"server.http.advertised_address=127.0.0.1:{server.http_port}",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        f"server.directories.data={home / 'data'}",
        f"server.directories.logs={home / 'logs'}",
        f"server.directories.import={home / 'import'}",
        f"server.directories.plugins={home / 'plugins'}",
        f"server.directories.run={home / 'run'}",
        f"server.memory.heap.initial_size={server.heap}",
        f"server.memory.heap.max_size={server.heap}",
        f"server.memory.pagecache.size={server.pagecache}",
        # A local analyst server needs crash recovery, not point-in-time restore: keep the
        # transaction logs to the last two files (the default keeps 2 days: ~100 MB per full
        # load of the bench graph, so 770 MB after a few re-ingests) and rotate them smaller.
        "db.tx_log.rotation.size=64M",
        "db.tx_log.rotation.retention_policy=2 files",
        "dbms.usage_report.enabled=false",
        "client.allow_telemetry=false",
        # `:play <url>` in the Browser fetches guides only from these hosts
        f"browser.remote_content_hostname_whitelist={guide_hosts}",
        "",
    ])
    path = conf / "neo4j.conf"
    path.write_text(text, encoding="utf-8")
    return path


def _ensure_password(server: LocalNeo4j, lib: Path) -> None:
    """Generate the password (0600) and make it the initial one, before the first start."""
    pw_file = server.password_file
    if not pw_file.exists():
        server.dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(pw_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            # hex: a URL-safe token may start with "-", which neo4j-admin reads as an option
            f.write(secrets.token_hex(24) + "\n")
    os.chmod(pw_file, 0o600)
    if (server.dir / "data" / "dbms" / "auth.ini").exists():
        return
    shim = lib.parent / "SetInitialPassword.java"
    shim.write_text(_SET_PASSWORD, encoding="utf-8")
    env = {**os.environ, "NEO4J_HOME": str(server.dir.resolve()), "NEO4J_CONF": str(server.dir.resolve() / "conf")}
    done = subprocess.run([java(), "-cp", f"{lib}/*", str(shim)], input=server.password(), env=env,
                          capture_output=True, text=True)
    if done.returncode != 0 or not (server.dir / "data" / "dbms" / "auth.ini").exists():
        raise Neo4jServerError(f"setting the initial password failed:\n{(done.stdout + done.stderr)[-2000:]}")


def running_pid(server: LocalNeo4j) -> int | None:
    """The pid of this instance's JVM if it is alive, else None (a stale pid file is removed)."""
    try:
        pid = int(server.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
        with contextlib.suppress(OSError):
            if "CommunityEntryPoint" not in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
                raise ProcessLookupError
    except ProcessLookupError:
        server.pid_file.unlink(missing_ok=True)
        return None
    return pid


def bolt_answers(server: LocalNeo4j) -> bool:
    """Does Bolt accept this instance's credentials and run a query?"""
    import neo4j

    try:
        with neo4j.GraphDatabase.driver(server.uri, auth=(USER, server.password())) as d:
            d.verify_connectivity()
            d.execute_query("RETURN 1")
        return True
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError, ValueError):
        return False


def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def log_tail(server: LocalNeo4j, lines: int = 30) -> str:
    out = []
    for name in ("console.log", "neo4j.log"):
        path = server.dir / "logs" / name
        if path.exists():
            tail = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            out.append(f"--- {path} (last {len(tail)} lines)\n" + "\n".join(tail))
    return "\n".join(out) or f"(no logs under {server.dir / 'logs'})"


def start(server: LocalNeo4j, timeout: float = START_TIMEOUT) -> int:
    """Start the instance (or find it running) and wait until Bolt answers. Returns the pid."""
    pid = running_pid(server)
    if pid is not None and bolt_answers(server):
        return pid
    if pid is not None:
        raise Neo4jServerError(f"a Neo4j (pid {pid}) runs on {server.dir} but Bolt does not answer\n"
                               + log_tail(server))
    for port in (server.bolt_port, server.http_port):
        if _port_taken(port):
            raise Neo4jServerError(f"127.0.0.1:{port} is taken by another process: choose other ports "
                                   "(--bolt-port/--http-port) or stop it")
    lib = provision()
    write_config(server)
    _ensure_password(server, lib)
    logs = server.dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    home = server.dir.resolve()
    cmd = [java(), f"-Xms{server.heap}", f"-Xmx{server.heap}", *_JVM_FLAGS, "-cp", f"{lib}/*",
           "org.neo4j.server.CommunityEntryPoint", f"--home-dir={home}", f"--config-dir={home / 'conf'}"]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    with (logs / "console.log").open("ab") as console:
        proc = subprocess.Popen(cmd, stdout=console, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env, start_new_session=True)
    server.pid_file.write_text(f"{proc.pid}\n")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            server.pid_file.unlink(missing_ok=True)
            raise Neo4jServerError(f"Neo4j exited with status {proc.returncode}\n" + log_tail(server))
        if bolt_answers(server):
            return proc.pid
        time.sleep(0.5)
    stop(server)
    raise Neo4jServerError(f"Bolt did not answer on {server.uri} within {timeout:.0f} s\n" + log_tail(server))


def stop(server: LocalNeo4j, kill: bool = False, timeout: float = 60.0) -> bool:
    """Stop the instance (SIGTERM, then SIGKILL after ``timeout``; ``kill`` = SIGKILL at once,
    as a crash would). Returns whether one was running."""
    pid = running_pid(server)
    if pid is None:
        return False
    os.kill(pid, signal.SIGKILL if kill else signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap it when it is our child (tests)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        os.kill(pid, signal.SIGKILL)
    server.pid_file.unlink(missing_ok=True)
    return True


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m graph.stores.neo4j_server", description=__doc__.split("\n")[0])
    p.add_argument("action", choices=["start", "stop", "env", "provision"])
    p.add_argument("--dir", type=Path, default=Path(os.environ.get("SKG_NEO4J_DIR") or DEFAULT_DIR))
    p.add_argument("--bolt-port", type=int, default=int(os.environ.get("SKG_NEO4J_BOLT_PORT") or 7687))
    p.add_argument("--http-port", type=int, default=int(os.environ.get("SKG_NEO4J_HTTP_PORT") or 7474))
    a = p.parse_args(argv)
    server = LocalNeo4j(a.dir, a.bolt_port, a.http_port)
    try:
        if a.action == "provision":
            print(provision())
        elif a.action == "start":
            pid = start(server)
            print(f"Neo4j {NEO4J_VERSION} (pid {pid}) on {server.uri}; Browser at {server.browser_url} "
                  f"(user {USER}, password in {server.password_file}); logs in {server.dir / 'logs'}. "
                  "Settings to use:", file=sys.stderr)
            print(server.exports())
        elif a.action == "env":
            print(server.exports())
        else:
            print("stopped" if stop(server) else f"no Neo4j running on {server.dir}", file=sys.stderr)
    except Neo4jServerError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
