"""Neo4j Browser for real: the server's own Browser (http://127.0.0.1:<http>/browser/) in
headless Debian chromium, driven by Playwright. It connects, loads the project's GraSS style
and the guide from a URL this test serves, runs the guide's first query on data/raw, and saves
screenshots (SKG_BROWSER_SHOTS=dir keeps them; docs/neo4j-browser.png is one)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.stores.base import GraphStore
from queries.browser.guide import GUIDE, guide_server
from queries.catalog import list_queries

GRASS = GUIDE.with_name("skg.grass")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def chromium() -> str:
    """Debian's chromium, installed here when missing (the test set-up, as root)."""
    path = shutil.which("chromium")
    if not path and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], capture_output=True, timeout=900,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        path = shutil.which("chromium")
    if not path:
        pytest.skip("no chromium (apt-get install chromium)")
    return path


def style_colours() -> dict[str, str]:
    """node label -> fill colour in skg.grass."""
    text = GRASS.read_text(encoding="utf-8")
    return {label: colour.lower() for label, colour in
            re.findall(r"^node\.(\w+) \{[^}]*?^\s+color: (#[0-9A-Fa-f]{6});", text, re.M | re.S)}


@pytest.fixture(scope="module")
def guide_url() -> Iterator[str]:
    server = guide_server()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        # localhost: the name both the server's allow-list and the Browser's default accept
        yield f"http://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def page(neo4j_raw: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright import sync_api  # the test extra installs it; it drives Debian's chromium

    from graph.stores.settings import Neo4jSettings

    def _password() -> str:
        return Neo4jSettings().secret()


    http = os.environ.get("SKG_NEO4J_HTTP_PORT") or "7474"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 900})
        pg.set_default_timeout(90_000)
        pg.goto(f"http://127.0.0.1:{http}/browser/", wait_until="networkidle")
        pg.get_by_test_id("bolt-scheme-select").select_option("bolt://")
        pg.get_by_test_id("username").fill("neo4j")
        pg.get_by_test_id("password").fill(_password())
        pg.get_by_test_id("connect").click()
        pg.get_by_text("You are connected as user").first.wait_for()
        yield pg
        browser.close()


def run_command(pg: Any, command: str) -> None:
    """Type into the Browser's main editor and run it."""
    pg.locator(".monaco-editor").first.click()
    pg.keyboard.insert_text(command)
    pg.get_by_test_id("editor-Run").first.click()


def shot(pg: Any, name: str, tmp: Path) -> Path:
    out = Path(os.environ.get("SKG_BROWSER_SHOTS") or tmp)
    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    pg.screenshot(path=str(path))
    return path


def test_the_browser_loads_the_style_and_plays_the_guide_slides(page, guide_url, tmp_path) -> None:
    run_command(page, f":style {guide_url}/skg.grass")
    frame = page.locator("article").filter(has_text=":style").first
    frame.get_by_text("node.Harm").first.wait_for()
    assert not page.get_by_text("InvalidGrassError").count()

    run_command(page, f":play {guide_url}/{GUIDE.name}")
    guide = page.locator("article").filter(has_text=f":play {guide_url}").first  # the guide's frame
    guide.get_by_text("Where does each region").first.wait_for()
    slides = len(list_queries()) + 1
    guide.get_by_text(f"1 / {slides}").wait_for()
    assert guide.locator("pre.runnable").count() >= 2
    assert shot(page, "guide-slide-1.png", tmp_path).stat().st_size > 10_000
    guide.get_by_test_id("nextSlide").click()
    guide.get_by_text(f"2 / {slides}").wait_for()
    guide.get_by_role("heading", name="Harm coverage by region").wait_for()
    shot(page, "guide-slide-2.png", tmp_path)


def test_the_guides_first_query_draws_a_styled_graph(page, guide_url, tmp_path, neo4j_raw) -> None:
    harm_names = {r["n"] for r in neo4j_raw.run(
        "MATCH (h:Harm)-[:MAY_CONSTITUTE]->() RETURN DISTINCT h.name AS n")}
    assert harm_names
    run_command(page, f":play {guide_url}/{GUIDE.name}")  # a fresh guide frame, at its first slide
    guide = page.locator("article").filter(has_text=f":play {guide_url}").first
    guide.get_by_text("Where does each region").first.wait_for()
    first = guide.locator("pre.runnable").first
    assert "MAY_CONSTITUTE" in first.inner_text()
    first.click()  # a runnable block goes into the editor
    page.get_by_test_id("editor-Run").first.click()
    result = page.locator("article").filter(has_text="RETURN p, q").first
    result.locator("svg g.node").first.wait_for()
    page.wait_for_timeout(3_000)  # the force layout settles
    fills = {f.lower() for f in result.locator("svg g.node circle").evaluate_all(
        "cs => cs.map(c => c.getAttribute('fill'))") if f}
    colours = style_colours()
    assert colours["Harm"] in fills, "harms are drawn in the style's red"
    assert colours["Law"] in fills and colours["Agency"] in fills, "offences blue, agencies green"
    assert "#a5abb6" not in fills, "a node fell back to the default grey: a label without style"
    captions = " ".join(result.locator("svg g.node text").evaluate_all("ts => ts.map(t => t.textContent || '')"))
    assert any(name.split()[0] in captions for name in harm_names), "harm names are the captions"
    assert re.search(r"s\. \d+", captions), "provisions are captioned with their section"
    path = shot(page, "guide-first-query.png", tmp_path)
    assert path.stat().st_size > 20_000
