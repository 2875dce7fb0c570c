"""Download remote sources (``fetch = true`` in sources.toml) with a conditional GET.

The bytes are stored in the source directory under the manifest's ``file`` name; the
validators (ETag, Last-Modified) and the response date go to a hidden sidecar
``.<file>.fetch.json`` beside it, so the next run sends ``If-None-Match`` /
``If-Modified-Since`` and an unchanged document costs one 304.

What a server can do to us is bounded: the target must lie inside the source directory (D3);
the body is streamed against an overall deadline and stops at ``max_bytes`` of *decoded* data,
so a drip-feed or a gzip bomb fails fast (D10); a body that is not guidance at all (a sign-in
form, an error page served with 200, a near-empty body) is refused, as a first edition too; and a
new edition that changes format, loses most of its text or all of its harms is held back with a
warning (D9). ``force`` accepts either, so a good edition is never silently replaced and a bad
page never silently becomes a document.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx

from extractors.errors import FetchError, SkgError, redact
from extractors.models import Document, Source, SourceMeta
from extractors.reading.sources import inside

# Content types that can hold guidance; anything else (images, archives, JSON APIs) is refused.
DOCUMENT_TYPES = ("application/pdf", "text/html", "application/xhtml+xml", "text/plain",
                  "text/markdown", "application/octet-stream")
# A new edition with fewer than this share of the previous edition's words is held back.
MIN_WORDS_KEPT = 0.5
_MB = 1024 * 1024
# What is not guidance (D9). A page's names (its HTML <title>, first headings, first line) are
# matched, anchored, only on short pages: "Sign in", "Log in | Council", "404 - Page not found",
# "Access denied"; not "Logging in safely" nor a long guidance page under a "Sign in" menu. A
# body of fewer than NEAR_EMPTY_WORDS words is refused whatever it says.
SHORT_PAGE_WORDS = 300
FORM_PAGE_WORDS = 1_000  # a password field refuses a page up to this long
NEAR_EMPTY_WORDS = 4
_NAME_WORDS = 12  # a longer "name" is a sentence of the body, not what the page calls itself
_SIGN_IN = re.compile(r"^(?:please\s+)?(?:sign|log)[\s-]?(?:in|on)\b|^login\b|^authenticat|"
                      r"\b(?:sign|log)[\s-]?in (?:is )?required\b", re.I)
_ERROR = re.compile(r"^(?:error\b|[45]\d\d\b|page not found|not found|access denied|forbidden|"
                    r"unauthori[sz]ed|permission denied|sorry\b|oops\b|something went wrong|"
                    r"service unavailable|(?:internal )?server error|we can(?:'|\u2019|no)t find)|"
                    r"\b(?:page|file|document)s? (?:was |were )?(?:not found|cannot be found|could not be "
                    r"found|does ?n[o'\u2019]?t exist|no longer exists?)\b|\baccess (?:is )?denied\b", re.I)
_HTML_TITLE = re.compile(rb"<title[^>]{0,200}>([^<]{0,300})", re.I)
_INPUT = re.compile(rb"<input\b", re.I)
_PASSWORD = re.compile(rb"\btype\s*=\s*[\"']?password\b", re.I)

HarmsOf = Callable[[Document], set[str]]


@dataclass(frozen=True)
class FetchResult:
    """What one fetch did: ``fetched`` new bytes, found them ``not-modified``, or ``held-back``
    a suspicious new edition (``reason`` says why; the previous copy stays)."""

    source_id: str
    path: Path
    status: Literal["fetched", "not-modified", "held-back"]
    date: str | None
    reason: str | None = None


def sidecar_path(path: Path) -> Path:
    """Where the validators of a fetched file are kept."""
    return path.with_name(f".{path.name}.fetch.json")


def fetch(meta: SourceMeta, directory: Path, timeout: float = 30.0,
          max_bytes: int = 50 * 1024 * 1024, force: bool = False,
          harms_of: HarmsOf | None = None) -> FetchResult:
    """Download ``meta.url`` into ``directory/meta.file`` unless the server says not modified.

    ``timeout`` is an overall deadline for the body (each network wait is bounded by it too,
    so the worst case is twice ``timeout``). Raises :class:`FetchError` naming the source and
    URL (user and password redacted) on time-outs, HTTP errors, responses that are not
    documents, bodies over ``max_bytes`` once decoded, or a target outside ``directory``. A
    failed or held-back fetch leaves any earlier copy of the file untouched. A first edition
    that is not guidance (see :func:`compare_editions`) is a FetchError too, unless ``force``.
    ``harms_of`` (the harm ids a document mentions; a picklable function, as it runs in the
    budget's worker) lets the edition check see lost harms; without it only the format and the
    amount of text are compared.
    """
    url = redact(meta.url or "")
    if not meta.url:
        raise FetchError(f"{meta.file}: fetch = true but no url in sources.toml")
    path = inside(directory, meta.file)
    if path is None:
        raise FetchError(f"{meta.file}: outside the source directory {directory}; refused")
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
    where = f"{meta.file} ({url})"
    tmp = path.with_name(f".part-{path.name}")  # keeps the suffix, so sniffing sees the same name
    try:
        record = _download(meta.url, headers, tmp, where, timeout, max_bytes, path.exists())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if record is None:
        return FetchResult(meta.id, path, "not-modified", previous.get("date"))
    if not force:
        first = not path.exists()
        reason = compare_editions(meta, None if first else path, tmp, harms_of)
        if reason:
            tmp.unlink(missing_ok=True)
            if first:  # nothing to keep: the source fails, with the reason
                raise FetchError(f"{where}: first edition refused: {reason}; nothing is ingested "
                                 "(run with --force to accept it)")
            return FetchResult(meta.id, path, "held-back", previous.get("date"),
                               f"{where}: new edition held back: {reason}; the previous copy is "
                               "kept (run with --force to accept it)")
    os.replace(tmp, path)  # readers never see a half-written document
    record["url"] = url
    side.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return FetchResult(meta.id, path, "fetched", record["date"])


def _download(url: str, headers: dict[str, str], tmp: Path, where: str, timeout: float,
              max_bytes: int, have_copy: bool) -> dict[str, str | None] | None:
    """Stream the body into ``tmp``; the response's validators, or None for a 304."""
    deadline = time.monotonic() + timeout
    try:
        with httpx.stream("GET", url, headers=headers, timeout=timeout, follow_redirects=True) as r:
            if r.status_code == 304 and have_copy:
                return None
            if r.status_code >= 400:
                raise FetchError(f"{where}: HTTP {r.status_code} {r.reason_phrase}")
            ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and not ctype.startswith(DOCUMENT_TYPES):
                raise FetchError(f"{where}: not a document (content-type {ctype})")
            declared = r.headers.get("content-length", "")
            if declared.isdigit() and "content-encoding" not in r.headers and int(declared) > max_bytes:
                raise FetchError(f"{where}: response is {int(declared) / _MB:.1f} MB, over the "
                                 f"{max_bytes / _MB:.0f} MB limit")
            size = 0
            with tmp.open("wb") as out:
                # Decoded chunks as they arrive (a gzip bomb counts inflated); no re-chunking, so
                # the deadline is checked after every network read.
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"{where}: response is over the {max_bytes / _MB:.0f} MB "
                                         "limit once decoded; stopped")
                    if time.monotonic() > deadline:
                        raise FetchError(f"{where}: timed out after {timeout:g} s (still downloading)")
                    out.write(chunk)
            if size == 0:
                raise FetchError(f"{where}: empty response")
            return {"etag": r.headers.get("etag"), "last_modified": r.headers.get("last-modified"),
                    "date": r.headers.get("date")}
    except httpx.TimeoutException as e:
        raise FetchError(f"{where}: timed out after {timeout:g} s") from e
    except httpx.HTTPError as e:
        raise FetchError(redact(f"{where}: {type(e).__name__}: {e}")) from e


def harm_ids(document: Document) -> set[str]:
    """The harm ids a document mentions, as the tagger finds them (the edition check's
    ``harms_of`` in an ingest)."""
    from extractors.tagging.tagger import tag

    return {m.entity_id for m in tag(document).mentions if m.entity_id.startswith("harm:")}


def not_guidance(document: Document, raw: bytes) -> str | None:
    """Why an extracted page is not guidance (a sign-in form, an error page served with 200, a
    near-empty body), or None. ``raw`` is the file's bytes (a password field is no text)."""
    words = _words(document)
    names = _names(document, raw)
    if words < FORM_PAGE_WORDS and document.format == "html" and _has_password_field(raw):
        return "it is a sign-in page (it asks for a password)"
    if words < SHORT_PAGE_WORDS:
        for name in names:
            if _SIGN_IN.search(name):
                return f"it is a sign-in page ({name!r})"
        for name in names:
            if _ERROR.search(name):
                return f"it is an error page ({name!r})"
    if words < NEAR_EMPTY_WORDS:
        return f"it is nearly empty ({words} word{'s' if words != 1 else ''})"
    return None


def _words(document: Document) -> int:
    """Words of the text and of the headings the file itself gives ("1. Online grooming / Report
    to CEOP." is five words of guidance), not of a heading made up for a preamble."""
    made_up = {"Preamble", document.metadata.title}
    return sum(len(s.text.split()) + (len(s.heading.split()) if s.heading and not (
        s.number is None and s.heading in made_up) else 0) for s in document.sections)


def _names(document: Document, raw: bytes) -> list[str]:
    """What a page calls itself: its HTML <title>, its first headings, its first line."""
    names = []
    if document.format == "html":
        title = _HTML_TITLE.search(raw[:65536])
        if title:
            names.append(title.group(1).decode("utf-8", "replace"))
    made_up = {"Preamble", document.metadata.title}
    names += [s.heading for s in document.sections[:3] if s.heading and s.heading not in made_up]
    if document.sections:
        names.append(document.sections[0].text.strip().split("\n", 1)[0])
    return [n for n in (" ".join(n.split()) for n in names) if n and len(n.split()) <= _NAME_WORDS]


def _has_password_field(raw: bytes) -> bool:
    # Each <input> tag is looked at on its own (up to its '>'), so the scan stays linear.
    for match in _INPUT.finditer(raw):
        tag = raw[match.end():match.end() + 500].split(b">", 1)[0]
        if _PASSWORD.search(tag):
            return True
    return False


def compare_editions(meta: SourceMeta, old: Path | None, new: Path, harms_of: HarmsOf | None = None,
                     timeout: float = 60.0) -> str | None:
    """Why the edition at ``new`` should not replace the one at ``old`` (None for a first
    edition), or None to accept it.

    Refused whatever came before: the new bytes cannot be read, or they are not guidance
    (:func:`not_guidance`). Held back against an ``old`` edition: the format changes (a text
    file that now is an HTML page), fewer than half of the words remain, or every harm the old
    edition names is gone; an old edition that cannot be read itself is not compared. Both are
    extracted, and their harms found, under a :class:`~extractors.reading.budget.Budget`, so a
    hostile body cannot stall this.
    """
    from extractors.reading.budget import Budget
    from extractors.reading.extract import extract

    lost: set[str] = set()
    kept: set[str] = set()
    with Budget(timeout=timeout) as budget:
        try:
            after = budget.run(extract, Source(path=new, meta=meta), label=meta.file)
        except SkgError as e:  # the reason, without the temporary file's name
            return f"it cannot be read ({str(e).removeprefix(meta.file + ': ').removeprefix(f'{new}: ')})"
        reason = not_guidance(after, new.read_bytes())
        if reason or old is None:
            return reason
        try:
            before = budget.run(extract, Source(path=old, meta=meta), label=str(old))
        except SkgError:
            return None
        if before.format != after.format:
            return f"its format changes from {before.format} to {after.format}"
        if after.word_count < MIN_WORDS_KEPT * before.word_count:
            return f"it has {after.word_count} words where the previous edition had {before.word_count}"
        if harms_of is not None:
            try:
                lost = budget.run(harms_of, before, label=str(old))
                kept = budget.run(harms_of, after, label=meta.file)
            except SkgError as e:
                return f"its harms cannot be found ({str(e).removeprefix(meta.file + ': ')})"
    if lost and not kept:
        return f"it names none of the previous edition's harms ({', '.join(sorted(lost))})"
    return None
