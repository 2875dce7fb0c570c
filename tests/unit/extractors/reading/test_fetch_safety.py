"""What a hostile or broken server cannot do through ``fetch`` (D3, D9, D10, D19), against a real
HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from extractors.errors import FetchError
from extractors.models import Document, SourceMeta
from extractors.reading.fetch import fetch, sidecar_path

GOOD = (b"1. Online grooming\n\nGrooming is when someone builds a relationship with a child to abuse "
        b"them. Report it to CEOP.\n\n2. Sextortion\n\nSextortion is blackmail with images.\n")
LOGIN = (b"<!DOCTYPE html><html><head><title>Sign in</title></head><body><main><h1>Sign in</h1>"
         b"<p>Please sign in to continue to the guidance pages.</p></main></body></html>")
BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024), 9)  # 64 MiB inflated, ~64 KB on the wire


class _Site:
    def __init__(self) -> None:
        self.body, self.ctype, self.etag = GOOD, "text/plain", '"v1"'


@pytest.fixture()
def site() -> Iterator[tuple[_Site, str]]:
    state = _Site()
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self.send_response(200)
            if self.path == "/drip":
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                for _ in range(100):
                    if stop.wait(0.2):
                        return
                    self.wfile.write(b"x")
                    self.wfile.flush()
                return
            if self.path == "/bomb":
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(BOMB)))
                self.end_headers()
                self.wfile.write(BOMB)
                return
            if self.path == "/big":
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(200 * 1024 * 1024))
                self.end_headers()
                return
            self.send_header("Content-Type", state.ctype)
            self.send_header("ETag", state.etag)
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def _meta(url: str, file: str = "remote.txt") -> SourceMeta:
    return SourceMeta(id="remote", file=file, url=url, fetch=True)


@pytest.mark.parametrize("file", ["../outside.txt", "ABSOLUTE", "a/../../x.txt"])
def test_fetch_never_writes_outside_the_source_directory(site: tuple[_Site, str], tmp_path: Path,
                                                         file: str) -> None:
    _state, base = site
    src = tmp_path / "src"
    src.mkdir()
    file = str(tmp_path / "absolute.txt") if file == "ABSOLUTE" else file
    with pytest.raises(FetchError, match="outside the source directory"):
        fetch(_meta(f"{base}/doc", file), src)
    assert list(tmp_path.iterdir()) == [src] and not list(src.iterdir())


@pytest.mark.timeout(30)
def test_a_drip_fed_body_stops_at_the_overall_deadline(site: tuple[_Site, str], tmp_path: Path) -> None:
    _state, base = site
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 1 s"):
        fetch(_meta(f"{base}/drip"), tmp_path, timeout=1.0)
    assert time.monotonic() - start < 5
    assert not (tmp_path / "remote.txt").exists() and not list(tmp_path.glob(".part-*"))


def test_a_gzip_bomb_stops_at_the_decoded_size_limit(site: tuple[_Site, str], tmp_path: Path) -> None:
    _state, base = site
    with pytest.raises(FetchError, match="over the 1 MB limit once decoded"):
        fetch(_meta(f"{base}/bomb"), tmp_path, max_bytes=1_000_000)
    assert not list(tmp_path.iterdir())


def test_a_declared_length_over_the_limit_is_refused_before_reading(site: tuple[_Site, str],
                                                                    tmp_path: Path) -> None:
    _state, base = site
    with pytest.raises(FetchError, match=r"200\.0 MB, over the 50 MB limit"):
        fetch(_meta(f"{base}/big"), tmp_path)


@pytest.mark.parametrize(("body", "ctype", "reason"), [
    (LOGIN, "text/html", "it is a sign-in page ('Sign in')"),
    (b"x", "text/plain", "it is nearly empty (1 word)"),
    (b"1. Online grooming\n\nReport it to CEOP.\n", "text/plain", "it has 4 words where the previous edition had"),
    (b"<html><body><h2>1. Online grooming</h2><p>" + GOOD[20:] + b"</p></body></html>", "text/html",
     "its format changes from text to html"),
])
def test_a_suspicious_new_edition_is_held_back_unless_forced(site: tuple[_Site, str], tmp_path: Path,
                                                             body: bytes, ctype: str, reason: str) -> None:
    state, base = site
    assert fetch(_meta(f"{base}/doc"), tmp_path).status == "fetched"
    validators = sidecar_path(tmp_path / "remote.txt").read_text()
    state.body, state.ctype, state.etag = body, ctype, '"v2"'
    held = fetch(_meta(f"{base}/doc"), tmp_path)
    assert held.status == "held-back" and reason in (held.reason or "") and "--force" in (held.reason or "")
    assert (tmp_path / "remote.txt").read_bytes() == GOOD
    assert sidecar_path(tmp_path / "remote.txt").read_text() == validators
    forced = fetch(_meta(f"{base}/doc"), tmp_path, force=True)
    assert forced.status == "fetched" and (tmp_path / "remote.txt").read_bytes() == body


def _harms_named(doc: Document) -> set[str]:
    """A stand-in for the tagger's harms, at module level: the check runs it in its worker."""
    text = doc.text.lower()
    return {h for h in ("grooming", "sextortion") if h in text}


def test_an_edition_that_loses_every_harm_is_held_back(site: tuple[_Site, str], tmp_path: Path) -> None:
    state, base = site
    fetch(_meta(f"{base}/doc"), tmp_path)
    state.body, state.etag = GOOD.replace(b"rooming", b"ardening").replace(b"Sextortion", b"Seed saving"), '"v2"'

    held = fetch(_meta(f"{base}/doc"), tmp_path, harms_of=_harms_named)
    assert held.status == "held-back" and "grooming, sextortion" in (held.reason or "")
    assert fetch(_meta(f"{base}/doc"), tmp_path).status == "fetched"  # without the check: accepted


def test_an_ordinary_new_edition_is_accepted(site: tuple[_Site, str], tmp_path: Path) -> None:
    state, base = site
    fetch(_meta(f"{base}/doc"), tmp_path)
    state.body, state.etag = GOOD + b"\n3. Sexting\n\nCall Childline on 0800 1111.\n", '"v2"'
    assert fetch(_meta(f"{base}/doc"), tmp_path).status == "fetched"


def test_credentials_in_the_url_never_appear_in_errors_or_the_sidecar(site: tuple[_Site, str],
                                                                      tmp_path: Path) -> None:
    _state, base = site
    url = base.replace("http://", "http://alice:hunter2@")
    fetch(_meta(f"{url}/doc"), tmp_path)
    assert "hunter2" not in sidecar_path(tmp_path / "remote.txt").read_text()
    with pytest.raises(FetchError) as e:
        fetch(_meta("http://alice:hunter2@127.0.0.1:1/doc", "other.txt"), tmp_path)
    assert "hunter2" not in str(e.value) and "***@127.0.0.1" in str(e.value)


PASSWORD_FORM = (b"<html><head><title>Council portal</title></head><body><h1>Welcome</h1><p>Enter your "
                 b"details to continue.</p><form method=post><input name=user><input\n type = 'password' "
                 b"name=p><button>Continue</button></form></body></html>")
_PARAGRAPH = (b"<p>Online grooming is when someone builds a relationship with a child to abuse them. "
              b"Report it to CEOP.</p>")
GUIDANCE_PAGE = (b"<html><head><title>Online safety | Council</title></head><body><nav><a href=/login>Sign in"
                 b"</a></nav><main><h1>Online safety</h1>" + _PARAGRAPH * 30 + b"</main></body></html>")


@pytest.mark.parametrize(("body", "ctype", "reason"), [
    (LOGIN, "text/html", "it is a sign-in page ('Sign in')"),
    (PASSWORD_FORM, "text/html", "it is a sign-in page (it asks for a password)"),
    (b"<html><head><title>Page not found | Kent County Council</title></head><body><h1>Sorry, we can't find "
     b"that page</h1><p>Try the search box or go to the home page.</p></body></html>", "text/html",
     "it is an error page ('Page not found | Kent County Council')"),
    (b"Access denied\n\nYou do not have permission to view this resource on this server.\n", "text/plain",
     "it is an error page ('Access denied')"),
    (b"<html><head><title>Error 403</title></head><body><p>Forbidden.</p></body></html>", "text/html",
     "it is an error page ('Error 403')"),
    (b"OK", "text/plain", "it is nearly empty (1 word)"),
    (b"<html><body><div></div></body></html>", "text/html", "it cannot be read (no text in the file)"),
])
def test_a_first_edition_that_is_not_guidance_is_refused_naming_the_source_unless_forced(
        site: tuple[_Site, str], tmp_path: Path, body: bytes, ctype: str, reason: str) -> None:
    state, base = site
    state.body, state.ctype = body, ctype
    with pytest.raises(FetchError) as refused:
        fetch(_meta(f"{base}/doc"), tmp_path)
    message = str(refused.value)
    assert message == (f"remote.txt ({base}/doc): first edition refused: {reason}; nothing is ingested "
                       "(run with --force to accept it)")
    assert "\n" not in message and not list(tmp_path.iterdir())  # no file, no part file, no sidecar
    forced = fetch(_meta(f"{base}/doc"), tmp_path, force=True)
    assert forced.status == "fetched" and (tmp_path / "remote.txt").read_bytes() == body


@pytest.mark.parametrize("body", [
    GOOD,
    b"1. Online grooming\n\nReport to CEOP.\n",  # the review's tiny first edition (D9)
    b"Logging in safely\n\nChildren should never share the password they use to log in with friends.\n",
    b"1. Errors in reporting\n\nIf a report to CEOP was sent in error, call them on 0800 1111.\n",
    GUIDANCE_PAGE,  # a long page under a site menu that says "Sign in"
    GUIDANCE_PAGE.replace(b"<nav>", b"<nav><form><input type=password></form>").replace(
        b"</main>", _PARAGRAPH * 40 + b"</main>"),  # a password box in the menu of a 1,200-word page
])
def test_a_first_edition_of_real_guidance_is_accepted(site: tuple[_Site, str], tmp_path: Path,
                                                      body: bytes) -> None:
    state, base = site
    state.body, state.ctype = body, "text/html" if body.startswith(b"<html") else "text/plain"
    assert fetch(_meta(f"{base}/doc"), tmp_path).status == "fetched"
    assert (tmp_path / "remote.txt").read_bytes() == body
