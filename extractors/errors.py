"""The error hierarchy shared by every package.

The library raises; the flow and the CLI decide what to do (STYLE.md principle 4). Every
message names the file (or the store) and, where there is one, suggests a fix.
"""

from __future__ import annotations

import re


class SkgError(Exception):
    """Base of every error the project raises on purpose."""


class ManifestError(SkgError):
    """``sources.toml`` is malformed, names a missing file, repeats an id, or has unknown keys."""


class ExtractionError(SkgError):
    """A document could not be turned into text."""


class CorruptDocumentError(ExtractionError):
    """The bytes do not parse as the format they claim (truncated PDF, random bytes)."""


class EncryptedDocumentError(ExtractionError):
    """The PDF is password-protected and no (right) password was supplied."""


class NoTextLayerError(ExtractionError):
    """A scanned PDF: pages but no text layer. OCR is not supported."""


class UnsupportedFormatError(ExtractionError):
    """A format the extractors do not read (e.g. .docx, executables)."""


class EncodingError(ExtractionError):
    """Text that no supported encoding decodes."""


class EmptyDocumentError(ExtractionError):
    """The file is empty or holds no text at all."""


class FileTooLargeError(ExtractionError):
    """The file is over the configured size limit (``SKG_MAX_FILE_MB``)."""


class ConfigError(SkgError):
    """A setting (environment, ``.env``, flag) or store URI is invalid: a user error, never retried."""


class DedupeIndexError(SkgError):
    """The persisted de-duplication (LSH) index cannot be read; deleting it rebuilds it."""


class TaxonomyError(SkgError):
    """The taxonomy data files are invalid (schema, alias clashes, dangling provisions)."""


class GraphError(SkgError):
    """Base of graph building and store errors."""


class SchemaViolationError(GraphError):
    """The builder was asked to create a node or edge the schema does not allow."""


class StoreUnavailableError(GraphError):
    """The graph store cannot be reached or started. Transient: loads retry it."""


class StoreWriteError(GraphError):
    """A write to the graph store failed."""


class QueryError(SkgError):
    """A named or ad-hoc query is unknown, lacks a parameter, writes, or failed."""


class FetchError(SkgError):
    """A remote source could not be downloaded (time-out, HTTP error, not a document)."""


class BudgetExceededError(ExtractionError):
    """One document's work ran over its time or memory budget (``SKG_DOC_TIMEOUT``,
    ``SKG_DOC_MEMORY_MB``), or crashed its worker process."""


_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s]*@")


def redact(text: str) -> str:
    """``text`` with the user and password of every URI replaced: ``neo4j://***@host``."""
    return _USERINFO.sub(r"\1***@", text)


class PruneRefusedError(SkgError):
    """``--prune`` would remove more than half of the stored documents, or all of them because
    the source directory is empty; ``--yes`` confirms it."""
