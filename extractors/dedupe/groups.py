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

from pathlib import Path

import numpy as np

from extractors.dedupe.config import DedupeConfig
from extractors.dedupe.fingerprint import Fingerprint
from extractors.dedupe.index import LshIndex
from extractors.dedupe.verify import Verdict, section_changes, verify
from extractors.models import DedupeResult, Document, DuplicateGroup, GroupMember, MatchEvidence


def _related(index: LshIndex, cfg: DedupeConfig) -> dict[str, set[str]]:
    """Documents each document overlaps enough to be possibly related (before boilerplate)."""
    rel: dict[str, set[str]] = {}
    for (a, b), st in index.pairs.items():
        if st.jaccard >= cfg.revision_threshold or st.containment >= cfg.containment_threshold:
            rel.setdefault(a, set()).add(b)
            rel.setdefault(b, set()).add(a)
    return rel


def _boilerplate(index: LshIndex, a: Fingerprint, b: Fingerprint,
                 rel: dict[str, set[str]]) -> np.ndarray:
    """Sentences a and b share that a document related to neither also has: boilerplate."""
    shared = np.intersect1d(a.sentence_hashes, b.sentence_hashes)
    known = rel.get(a.id, set()) | rel.get(b.id, set()) | {a.id, b.id}
    out = []
    for h in shared.tolist():
        docs = index.documents_with(h)
        # More holders than a, b and their relatives can account for: someone unrelated has it.
        if len(docs) > len(known) or not docs <= known:
            out.append(h)
    return np.array(out, dtype=np.uint64)


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


def dedupe(documents: list[Document], config: DedupeConfig | None = None,
           index: LshIndex | None = None) -> DedupeResult:
    """Group ``documents`` into exact copies, duplicates, revisions and contained copies.

    With a persisted ``index`` (see :meth:`LshIndex.load`) only new and changed documents are
    fingerprinted and compared; documents the index holds but ``documents`` lacks are removed
    from it. The caller saves the index afterwards.
    """
    cfg = config or DedupeConfig()
    if index is None:
        index = LshIndex(cfg.index_params(), cfg.max_postings)
    elif index.params != cfg.index_params():
        index.clear(cfg.index_params())
    index.max_postings = cfg.max_postings
    index.sync(documents)
    rel = _related(index, cfg)
    thresholds = cfg.thresholds()
    verdicts: dict[tuple[str, str], Verdict] = {}
    for a, b in index.pairs:
        if b not in rel.get(a, ()):
            continue
        fa, fb = index.prints[a], index.prints[b]
        bp = np.zeros(0, dtype=np.uint64) if fa.sha256 == fb.sha256 else _boilerplate(index, fa, fb, rel)
        v = verify(fa, fb, bp, thresholds)
        if v is not None:
            verdicts[(a, b)] = v
    return _group(index.prints, verdicts, cfg)


def dedupe_persisted(documents: list[Document], index_path: Path, config: DedupeConfig | None = None) -> DedupeResult:
    """:func:`dedupe` with the LSH index persisted at ``index_path``: loaded (or started empty),
    synced with ``documents`` and saved, so a re-ingest compares only what changed."""
    cfg = config or DedupeConfig()
    index = LshIndex.load(index_path, cfg.index_params())
    result = dedupe(documents, cfg, index)
    index.save(index_path)
    return result


__all__ = ["DedupeConfig", "dedupe", "dedupe_persisted"]
