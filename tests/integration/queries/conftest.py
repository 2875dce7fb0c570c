"""One embedded store loaded from data/raw, shared by the query integration tests.

The loading uses the library stages directly (discover, extract, dedupe, tag, build, load), not
``skg ingest``, so these tests exercise the queries, not the Prefect flow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
RAW = ROOT / "data" / "raw"


def load_raw(data_dir: Path) -> dict[str, Any]:
    """Extract, de-duplicate, tag, build and load data/raw into the embedded store in ``data_dir``."""
    from extractors.dedupe.groups import dedupe
    from extractors.reading.extract import extract
    from extractors.reading.sources import discover
    from extractors.tagging.tagger import tag
    from extractors.taxonomy.load import load_taxonomy
    from graph.build import build_graph
    from graph.partition import document_ids
    from graph.stores import open_store

    sources, _ = discover(RAW)
    documents = [extract(s) for s in sources]
    groups = dedupe(documents)
    taxonomy = load_taxonomy()
    canonical = set(groups.canonical_ids())
    tagged = [tag(d, taxonomy=taxonomy) for d in documents if d.id in canonical]
    graph = build_graph(documents, groups, tagged, taxonomy, ingested_at="2026-11-21T00:00:00Z")
    with open_store("embedded", data_dir) as store:
        store.ensure_schema()
        store.replace_documents(graph, document_ids(graph))
        counts = store.counts()
    return {"documents": documents, "dedupe": groups, "tagged": tagged, "counts": counts}


@pytest.fixture(scope="session")
def loaded_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory whose embedded store holds data/raw (the server stops between uses)."""
    data_dir = tmp_path_factory.mktemp("skg-queries")
    load_raw(data_dir)
    yield data_dir


@pytest.fixture(scope="session")
def store(loaded_data_dir: Path) -> Iterator[Any]:
    """The loaded embedded store, open for the whole session."""
    from graph.stores import open_store

    with open_store("embedded", loaded_data_dir) as s:
        yield s
