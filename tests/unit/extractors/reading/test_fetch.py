"""Remote sources: conditional GET against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from extractors.errors import FetchError
from extractors.models import SourceMeta
from extractors.reading.fetch import fetch, sidecar_path


class _Site:
    """A tiny site whose one document can be changed between requests."""

    def __init__(self) -> None:
        self.body = b"1. Reporting\nCall Childline on 0800 1111.\n"
        self.etag = '"v1"'
        self.ctype = "text/plain; charset=utf-8"
        self.hits: list[tuple[str, int]] = []


@pytest.fixture()
def site() -> Iterator[tuple[_Site, str]]:
    state = _Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self.path == "/slow":
                threading.Event().wait(2)
            if self.path == "/missing":
                self.send_response(404)
                self.end_headers()
                state.hits.append((self.path, 404))
                return
            if self.headers.get("If-None-Match") == state.etag:
                self.send_response(304)
                self.end_headers()
                state.hits.append((self.path, 304))
                return
            self.send_response(200)
            self.send_header("Content-Type", state.ctype if self.path != "/image" else "image/png")
            self.send_header("ETag", state.etag)
            self.send_header("Date", formatdate(usegmt=True))
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)
            state.hits.append((self.path, 200))

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _meta(url: str) -> SourceMeta:
    return SourceMeta(id="remote", file="remote.txt", url=url, fetch=True)


def test_fetch_downloads_then_sends_conditional_get(site: tuple[_Site, str], tmp_path: Path) -> None:
    state, base = site
    first = fetch(_meta(f"{base}/doc"), tmp_path)
    assert first.status == "fetched" and first.date
    assert (tmp_path / "remote.txt").read_bytes() == state.body
    assert sidecar_path(tmp_path / "remote.txt").exists()

    second = fetch(_meta(f"{base}/doc"), tmp_path)
    assert second.status == "not-modified"
    for _ in range(100):  # the server thread records the hit after the client has its answer
        if len(state.hits) >= 2:
            break
        threading.Event().wait(0.05)
    assert state.hits[-1] == ("/doc", 304)


def test_fetch_replaces_a_changed_document(site: tuple[_Site, str], tmp_path: Path) -> None:
    state, base = site
    fetch(_meta(f"{base}/doc"), tmp_path)
    state.body, state.etag = b"1. Reporting\nCall Report Fraud on 0300 123 2040.\n", '"v2"'
    result = fetch(_meta(f"{base}/doc"), tmp_path)
    assert result.status == "fetched"
    assert b"Report Fraud" in (tmp_path / "remote.txt").read_bytes()


def test_fetch_reports_404_and_keeps_previous_copy(site: tuple[_Site, str], tmp_path: Path) -> None:
    _state, base = site
    (tmp_path / "remote.txt").write_text("old copy")
    with pytest.raises(FetchError, match=r"remote\.txt .*HTTP 404"):
        fetch(_meta(f"{base}/missing"), tmp_path)
    assert (tmp_path / "remote.txt").read_text() == "old copy"


def test_fetch_refuses_non_document_response(site: tuple[_Site, str], tmp_path: Path) -> None:
    _state, base = site
    with pytest.raises(FetchError, match="not a document"):
        fetch(_meta(f"{base}/image"), tmp_path)


def test_fetch_times_out_clearly(site: tuple[_Site, str], tmp_path: Path) -> None:
    _state, base = site
    with pytest.raises(FetchError, match="timed out"):
        fetch(_meta(f"{base}/slow"), tmp_path, timeout=0.3)
