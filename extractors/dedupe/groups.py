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

from dataclasses import dataclass

import numpy as np

from extractors.dedupe.fingerprint import Fingerprint
from extractors.dedupe.index import IndexParams, LshIndex
from extractors.dedupe.verify import Thresholds, Verdict, section_changes, verify
from extractors.models import DedupeResult, Document, DuplicateGroup, GroupMember, MatchEvidence


@dataclass(frozen=True)
class DedupeConfig:
    """Every de-duplication knob, with the defaults the README justifies by measurement.

    - ``lsh_threshold`` 0.5: LSH only proposes candidates; exact verification decides. At 0.8 the
      Safer Seven pair (true Jaccard 0.99 here) would be found reliably too, but re-edited copies
      near the revision threshold would not.
    - ``duplicate_threshold`` 0.80 (Jaccard of within-sentence word 5-shingles) and no section
      added, removed or rewritten.
    - ``revision_threshold`` 0.45: below it two documents are different documents (unrelated
      seeds measure <= 0.02).
    - ``containment_threshold`` 0.85: share of the smaller document found in the larger.
    - ``section_change`` 0.5: a section is rewritten when over half its shingles are new.
    - ``section_coverage`` 0.5: at least half the smaller document's sections must be shared.
    - ``min_section_words`` 15: shorter sections (a title block) are never reported as changes.
    """

    shingle_size: int = 5
    num_perm: int = 128
    lsh_threshold: float = 0.5
    duplicate_threshold: float = 0.80
    revision_threshold: float = 0.45
    containment_threshold: float = 0.85
    section_change: float = 0.5
    section_coverage: float = 0.5
    min_section_words: int = 15
    max_postings: int = 64

    def index_params(self) -> IndexParams:
        return IndexParams(self.shingle_size, self.num_perm, self.lsh_threshold)

    def thresholds(self) -> Thresholds:
        return Thresholds(self.duplicate_threshold, self.revision_threshold,
                          self.containment_threshold, self.section_change, self.section_coverage,
                          self.min_section_words)


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
