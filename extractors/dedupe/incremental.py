"""Incremental de-duplication: work proportional to the documents that changed.

:func:`update` applies new, changed and removed documents to a persisted
:class:`~extractors.dedupe.index.LshIndex` and re-verifies only the candidate pairs whose
verdict could differ, so that the groups equal a from-scratch run on the same corpus. A pair's
verdict depends on its two fingerprints, on the documents related to either (``_related``) and
on who else holds the sentences they share (``_boilerplate``); candidate pairs depend on LSH
(two MinHashes only) and on rare shared sentences (a sentence stops being rare past
``max_postings`` holders). So the dirty pairs are those touching a changed document, a document
whose related set changed, or a document holding a sentence whose holders changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from extractors.dedupe.config import DedupeConfig
from extractors.dedupe.fingerprint import Fingerprint, add_minhashes, fingerprint
from extractors.dedupe.index import LshIndex, overlap
from extractors.dedupe.verify import Verdict, verify
from extractors.models import Document

Pair = tuple[str, str]


@dataclass
class Delta:
    """What :func:`update` changed: documents whose duplicate group must be recomputed (every
    member of a connected component of the verdict graph that changed) and removed ids."""

    regroup: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    verified: int = 0  # pairs verified on this run


def _key(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def related(index: LshIndex, cfg: DedupeConfig) -> dict[str, set[str]]:
    """Documents each document overlaps enough to be possibly related (before boilerplate)."""
    rel: dict[str, set[str]] = {}
    for (a, b), st in index.pairs.items():
        if st.jaccard >= cfg.revision_threshold or st.containment >= cfg.containment_threshold:
            rel.setdefault(a, set()).add(b)
            rel.setdefault(b, set()).add(a)
    return rel


def boilerplate(index: LshIndex, a: Fingerprint, b: Fingerprint, rel: dict[str, set[str]]) -> np.ndarray:
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


def _partners(index: LshIndex, doc_id: str) -> set[str]:
    """Ids ``doc_id`` forms a candidate pair with: its candidates, plus documents with at most
    one rare sentence that is shared with it (for them one shared sentence is enough, so the
    relation is not symmetric)."""
    fp = index.prints[doc_id]
    found = index.candidates(fp)
    for h in index.posting_keys(fp):
        holders = index.documents_with(h)
        if len(holders) <= index.max_postings:
            found.update(d for d in holders if d != doc_id and len(index.posting_keys(index.prints[d])) <= 1)
    return found


def _repair(index: LshIndex, ids: set[str]) -> None:
    """Make the candidate pairs touching ``ids`` exactly those a from-scratch index would hold."""
    partners = {i: _partners(index, i) for i in ids}
    for key in [k for k in index.pairs if k[0] in ids or k[1] in ids]:
        a, b = key  # the relation is symmetric: one side's partners decide
        if not (b in partners[a] if a in ids else a in partners[b]):
            del index.pairs[key]
    for i in sorted(ids):
        for other in partners[i]:
            key = _key(i, other)
            if key not in index.pairs:
                index.pairs[key] = overlap(index.prints[key[0]], index.prints[key[1]])


def update(index: LshIndex, changed: Iterable[Document], present: set[str], cfg: DedupeConfig) -> Delta:
    """Apply ``changed`` documents (new or edited: always re-fingerprinted) to ``index`` and drop
    the ids it holds that are not in ``present``; re-verify the pairs whose verdict could change.

    ``index.verdicts`` then holds every verified pair of the corpus; the returned :class:`Delta`
    names the documents whose group must be recomputed. Unchanged documents are never read.
    """
    docs = list(changed)
    present = present | {d.id for d in docs}
    removed = set(index.prints) - present
    touched = removed | {d.id for d in docs}
    old_rel = related(index, cfg)
    fresh = [fingerprint(d, index.params.shingle_size) for d in docs]
    add_minhashes(fresh, index.params.num_perm)
    keys: set[int] = set()
    for fp in [*(index.prints[i] for i in touched if i in index.prints), *fresh]:
        keys |= index.posting_keys(fp)
    rare_before = {h: len(index.documents_with(h)) <= index.max_postings for h in keys}
    # Removing a document drops its verdicts: their other ends must be regrouped.
    affected = set(touched) | {i for k in index.verdicts if k[0] in touched or k[1] in touched for i in k}
    for doc_id in sorted(touched):
        index.remove(doc_id)
    index.insert(fresh)
    # Holders of a sentence that crossed the rarity limit gain or lose candidate pairs.
    repair = {fp.id for fp in fresh}
    for h in keys:
        holders = index.documents_with(h)
        if (len(holders) <= index.max_postings) != rare_before[h]:
            repair |= holders
    _repair(index, repair)

    rel = related(index, cfg)
    rel_changed = {n for n in old_rel.keys() | rel.keys() if old_rel.get(n) != rel.get(n)}
    dirty_docs = touched | repair | rel_changed
    dirty = {k for k in index.pairs if k[0] in dirty_docs or k[1] in dirty_docs}
    for h in keys:  # pairs sharing a sentence whose holders changed: its boilerplate status may
        holders = index.documents_with(h)
        dirty.update(_key(a, b) for a in holders for b in rel.get(a, ()) if b in holders)
    for key in [k for k in index.verdicts if k not in index.pairs]:
        affected.update(key)
        del index.verdicts[key]
    thresholds = cfg.thresholds()
    for a, b in sorted(dirty):
        v: Verdict | None = None
        if b in rel.get(a, ()):
            fa, fb = index.prints[a], index.prints[b]
            bp = np.zeros(0, dtype=np.uint64) if fa.sha256 == fb.sha256 else boilerplate(index, fa, fb, rel)
            v = verify(fa, fb, bp, thresholds)
        if index.verdicts.get((a, b)) != v:
            affected.update((a, b))
            if v is None:
                del index.verdicts[(a, b)]
            else:
                index.verdicts[(a, b)] = v
    return Delta(_components(index.verdicts, affected & present), removed, len(dirty))


def _components(verdicts: dict[Pair, Verdict], seeds: set[str]) -> set[str]:
    """Every document connected to ``seeds`` in the graph of verified pairs (seeds included)."""
    adj: dict[str, list[str]] = {}
    for a, b in verdicts:
        adj.setdefault(a, []).append(b)
        adj.setdefault(b, []).append(a)
    seen, stack = set(seeds), list(seeds)
    while stack:
        for n in adj.get(stack.pop(), ()):
            if n not in seen:
                seen.add(n)
                stack.append(n)
    return seen
