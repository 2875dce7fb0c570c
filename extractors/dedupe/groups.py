"""De-duplication: group copies, revisions and embedded copies of the same guidance.

``dedupe(documents)`` fingerprints every document (:mod:`extractors.dedupe.fingerprint`), finds
candidate pairs with MinHash LSH and shared rare sentences (:mod:`extractors.dedupe.index`),
verifies each candidate exactly (:mod:`extractors.dedupe.verify`) and groups the related documents
around a deterministic canonical member.

Example::

    result = dedupe(docs)
    result.groups[0].canonical, [(m.id, m.relation) for m in result.groups[0].members]
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from extractors.dedupe.config import DedupeConfig
from extractors.dedupe.fingerprint import Fingerprint
from extractors.dedupe.incremental import Delta, update
from extractors.dedupe.index import LshIndex
from extractors.dedupe.verify import Verdict, section_changes
from extractors.models import DedupeResult, Document, DuplicateGroup, GroupMember, MatchEvidence


def _preference(fp: Fingerprint) -> tuple[bool, int, str]:
    """Canonical order: numbered sections in order, richer metadata, then id."""
    return (not fp.in_order, -fp.richness, fp.id)


def _shared_sentences(member: Fingerprint, canonical: Fingerprint) -> float:
    if not member.sentence_hashes.size:
        return 0.0
    return float(np.isin(member.sentence_hashes, canonical.sentence_hashes).mean())


def _member(canonical: Fingerprint, member: Fingerprint, v: Verdict, cfg: DedupeConfig) -> GroupMember:
    changes = (section_changes(canonical, member, cfg.section_change, cfg.min_section_words)
               if v.relation == "revision" else None)
    evidence = MatchEvidence(
        jaccard=round(v.jaccard, 4), containment=round(v.containment, 4),
        shared_sentences=round(_shared_sentences(member, canonical), 4),
        boilerplate_sentences=v.boilerplate,
        member_in_order=member.in_order, canonical_in_order=canonical.in_order,
    )
    return GroupMember(id=member.id, relation=v.relation, similarity=round(v.similarity, 4),
                       changes=changes, evidence=evidence)


def _group(prints: dict[str, Fingerprint], verdicts: dict[tuple[str, str], Verdict],
           cfg: DedupeConfig) -> DedupeResult:
    """Greedy star grouping: the most preferred free document claims its free relatives.

    A document that lies inside another (``contained``) never becomes the canonical of its
    container, so that the canonical (what later stages tag) holds all the content.
    """
    neighbours: dict[str, list[str]] = {}
    inner: set[str] = set()
    for (a, b), v in verdicts.items():
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
        if v.inner:
            inner.add(v.inner)
    order = sorted(neighbours, key=lambda d: (d in inner, _preference(prints[d])))
    taken: set[str] = set()
    groups: list[DuplicateGroup] = []
    for canon in order:
        if canon in taken:
            continue
        members = []
        for other in sorted(neighbours[canon]):
            v = verdicts[(canon, other) if canon < other else (other, canon)]
            if other in taken or v.inner == canon:
                continue
            members.append(_member(prints[canon], prints[other], v, cfg))
        if members:
            taken.add(canon)
            taken.update(m.id for m in members)
            groups.append(DuplicateGroup(canonical=canon, members=members))
    singletons = sorted(set(prints) - taken)
    return DedupeResult(groups=sorted(groups, key=lambda g: g.canonical), singletons=singletons)


def _regroup(index: LshIndex, delta: Delta, cfg: DedupeConfig) -> DedupeResult:
    """The corpus's groups: the stored ones the delta did not reach, and the regrouped rest.

    Grouping is greedy but stays inside a connected component of the verified pairs (the
    preference order restricted to a component is the same), so recomputing the components
    that changed gives the groups a from-scratch run gives."""
    gone = delta.regroup | delta.removed
    kept = [g for g in index.groups if not ({g.canonical, *(m.id for m in g.members)} & gone)]
    inside = {k: v for k, v in index.verdicts.items() if k[0] in delta.regroup}
    fresh = _group({i: index.prints[i] for i in delta.regroup}, inside, cfg)
    index.groups = sorted([*kept, *fresh.groups], key=lambda g: g.canonical)
    grouped = {i for g in index.groups for i in (g.canonical, *(m.id for m in g.members))}
    return DedupeResult(groups=index.groups, singletons=sorted(set(index.prints) - grouped))


def _prepare(index: LshIndex, cfg: DedupeConfig) -> None:
    if index.params != cfg.index_params():
        index.clear(cfg.index_params())
    if index.max_postings != cfg.max_postings:  # candidates depend on it: start again
        index.max_postings = cfg.max_postings
        index.clear()


def dedupe(documents: list[Document], config: DedupeConfig | None = None,
           index: LshIndex | None = None) -> DedupeResult:
    """Group ``documents`` into exact copies, duplicates, revisions and contained copies.

    With a persisted ``index`` (see :meth:`LshIndex.load`) only new and changed documents are
    fingerprinted and only pairs around them re-verified; documents the index holds but
    ``documents`` lacks are removed from it. The caller saves the index afterwards.
    """
    cfg = config or DedupeConfig()
    if index is None:
        index = LshIndex(cfg.index_params(), cfg.max_postings)
    _prepare(index, cfg)
    delta = update(index, index.stale(documents), {d.id for d in documents}, cfg)
    return _regroup(index, delta, cfg)


def dedupe_persisted(documents: list[Document], index_path: Path, config: DedupeConfig | None = None) -> DedupeResult:
    """:func:`dedupe` with the LSH index persisted at ``index_path``: loaded (or started empty),
    synced with ``documents`` and saved, so a re-ingest compares only what changed."""
    cfg = config or DedupeConfig()
    index = LshIndex.load(index_path, cfg.index_params())
    result = dedupe(documents, cfg, index)
    index.save(index_path)
    return result


def dedupe_changed(changed: list[Document], present: dict[str, str], index_path: Path,
                   read: Callable[[list[str]], list[Document]], config: DedupeConfig | None = None,
                   ) -> DedupeResult:
    """The corpus's groups after ``changed`` documents, from the index at ``index_path`` alone.

    ``present`` maps every id of the corpus to its sha256; ids the index lacks at those bytes
    (a first run, a lost or outdated index) are fetched with ``read`` and treated as changed,
    ids the index holds outside ``present`` are removed. Unchanged documents are not read.
    """
    cfg = config or DedupeConfig()
    index = LshIndex.load(index_path, cfg.index_params())
    _prepare(index, cfg)
    ids = {d.id for d in changed}
    missing = [i for i in index.missing(present) if i not in ids]
    docs = [*changed, *(read(missing) if missing else [])]
    delta = update(index, docs, {i for i in present if i in ids or i not in missing} | {d.id for d in docs}, cfg)
    result = _regroup(index, delta, cfg)
    index.save(index_path)
    return result


__all__ = ["DedupeConfig", "dedupe", "dedupe_changed", "dedupe_persisted"]
