"""Download remote sources (``fetch = true`` in sources.toml) with a conditional GET.

The bytes are stored in the source directory under the manifest's ``file`` name; the
validators (ETag, Last-Modified) and the response date go to a hidden sidecar
``.<file>.fetch.json`` beside it, so the next run sends ``If-None-Match`` /
``If-Modified-Since`` and an unchanged document costs one 304.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx

from extractors.errors import FetchError
from extractors.models import SourceMeta

# Content types that can hold guidance; anything else (images, archives, JSON APIs) is refused.
DOCUMENT_TYPES = ("application/pdf", "text/html", "application/xhtml+xml", "text/plain",
                  "text/markdown", "application/octet-stream")


@dataclass(frozen=True)
class FetchResult:
    """What one fetch did: ``fetched`` new bytes or found them ``not-modified``."""

    source_id: str
    path: Path
    status: Literal["fetched", "not-modified"]
    date: str | None


def sidecar_path(path: Path) -> Path:
    """Where the validators of a fetched file are kept."""
    return path.with_name(f".{path.name}.fetch.json")


def fetch(meta: SourceMeta, directory: Path, timeout: float = 30.0,
          max_bytes: int = 50 * 1024 * 1024) -> FetchResult:
    """Download ``meta.url`` into ``directory/meta.file`` unless the server says not modified.

    Raises :class:`FetchError` naming the source and URL on time-outs, HTTP errors, responses
    that are not documents, or bodies over ``max_bytes``. A failed fetch leaves any earlier
    copy of the file untouched.
    """
    if not meta.url:
        raise FetchError(f"{meta.file}: fetch = true but no url in sources.toml")
    path = directory / meta.file
    side = sidecar_path(path)
    headers: dict[str, str] = {"User-Agent": "safeguarding-graph (skg) fetcher"}
    previous: dict[str, str] = {}
    if path.exists() and side.exists():
        try:
            previous = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        if previous.get("etag"):
            headers["If-None-Match"] = previous["etag"]
        if previous.get("last_modified"):
            headers["If-Modified-Since"] = previous["last_modified"]
    where = f"{meta.file} ({meta.url})"
    try:
        response = httpx.get(meta.url, headers=headers, timeout=timeout, follow_redirects=True)
    except httpx.TimeoutException as e:
        raise FetchError(f"{where}: timed out after {timeout:g} s") from e
    except httpx.HTTPError as e:
        raise FetchError(f"{where}: {type(e).__name__}: {e}") from e
    if response.status_code == 304 and path.exists():
        return FetchResult(meta.id, path, "not-modified", previous.get("date"))
    if response.status_code >= 400:
        raise FetchError(f"{where}: HTTP {response.status_code} {response.reason_phrase}")
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype and not ctype.startswith(DOCUMENT_TYPES):
        raise FetchError(f"{where}: not a document (content-type {ctype})")
    body = response.content
    if not body:
        raise FetchError(f"{where}: empty response")
    if len(body) > max_bytes:
        raise FetchError(f"{where}: response is {len(body) / 1e6:.1f} MB, over the limit")
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(body)
    os.replace(tmp, path)  # readers never see a half-written document
    record = {
        "url": meta.url,
        "etag": response.headers.get("etag"),
        "last_modified": response.headers.get("last-modified"),
        "date": response.headers.get("date"),
    }
    side.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return FetchResult(meta.id, path, "fetched", record["date"])
