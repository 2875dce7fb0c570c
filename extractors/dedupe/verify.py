"""Exact verification of one candidate pair: boilerplate removal, relation, section changes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from extractors.dedupe.fingerprint import Fingerprint
from extractors.models import Relation, SectionChanges


@dataclass(frozen=True)
class Thresholds:
    """The decision thresholds, from :meth:`~extractors.dedupe.config.DedupeConfig.thresholds`
    (documented with their measurements in README.md, "De-duplication")."""

    duplicate: float
    revision: float
    containment: float
    section_change: float
    section_coverage: float
    min_section_words: int


@dataclass(frozen=True)
class Verdict:
    """The verified relation of a pair; for ``contained``, ``inner`` is the smaller document."""

    relation: Relation
    similarity: float
    jaccard: float
    containment: float
    boilerplate: int
    inner: str | None = None


def _stats(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    shared = np.intersect1d(a, b, assume_unique=True).size
    union = a.size + b.size - shared
    small = min(a.size, b.size)
    return (shared / union if union else 0.0), (shared / small if small else 0.0)


def novelty(part: np.ndarray, whole: np.ndarray) -> float:
    """The share of ``part``'s shingles absent from ``whole`` (0 for an empty part)."""
    return float(1.0 - np.isin(part, whole, assume_unique=True).mean()) if part.size else 0.0


def section_coverage(small: Fingerprint, big_shingles: np.ndarray, drop: np.ndarray) -> float:
    """Share of ``small``'s non-empty sections whose shingles are mostly inside ``big_shingles``.

    Shared boilerplate sits in one paragraph or section; a copy, a revision or an embedded
    leaflet shares most sections. This keeps a short document that is mostly boilerplate from
    being called a duplicate of every other document that carries the same blurb.
    """
    covered = total = 0
    for i in range(len(small.headings)):
        part = small.section_shingles(i, drop)
        if part.size:
            total += 1
            covered += novelty(part, big_shingles) < 0.5
    return covered / total if total else 0.0


def section_changes(canonical: Fingerprint, member: Fingerprint, limit: float,
                    min_words: int = 15) -> SectionChanges:
    """Sections added to, removed from or changed in ``member`` relative to ``canonical``.

    Sections are paired by normalised heading (numbers ignored), or as the whole text when both
    documents are unsectioned. A section counts as changed when more than ``limit`` of its
    shingles (either side) appear nowhere in the other document; an unpaired section counts as
    added/removed only if its content is new, so a heading the other extraction missed is not a
    change. Sections under ``min_words`` words (title blocks, stray furniture) are not reported.
    """
    added: list[str] = []
    removed: list[str] = []
    changed: list[str] = []
    c_index = {h: i for i, h in reversed(list(enumerate(canonical.headings))) if h}
    if len(canonical.headings) == 1 and len(member.headings) == 1:
        pairs = {0: 0}
    else:
        pairs = {i: c_index[h] for i, h in enumerate(member.headings) if h in c_index}
    for mi in range(len(member.headings)):
        m_part = member.section_shingles(mi)
        ci = pairs.get(mi)
        if ci is None:
            if member.section_words[mi] >= min_words and novelty(m_part, canonical.shingles) >= limit:
                added.append(member.titles[mi])
            continue
        c_part = canonical.section_shingles(ci)
        if max(member.section_words[mi], canonical.section_words[ci]) < min_words:
            continue
        if max(novelty(m_part, canonical.shingles), novelty(c_part, member.shingles)) > limit:
            changed.append(canonical.titles[ci])
    paired = set(pairs.values())
    for ci in range(len(canonical.headings)):
        if ci in paired or canonical.section_words[ci] < min_words:
            continue
        if novelty(canonical.section_shingles(ci), member.shingles) >= limit:
            removed.append(canonical.titles[ci])
    return SectionChanges(added=added, removed=removed, changed=changed)


def has_changes(changes: SectionChanges) -> bool:
    return bool(changes.added or changes.removed or changes.changed)


def verify(a: Fingerprint, b: Fingerprint, boilerplate: np.ndarray, t: Thresholds) -> Verdict | None:
    """The relation of two documents, or None when they are unrelated.

    ``boilerplate`` holds hashes of shared sentences that unrelated documents also carry; they
    are left out before measuring. Order of tests: exact bytes; Jaccard >= ``revision`` is a
    revision, or a duplicate when it also reaches ``duplicate`` and no section changed; else
    containment of the smaller in the larger >= ``containment`` is ``contained``.
    """
    if a.sha256 == b.sha256:
        return Verdict("exact", 1.0, 1.0, 1.0, 0)
    sa, sb = a.shingles_without(boilerplate), b.shingles_without(boilerplate)
    jac, cont = _stats(sa, sb)
    small, big_shingles = (a, sb) if sa.size <= sb.size else (b, sa)
    if jac < t.revision and cont < t.containment:
        return None
    if section_coverage(small, big_shingles, boilerplate) < t.section_coverage:
        return None
    n_bp = int(boilerplate.size)
    if jac >= t.revision:
        if jac >= t.duplicate and not has_changes(section_changes(a, b, t.section_change, t.min_section_words)):
            return Verdict("duplicate", jac, jac, cont, n_bp)
        return Verdict("revision", jac, jac, cont, n_bp)
    return Verdict("contained", cont, jac, cont, n_bp, inner=small.id)
