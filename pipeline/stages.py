"""Glue between the library stages and the flow: thin adapters with no orchestration.

Everything here is a plain function over typed objects, importable and testable without
Prefect; :mod:`pipeline.tasks` wraps these and adds caching, retries and batching.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from extractors.models import DedupeResult, Document, Source, TaggedDocument
from pipeline.plan import Plan, StoredDocument, document_version, make_plan
from pipeline.run_report import DocumentReport, EntityChanges, RunReport

# How entity labels read in an edition diff ("reporting route Action Fraud removed").
CHANGE_KINDS = {
    "Harm": "harms",
    "Law": "laws",
    "Provision": "provisions",
    "Agency": "agencies",
    "ContactPoint": "contact points",
}


def extract_source(source: Source, max_bytes: int) -> Document:
    """Extract one source (raises an ExtractionError naming the file)."""
    from extractors.reading.extract import extract

    return extract(source, max_bytes=max_bytes)


def dedupe_documents(documents: list[Document], index_path: Path,
                     thresholds: dict[str, float]) -> DedupeResult:
    """Group the corpus, reusing the LSH index persisted at ``index_path``."""
    from extractors.dedupe.groups import DedupeConfig, LshIndex, dedupe

    config = DedupeConfig(**thresholds)
    index = LshIndex.load(index_path, config.index_params())
    result = dedupe(documents, config=config, index=index)
    index.save(index_path)
    return result


def tag_documents(documents: list[Document], cache_dir: Path) -> list[TaggedDocument | Exception]:
    """Tag and link documents with the cached spaCy pipeline; one result or error per document.

    The batch goes through one ``nlp.pipe`` pass; only if that fails is each document tagged
    on its own, so one bad document cannot sink the others.
    """
    from extractors.tagging.tagger import load_nlp, tag, tag_many

    nlp = load_nlp(cache_dir=cache_dir)
    try:
        return list(tag_many(documents, nlp=nlp))
    except Exception:  # noqa: BLE001 - fall back to isolate the failing document
        pass
    out: list[TaggedDocument | Exception] = []
    for doc in documents:
        try:
            out.append(tag(doc, nlp=nlp))
        except Exception as e:  # noqa: BLE001 - isolate one document's failure
            out.append(e)
    return out


def plan_sources(sources: list[Source], store_uri: str, data_dir: Path,
                 force: bool, keep: frozenset[str] = frozenset()) -> tuple[Plan, str]:
    """Compare the sources with the store: what is new, changed, unchanged or removed."""
    from graph.stores import open_store

    version = processing_version()
    with open_store(store_uri, data_dir) as store:
        store.ensure_schema()
        stored = stored_documents(store)
    return make_plan(sources, stored, version, force, keep), version


def removed_rows(plan: Plan, pruned: bool) -> list[DocumentReport]:
    """Report rows for stored documents whose file is gone."""
    return [DocumentReport(id=d.id, file=Path(d.path or d.id).name, status="removed",
                           error=None if pruned else "not pruned: run with --prune")
            for d in plan.removed]


def skipped_report(plan: Plan, warnings: list[str]) -> RunReport:
    """The report of a run with nothing to do: every document unchanged, removed ones listed."""
    report = RunReport(warnings=list(warnings), skipped=True, documents=[
        DocumentReport(id=s.meta.id, file=s.path.name, status="unchanged") for s in plan.unchanged
    ] + removed_rows(plan, pruned=False))
    report.counts = report.status_counts()
    return report


def processing_version() -> str:
    """The version stamped on stored documents (extractor, pipeline and taxonomy)."""
    from extractors.taxonomy.load import load_taxonomy
    from extractors.versions import processing_version as version

    taxonomy = load_taxonomy()
    return version(taxonomy.version, taxonomy.hash)


STORED_DOCUMENTS = """
MATCH (d:Document)
WHERE d.superseded IS NULL OR d.superseded = false
OPTIONAL MATCH (d)-[:DUPLICATE_OF|SUPERSEDES]->(c:Document)
WHERE c.superseded IS NULL OR c.superseded = false
RETURN d.id AS id, d.sha256 AS sha256, d.version AS version, d.path AS path, c.id AS duplicate_of
"""

DOCUMENT_ENTITIES = """
MATCH (d:Document)-[:HAS_SECTION]->(:Section)-[:MENTIONS]->(e)
WHERE d.id IN $ids
RETURN DISTINCT d.id AS doc, labels(e)[0] AS label, e.id AS id,
       coalesce(e.name, e.title, e.value, e.id) AS name
"""

PREVIOUS_METADATA = """
MATCH (d:Document) WHERE d.id IN $ids RETURN d.id AS id, properties(d) AS props
"""


SUPERSEDED_EDITIONS = """
MATCH (d:Document) WHERE d.superseded = true RETURN d.id AS id
"""


def superseded_editions(store: Any, doc_ids: list[str]) -> list[str]:
    """The stored earlier editions (``doc:<id>@<sha12>``) of the documents ``doc_ids``, so that
    pruning a document removes its history too."""
    import re

    if not doc_ids:
        return []
    wanted = re.compile("^(" + "|".join(re.escape(d) for d in doc_ids) + r")@[0-9a-f]{12}$")
    return sorted(r["id"] for r in store.run(SUPERSEDED_EDITIONS) if wanted.match(r["id"] or ""))


def harm_ids(document: Document) -> set[str]:
    """The harm ids a document mentions (for the fetched-edition check, D9)."""
    from extractors.tagging.tagger import tag

    return {m.entity_id for m in tag(document).mentions if m.entity_id.startswith("harm:")}


def strip_doc(graph_id: str | None) -> str | None:
    return graph_id[4:] if graph_id and graph_id.startswith("doc:") else graph_id


def stored_documents(store: Any) -> dict[str, StoredDocument]:
    """Current (not superseded) documents in the store, keyed by source id."""
    out: dict[str, StoredDocument] = {}
    for row in store.run(STORED_DOCUMENTS):
        sid = strip_doc(row["id"])
        assert sid is not None
        out[sid] = StoredDocument(sid, row["sha256"], row["version"], row["path"],
                                  strip_doc(row["duplicate_of"]))
    return out


def stored_entities(store: Any, doc_ids: list[str]) -> dict[str, dict[str, tuple[str, str]]]:
    """``{doc graph id: {entity id: (label, name)}}`` as the store holds them now."""
    out: dict[str, dict[str, tuple[str, str]]] = {d: {} for d in doc_ids}
    if doc_ids:
        for row in store.run(DOCUMENT_ENTITIES, {"ids": doc_ids}):
            out.setdefault(row["doc"], {})[row["id"]] = (row["label"], row["name"])
    return out


def graph_entities(graph: nx.MultiDiGraph, doc_id: str) -> dict[str, tuple[str, str]]:
    """``{entity id: (label, name)}`` mentioned by a document in a freshly built graph."""
    out: dict[str, tuple[str, str]] = {}
    for _, section, rel in graph.out_edges(doc_id, data="type"):
        if rel != "HAS_SECTION":
            continue
        for _, ent, kind in graph.out_edges(section, data="type"):
            if kind == "MENTIONS":
                attrs = graph.nodes[ent]
                name = attrs.get("name") or attrs.get("title") or attrs.get("value") or ent
                out[ent] = (str(attrs.get("label", "")), str(name))
    return out


def entity_changes(before: dict[str, tuple[str, str]],
                   after: dict[str, tuple[str, str]]) -> EntityChanges:
    """What an edition added and removed, grouped by readable kind, names sorted."""
    changes = EntityChanges()
    for target, ids in ((changes.removed, before.keys() - after.keys()),
                        (changes.added, after.keys() - before.keys())):
        for ent in ids:
            label, name = (before if target is changes.removed else after)[ent]
            target.setdefault(CHANGE_KINDS.get(label, label.lower()), []).append(name)
        for names in target.values():
            names.sort()
    return changes


@dataclass
class LoadPayload:
    """What one load writes: the graph of changed documents, and ids to replace or remove."""

    graph: nx.MultiDiGraph
    replace_ids: list[str] = field(default_factory=list)
    remove_ids: list[str] = field(default_factory=list)


def load(payload: LoadPayload, store_uri: str, data_dir: Path) -> dict[str, Any]:
    """Write ``payload`` into the store and return the store's counts afterwards."""
    from graph.stores import open_store

    with open_store(store_uri, data_dir) as store:
        store.ensure_schema()
        if payload.replace_ids:
            store.replace_documents(payload.graph, payload.replace_ids)
        if payload.remove_ids:
            store.remove_documents([*payload.remove_ids, *superseded_editions(store, payload.remove_ids)])
        return dict(store.counts())


def build_payload(
    documents: dict[str, Document],
    dedupe: DedupeResult,
    tagged: dict[str, TaggedDocument],
    write_ids: list[str],
    remove_ids: list[str],
    changed_ids: set[str],
    store_uri: str,
    data_dir: Path,
    version: str,
) -> tuple[LoadPayload, dict[str, EntityChanges]]:
    """Build the graph, diff changed editions against the store, keep previous metadata.

    For each changed document the previous edition's Document properties are kept as a
    ``doc:<id>@<sha12>`` node (``superseded = true``, no sections) that the new edition
    ``SUPERSEDES``, and the entities it gained and lost are returned for the run report.
    """
    from datetime import UTC, datetime

    from extractors.taxonomy.load import load_taxonomy
    from graph.build import add_edge, add_node, build_graph
    from graph.schema import Label, Rel, document_id
    from graph.stores import open_store

    graph = build_graph([documents[k] for k in sorted(documents)], dedupe,
                        [tagged[k] for k in sorted(tagged)], load_taxonomy(),
                        ingested_at=datetime.now(UTC).isoformat(timespec="seconds"))
    for sid in write_ids:
        graph.nodes[document_id(sid)]["version"] = document_version(version, documents[sid].metadata)
    diffs: dict[str, EntityChanges] = {}
    replace = [document_id(s) for s in write_ids]
    edited = [document_id(s) for s in write_ids if s in changed_ids]
    if edited:
        with open_store(store_uri, data_dir) as store:
            before = stored_entities(store, edited)
            previous = {r["id"]: r["props"] for r in store.run(PREVIOUS_METADATA, {"ids": edited})}
        for did in edited:
            sid = strip_doc(did) or did
            diffs[sid] = entity_changes(before.get(did, {}), graph_entities(graph, did))
            old = previous.get(did)
            if old and old.get("sha256") and old.get("sha256") != graph.nodes[did].get("sha256"):
                old_id = f"{did}@{str(old['sha256'])[:12]}"
                props = {k: v for k, v in old.items() if k != "id"}
                add_node(graph, Label.DOCUMENT, old_id, **{**props, "superseded": True,
                                                            "canonical": False})
                add_edge(graph, did, Rel.SUPERSEDES, old_id, document_id=old_id, relation="edition")
                replace.append(old_id)
    payload = LoadPayload(graph, sorted(replace), [document_id(s) for s in remove_ids])
    return payload, diffs


def payload_counts(payload: LoadPayload, tagged: dict[str, TaggedDocument]) -> dict[str, int]:
    """Sections, mentions and links written by this run, for the summary table."""
    written = {strip_doc(d) for d in payload.replace_ids}
    return {
        "sections_written": sum(1 for _, d in payload.graph.nodes(data=True)
                                if d.get("label") == "Section" and strip_doc(d.get("document_id")) in written),
        "mentions_written": sum(len(t.mentions) for k, t in tagged.items() if k in written),
        "links_written": sum(len(t.links) for k, t in tagged.items() if k in written),
    }
