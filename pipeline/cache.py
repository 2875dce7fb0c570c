"""Per-document cache of extraction and tagging: content-addressed, one JSON file per result.

Tasks stay per batch (FACTS.md: a task per document does not scale), but inside a batch each
document is looked up on its own, so changing one file of 1,000 re-extracts and re-tags that
one file, and a new file that sorts early shifts no cache key. Keys are sha256 over everything
the output depends on:

- extraction: the file's sha256 and path, ``EXTRACT_VERSION``, the size limit (a file under
  today's limit may be over tomorrow's) and the source's metadata (its ``sources.toml`` entry,
  whether it is in the manifest), which the Document carries;
- tagging: the document's bytes, path and metadata, ``EXTRACT_VERSION`` and the tagging version
  (tagger, rules/linker, taxonomy version and hash: :func:`extractors.versions.tagging_version`).

Both keys also cover the JSON schema of the cached model, so a model that gains a field
(a merge that forgets a version bump) misses the cache instead of reading old results.

Entries live under ``<data dir>/cache/documents/<kind>/<key[:2]>/<key>.json`` as the frozen
models' JSON, written atomically (temporary file + rename); an unreadable entry is a miss.
``--force`` reads nothing from the cache (and refreshes it).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from extractors.models import Document, Source, TaggedDocument
from extractors.versions import EXTRACT_VERSION

M = TypeVar("M", bound=BaseModel)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@cache
def _schema(model: type[BaseModel]) -> str:
    return _digest(json.dumps(model.model_json_schema(), sort_keys=True))


def extract_key(source: Source, sha256: str, max_bytes: int) -> str:
    """What a Document extracted from ``source`` (bytes ``sha256``) depends on, the PDF engine
    (``SKG_PDF_ENGINE``) included."""
    from extractors.reading.pdf import default_engine

    return _digest("extract", EXTRACT_VERSION, _schema(Document), str(max_bytes), sha256, str(source.path),
                   source.meta.model_dump_json(), str(source.in_manifest), default_engine())


def tag_key(doc: Document, tagging_version: str) -> str:
    """What a TaggedDocument made from ``doc`` depends on."""
    return _digest("tag", tagging_version, _schema(TaggedDocument), EXTRACT_VERSION, doc.sha256, doc.path,
                   doc.metadata.model_dump_json())


class DocumentCache:
    """Results by kind and key under ``root``; ``read=False`` (``--force``) only writes."""

    def __init__(self, root: Path, read: bool = True) -> None:
        self.root = Path(root)
        self.read = read

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / f"{key}.json"

    def get(self, kind: str, key: str, model: type[M]) -> M | None:
        """The cached result, or None (a miss: absent, unreadable, or not this model)."""
        if not self.read:
            return None
        try:
            return model.model_validate_json(self._path(kind, key).read_bytes())
        except (OSError, ValidationError, ValueError):
            return None

    def put(self, kind: str, key: str, value: BaseModel) -> None:
        """Store ``value`` atomically; a cache that cannot be written is not an error."""
        path = self._path(kind, key)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(value.model_dump_json().encode())
                os.replace(tmp, path)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
