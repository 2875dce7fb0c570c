"""Fixtures for the tagging tests: the real taxonomy, one in-memory pipeline, and Documents
built directly from text (no extraction involved)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extractors.models import Document, Section, SourceMeta
from extractors.tagging.tagger import default_nlp
from extractors.taxonomy import Taxonomy, load_taxonomy


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="session")
def nlp(taxonomy: Taxonomy):
    return default_nlp(taxonomy)


def _document(*sections: tuple[str, str], jurisdiction: tuple[str, ...] = ("England",),
              doc_id: str = "doc") -> Document:
    return Document(
        id=doc_id, path=f"{doc_id}.txt", sha256="0" * 64, format="text",
        metadata=SourceMeta(id=doc_id, file=f"{doc_id}.txt", jurisdiction=list(jurisdiction)),
        sections=[Section(heading=h, text=t, ordinal=i, pages=[i + 1])
                  for i, (h, t) in enumerate(sections)],
    )


@pytest.fixture
def make_document() -> Callable[..., Document]:
    """``make_document(("Heading", "text"), ..., jurisdiction=("Scotland",))``."""
    return _document
