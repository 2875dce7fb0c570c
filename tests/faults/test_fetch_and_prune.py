"""Fetch and prune through ``skg ingest`` into a real embedded store (D9, --prune guard): a bad
new edition never replaces a good one, and a prune that looks like a mistake is refused."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

pytestmark = pytest.mark.slow

GOOD = (b"1. Online grooming\n\nGrooming is when someone builds a relationship with a child to abuse them. "
        b"Report it to CEOP.\n\n2. Sextortion\n\nSextortion is blackmail with intimate images.\n")
LOGIN = (b"<!DOCTYPE html><html><head><title>Sign in</title></head><body><main><h1>Sign in</h1>"
         b"<p>Please sign in.</p></main></body></html>")
DOCS = {
    "a.txt": "1. Online grooming\n\nGrooming is when someone builds a relationship with a child. Report it to CEOP.\n",
    "b.txt": "1. Sextortion\n\nSextortion is blackmail with intimate images. Call the Revenge Porn Helpline.\n",
    "c.txt": "1. Cyberbullying\n\nCyberbullying is bullying online. Childline can help on 0800 1111.\n",
}


def ingest(src: Path, data: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(app, ["ingest", str(src), "--data-dir", str(data), "--store", "embedded",
                                      "--json", *extra])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    try:
        report = json.loads(result.stdout)
    except ValueError:
        report = {}
    return result.exit_code, report, result.stderr


def rows(data: Path, cypher: str) -> list[dict[str, Any]]:
    from graph.stores import open_store

    with open_store("embedded", data) as store:
        return store.run(cypher)


@pytest.fixture()
def site() -> Iterator[tuple[dict[str, bytes], str]]:
    state = {"body": GOOD, "ctype": b"text/plain"}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self.send_response(200)
            self.send_header("Content-Type", state["ctype"].decode())
            self.send_header("Content-Length", str(len(state["body"])))
            self.end_headers()
            self.wfile.write(state["body"])

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.timeout(600)
def test_a_fetched_login_page_is_held_back_and_the_good_edition_kept(tmp_path: Path, site: Any) -> None:
    state, base = site
    src, data = tmp_path / "src", tmp_path / "data"
    src.mkdir()
    (src / "sources.toml").write_text(f'[[source]]\nid = "remote"\nfile = "remote.txt"\nurl = "{base}/doc"\n'
                                      "fetch = true\n")
    code, report, err = ingest(src, data)
    assert code == 0, err
    harms = "MATCH (:Document {id: 'doc:remote'})-[:HAS_SECTION]->()-[:MENTIONS]->(h:Harm) RETURN DISTINCT h.id AS id"
    before = {r["id"] for r in rows(data, harms)}
    assert {"harm:grooming", "harm:sextortion"} <= before

    for body, ctype in ((LOGIN, b"text/html"), (b"x", b"text/plain")):
        state["body"], state["ctype"] = body, ctype
        code, report, err = ingest(src, data)
        assert code == 0, err
        assert any("held back" in w for w in report["warnings"]), report["warnings"]
        assert (src / "remote.txt").read_bytes() == GOOD
        assert {r["id"] for r in rows(data, harms)} == before

    code, report, err = ingest(src, data, "--force")  # the operator accepts the new edition
    assert code == 0 and (src / "remote.txt").read_bytes() == b"x", err


@pytest.mark.timeout(600)
def test_a_login_page_fetched_as_a_first_edition_is_refused_and_the_rest_loads(tmp_path: Path, site: Any) -> None:
    state, base = site
    state["body"], state["ctype"] = LOGIN, b"text/html"
    src, data = tmp_path / "src", tmp_path / "data"
    src.mkdir()
    (src / "a.txt").write_text(DOCS["a.txt"])
    (src / "sources.toml").write_text(f'[[source]]\nid = "remote"\nfile = "remote.txt"\nurl = "{base}/doc"\n'
                                      "fetch = true\n")
    code, report, err = ingest(src, data)
    assert code == 2, err
    status = {d["id"]: (d["status"], d.get("error") or "") for d in report["documents"]}
    assert status["a.txt"][0] == "new"
    assert status["remote"] == ("failed", f"remote.txt ({base}/doc): first edition refused: it is a sign-in "
                                          "page ('Sign in'); nothing is ingested (run with --force to accept it)")
    assert not (src / "remote.txt").exists()
    assert {r["id"] for r in rows(data, "MATCH (d:Document) RETURN d.id AS id")} == {"doc:a.txt"}

    code, report, err = ingest(src, data, "--force")  # the operator says it is what they want
    assert code == 0, err
    assert (src / "remote.txt").read_bytes() == LOGIN
    assert {r["id"] for r in rows(data, "MATCH (d:Document) RETURN d.id AS id")} == {"doc:a.txt", "doc:remote"}


@pytest.mark.timeout(600)
def test_prune_removes_gone_documents_with_their_editions_and_refuses_mistakes(tmp_path: Path) -> None:
    src, data = tmp_path / "src", tmp_path / "data"
    src.mkdir()
    for name, text in DOCS.items():
        (src / name).write_text(text)
    assert ingest(src, data)[0] == 0
    (src / "a.txt").write_text(DOCS["a.txt"] + "\n2. Sexting\n\nSexting is sharing nude images.\n")
    assert ingest(src, data)[0] == 0
    editions = "MATCH (d:Document) WHERE d.id STARTS WITH 'doc:a.txt@' RETURN d.id AS id"
    assert len(rows(data, editions)) == 1

    (src / "a.txt").unlink()
    code, report, err = ingest(src, data, "--prune")  # 1 of 3: allowed
    assert code == 0, err
    assert [d["id"] for d in report["documents"] if d["status"] == "removed"] == ["a.txt"]
    ids = {r["id"] for r in rows(data, "MATCH (d:Document) RETURN d.id AS id")}
    assert ids == {"doc:b.txt", "doc:c.txt"}  # the superseded edition went with its document

    (src / "b.txt").unlink()
    (src / "c.txt").unlink()
    code, _report, err = ingest(src, data, "--prune")  # an empty directory: refused
    assert code == 1 and "--yes" in err and "all 2 stored documents" in err
    assert len(rows(data, "MATCH (d:Document) RETURN d.id AS id")) == 2

    (src / "c.txt").write_text(DOCS["c.txt"])
    (src / "d.txt").write_text(DOCS["a.txt"].replace("CEOP", "the police"))
    code, _report, err = ingest(src, data, "--prune")  # would remove b of {b, c}: not more than half
    assert code == 0, err
    (src / "c.txt").unlink()
    (src / "d.txt").unlink()
    (src / "e.txt").write_text(DOCS["b.txt"].replace("Helpline", "line"))
    code, _report, err = ingest(src, data, "--prune")  # 2 of 2 would go: more than half
    assert code == 1 and "more than half" in err
    code, _report, err = ingest(src, data, "--prune", "--yes")
    assert code == 0, err
    assert {r["id"] for r in rows(data, "MATCH (d:Document) RETURN d.id AS id")} == {"doc:e.txt"}
