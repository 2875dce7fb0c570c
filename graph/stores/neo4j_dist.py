"""Neo4j Community from Maven Central, resolved once into a cache outside the repository.

``mvn dependency:copy-dependencies`` on a generated pom copies the ``org.neo4j:neo4j`` community
server (main class ``org.neo4j.server.CommunityEntryPoint``) and ``org.neo4j.client:neo4j-browser``
with all their runtime dependencies into ``$SKG_NEO4J_CACHE`` (default
``~/.cache/skg/neo4j-<version>``)``/lib``; a ``.complete`` marker makes later calls offline.
Used by :mod:`graph.stores.neo4j_server`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

NEO4J_VERSION = "5.26.30"
BROWSER_VERSION = "5.24.0"  # the newest 5.x Browser on Maven Central; 5.26 ships it

_POM = f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>skg</groupId><artifactId>skg-neo4j-server</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId>
      <version>{NEO4J_VERSION}</version></dependency>
    <dependency><groupId>org.neo4j.client</groupId><artifactId>neo4j-browser</artifactId>
      <version>{BROWSER_VERSION}</version></dependency>
  </dependencies>
</project>
"""


class Neo4jServerError(RuntimeError):
    """Provisioning or starting the local server failed; the message says why."""


def cache_dir() -> Path:
    """Where the jars are kept: ``$SKG_NEO4J_CACHE`` or ``~/.cache/skg/neo4j-<version>``."""
    return Path(os.environ.get("SKG_NEO4J_CACHE") or Path.home() / ".cache" / "skg" / f"neo4j-{NEO4J_VERSION}")


def java() -> str:
    """The ``java`` to run the server with: ``$JAVA_HOME/bin/java`` or the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    path = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not path or not Path(path).exists():
        raise Neo4jServerError("java not found: install a JDK 17 or 21 (or set JAVA_HOME)")
    return path


def provision(quiet: bool = False) -> Path:
    """The directory of the server's jars, resolved from Maven Central the first time."""
    cache = cache_dir()
    lib = cache / "lib"
    if (lib / ".complete").exists():
        return lib
    mvn = shutil.which("mvn")
    if not mvn:
        raise Neo4jServerError("mvn not found: Maven is needed once, to fetch Neo4j from Maven Central")
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "pom.xml").write_text(_POM, encoding="utf-8")
    tmp = cache / "lib.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    if not quiet:
        print(f"Resolving Neo4j {NEO4J_VERSION} from Maven Central into {cache} (once)…", file=sys.stderr)
    done = subprocess.run(
        [mvn, "-B", "-q", "-f", str(cache / "pom.xml"), "dependency:copy-dependencies",
         f"-DoutputDirectory={tmp}", "-DincludeScope=runtime"],
        capture_output=True, text=True)
    if done.returncode != 0:
        raise Neo4jServerError(f"mvn could not resolve Neo4j {NEO4J_VERSION}:\n{(done.stdout + done.stderr)[-2000:]}")
    shutil.rmtree(lib, ignore_errors=True)
    tmp.rename(lib)
    (lib / ".complete").touch()
    return lib
