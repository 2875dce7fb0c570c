"""A persisted MinHash LSH index of document fingerprints, so re-ingests compare only what changed.

The index keeps, per document id, the fingerprint (keyed by id and sha256), a MinHash in a
datasketch ``MinHashLSH``, and a sentence -> documents posting list. Candidate pairs come from
two places: LSH (documents whose shingle sets look alike overall) and shared sentences (which
also finds a leaflet inside a much longer document, whose Jaccard similarity is too low for LSH).
Raw pair measurements, verified relations and the groups are kept too, so a re-ingest compares
only what changed (:mod:`extractors.dedupe.incremental`). Saved with :meth:`LshIndex.save`
(pickle) next to the data, e.g. ``data/cache/lsh-index.pkl``.
"""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from extractors.dedupe.fingerprint import Fingerprint, metadata_richness, numbered_in_order
from extractors.dedupe.verify import Verdict
from extractors.errors import DedupeIndexError
from extractors.models import Document, DuplicateGroup

FORMAT_VERSION = 2  # 2: verdicts and groups kept, for incremental runs


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
        # The verified relations and the groups of the corpus the index holds, so that a run
        # with k changed documents re-verifies and re-groups only around those k.
        self.verdicts: dict[tuple[str, str], Verdict] = {}
        self.groups: list[DuplicateGroup] = []

    # persistence -------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (parent directories are created)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        state = {"version": FORMAT_VERSION, "params": self.params, "max_postings": self.max_postings,
                 "prints": self.prints, "lsh": self.lsh, "postings": self.postings, "pairs": self.pairs,
                 "verdicts": self.verdicts, "groups": self.groups}
        with tmp.open("wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, params: IndexParams | None = None) -> LshIndex:
        """Read an index saved by :meth:`save`; a missing file gives an empty index.

        When ``params`` differ from the stored ones the index is emptied (and rebuilt by the next
        :func:`~extractors.dedupe.incremental.update`), since fingerprints made with other shingles do not compare.
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
        index.verdicts, index.groups = state["verdicts"], state["groups"]
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
        for h in self.posting_keys(fp):
            docs = self.postings.get(h)
            if docs is not None:
                docs.discard(doc_id)
                if not docs:
                    del self.postings[h]
        self.pairs = {k: v for k, v in self.pairs.items() if doc_id not in k}
        self.verdicts = {k: v for k, v in self.verdicts.items() if doc_id not in k}

    def posting_keys(self, fp: Fingerprint) -> set[int]:
        long_enough = fp.sentence_words >= self.params.min_sentence_words
        return set(fp.sentence_hashes[long_enough].tolist())

    def stale(self, documents: Iterable[Document]) -> list[Document]:
        """The documents whose fingerprint the index lacks or holds out of date (other bytes, or
        metadata that changes the canonical preference)."""
        out = []
        for doc in documents:
            fp = self.prints.get(doc.id)
            if (fp is None or fp.sha256 != doc.sha256 or fp.richness != metadata_richness(doc)
                    or fp.in_order != numbered_in_order(doc)):
                out.append(doc)
        return out

    def missing(self, hashes: dict[str, str]) -> list[str]:
        """Ids in ``hashes`` ({id: sha256}) the index does not hold with those bytes."""
        return sorted(i for i, h in hashes.items() if i not in self.prints or self.prints[i].sha256 != h)

    def insert(self, fresh: list[Fingerprint]) -> None:
        """Add fingerprints (with MinHashes, ids not yet held) to LSH and the postings."""
        with self.lsh.insertion_session() as session:
            for fp in fresh:
                self.prints[fp.id] = fp
                session.insert(fp.id, fp.minhash, check_duplication=False)
        for fp in fresh:
            for h in self.posting_keys(fp):
                self.postings.setdefault(h, set()).add(fp.id)

    def candidates(self, fp: Fingerprint, min_shared_sentences: int = 2) -> set[str]:
        """Ids that may be related to ``fp``: LSH hits plus documents sharing rare sentences."""
        found = set(self.lsh.query(fp.minhash)) if fp.minhash is not None else set()
        shared: Counter[str] = Counter()
        keys = self.posting_keys(fp)
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
