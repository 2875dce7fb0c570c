"""Every version that decides when cached results and stored documents are stale (only here).

- ``EXTRACT_VERSION``: bump when extraction output (a Document's sections, warnings) changes.
- ``TAGGER_VERSION``: bump when the spaCy pipeline's construction changes (it also names the
  pipeline's cache directory).
- ``PIPELINE_VERSION``: bump when tagging rules, linking or graph building change in a way that
  should re-process unchanged files.

The taxonomy's own version and hash are added at run time, so editing the YAML re-tags. The
per-document caches of :mod:`pipeline.cache` key on these, so a forgotten bump means stale
results: bump when in doubt.
"""

from __future__ import annotations

EXTRACT_VERSION = "2"
TAGGER_VERSION = "1"
# 2: canonical harms, local agencies, contact owners; 3: general routes, offence claims;
# 4: bare-Act links apart from section citations, duties, refer-back and binding rules
PIPELINE_VERSION = "4"


def tagging_version(taxonomy_version: str, taxonomy_hash: str) -> str:
    """What tagging and linking output depends on besides the document: tagger, rules, taxonomy."""
    return f"n{TAGGER_VERSION}.p{PIPELINE_VERSION}.t{taxonomy_version}-{taxonomy_hash[:8]}"


def processing_version(taxonomy_version: str, taxonomy_hash: str) -> str:
    """The version stamped on every stored Document (extractor, tagger/linker and taxonomy
    versions); a mismatch means re-process."""
    return f"x{EXTRACT_VERSION}.{tagging_version(taxonomy_version, taxonomy_hash)}"
