"""Versions that decide when cached results and stored documents are stale.

Bump ``EXTRACT_VERSION`` when extraction output changes and ``PIPELINE_VERSION`` when tagging,
linking or graph building change in a way that should re-process unchanged files. The
taxonomy's own version and hash are added at run time, so editing the YAML re-tags.
"""

from __future__ import annotations

EXTRACT_VERSION = "2"
PIPELINE_VERSION = "1"


def processing_version(taxonomy_version: str, taxonomy_hash: str) -> str:
    """The version stamped on every stored Document; a mismatch means re-process."""
    return f"x{EXTRACT_VERSION}.p{PIPELINE_VERSION}.t{taxonomy_version}-{taxonomy_hash[:8]}"
