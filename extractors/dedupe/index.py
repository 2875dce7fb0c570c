"""A persisted MinHash LSH index of document fingerprints, so re-ingests compare only what changed.

The index keeps, per document id, the fingerprint (keyed by id and sha256), a MinHash in a
datasketch ``MinHashLSH``, and a sentence -> documents posting list. Candidate pairs come from
two places: LSH (documents whose shingle sets look alike overall) and shared sentences (which
also finds a leaflet inside a much longer document, whose Jaccard similarity is too low for LSH).
Raw pair measurements are cached by (id, sha256) pairs, so an unchanged corpus is not compared
again. Saved with :meth:`LshIndex.save` (pickle) next to the data, e.g. ``data/cache/lsh.pkl``.
"""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from extractors.dedupe.fingerprint import Fingerprint, add_minhashes, fingerprint
from extractors.errors import DedupeIndexError
from extractors.models import Document

FORMAT_VERSION = 1


@dataclass(frozen=True)
class IndexParams:
    """What a stored index was built with; a change means rebuilding it (from
    :meth:`~extractors.dedupe.config.DedupeConfig.index_params`)."""

    shingle_size: int
    num_perm: int
    lsh_threshold: float
    min_sentence_words: int


@dataclass(frozen=True)
class PairStats:
    """Raw overlap of two fingerprints' shingle sets."""

    shared: int
    size_a: int
    size_b: int

    @property
    def jaccard(self) -> float:
        union = self.size_a + self.size_b - self.shared
        return self.shared / union if union else 0.0

    @property
    def containment(self) -> float:
        """How much of the smaller set lies inside the larger."""
        small = min(self.size_a, self.size_b)
        return self.shared / small if small else 0.0


@dataclass
class SyncStats:
    """What :meth:`LshIndex.sync` did."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def fingerprinted(self) -> list[str]:
        return [*self.new, *self.changed]


def overlap(a: Fingerprint, b: Fingerprint) -> PairStats:
    shared = np.intersect1d(a.shingles, b.shingles, assume_unique=True).size
    return PairStats(shared, a.shingles.size, b.shingles.size)


class LshIndex:
    """Fingerprints, MinHash LSH and sentence postings of a corpus. No I/O until save/load."""

    def __init__(self, params: IndexParams | None = None, max_postings: int = 64) -> None:
        if params is None:
            from extractors.dedupe.config import DedupeConfig

            params = DedupeConfig().index_params()
        self.params = params
        # Sentences in more documents than this are boilerplate: not used to find candidates.
        self.max_postings = max_postings
        self.clear()

    def clear(self, params: IndexParams | None = None) -> None:
        """Forget every document (and adopt new parameters)."""
        from datasketch import MinHashLSH

        if params is not None:
            self.params = params
        self.prints: dict[str, Fingerprint] = {}
        self.lsh = MinHashLSH(threshold=self.params.lsh_threshold, num_perm=self.params.num_perm)
        self.postings: dict[int, set[str]] = {}
        self.pairs: dict[tuple[str, str], PairStats] = {}

    # persistence -------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (parent directories are created)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        state = {"version": FORMAT_VERSION, "params": self.params, "max_postings": self.max_postings,
                 "prints": self.prints, "lsh": self.lsh, "postings": self.postings, "pairs": self.pairs}
        with tmp.open("wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, params: IndexParams | None = None) -> LshIndex:
        """Read an index saved by :meth:`save`; a missing file gives an empty index.

        When ``params`` differ from the stored ones the index is emptied (and rebuilt by the next
        :meth:`sync`), since fingerprints made with other shingles do not compare.
        """
        index = cls(params)
        if not path.exists():
            return index
        try:
            with path.open("rb") as f:
                state: dict[str, Any] = pickle.load(f)  # noqa: S301 - our own cache file
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as e:
            raise DedupeIndexError(f"{path}: cannot read the de-duplication index ({e}); delete it to "
                              "rebuild") from e
        if state.get("version") != FORMAT_VERSION or (params and state["params"] != params):
            return index
        index.params, index.max_postings = state["params"], state["max_postings"]
        index.prints, index.lsh = state["prints"], state["lsh"]
        index.postings, index.pairs = state["postings"], state["pairs"]
        return index

    # membership ---------------------------------------------------------------------------
    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.prints

    def __len__(self) -> int:
        return len(self.prints)

    def remove(self, doc_id: str) -> None:
        """Drop a document: its fingerprint, LSH entry, postings and cached pairs."""
        fp = self.prints.pop(doc_id, None)
        if fp is None:
            return
        self.lsh.remove(doc_id)
        for h in self._posting_keys(fp):
            docs = self.postings.get(h)
            if docs is not None:
                docs.discard(doc_id)
                if not docs:
                    del self.postings[h]
        self.pairs = {k: v for k, v in self.pairs.items() if doc_id not in k}

    def _posting_keys(self, fp: Fingerprint) -> set[int]:
        long_enough = fp.sentence_words >= self.params.min_sentence_words
        return set(fp.sentence_hashes[long_enough].tolist())

    def sync(self, documents: Iterable[Document], prune: bool = True) -> SyncStats:
        """Make the index hold exactly ``documents`` (with ``prune``), fingerprinting only new and
        changed ones (by id and sha256), and measure candidate pairs that involve them."""
        stats = SyncStats()
        todo: list[Document] = []
        wanted: set[str] = set()
        for doc in documents:
            wanted.add(doc.id)
            old = self.prints.get(doc.id)
            if old is not None and old.sha256 == doc.sha256:
                stats.unchanged.append(doc.id)
                continue
            (stats.changed if old is not None else stats.new).append(doc.id)
            if old is not None:
                self.remove(doc.id)
            todo.append(doc)
        if prune:
            for doc_id in sorted(set(self.prints) - wanted):
                self.remove(doc_id)
                stats.removed.append(doc_id)
        fresh = [fingerprint(d, self.params.shingle_size) for d in todo]
        add_minhashes(fresh, self.params.num_perm)
        with self.lsh.insertion_session() as session:
            for fp in fresh:
                self.prints[fp.id] = fp
                session.insert(fp.id, fp.minhash, check_duplication=False)
        for fp in fresh:
            for h in self._posting_keys(fp):
                self.postings.setdefault(h, set()).add(fp.id)
        for fp in fresh:
            for other in self.candidates(fp):
                key = (fp.id, other) if fp.id < other else (other, fp.id)
                if key not in self.pairs:
                    self.pairs[key] = overlap(self.prints[key[0]], self.prints[key[1]])
        return stats

    def candidates(self, fp: Fingerprint, min_shared_sentences: int = 2) -> set[str]:
        """Ids that may be related to ``fp``: LSH hits plus documents sharing rare sentences."""
        found = set(self.lsh.query(fp.minhash)) if fp.minhash is not None else set()
        shared: Counter[str] = Counter()
        keys = self._posting_keys(fp)
        for h in keys:
            docs = self.postings.get(h, ())
            if len(docs) <= self.max_postings:
                shared.update(docs)
        # Two shared sentences, or all of a short document's sentences.
        need = min(min_shared_sentences, max(1, len(keys)))
        found.update(d for d, n in shared.items() if n >= need)
        found.discard(fp.id)
        return found

    def documents_with(self, sentence_hash: int) -> set[str]:
        """Ids of the documents containing a sentence (empty set if none)."""
        return self.postings.get(sentence_hash, set())
