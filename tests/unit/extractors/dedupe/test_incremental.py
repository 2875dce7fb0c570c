"""Incremental de-duplication gives exactly what a from-scratch run gives on the same corpus.

Each step edits a corpus (a document joins a group, leaves one, is removed, a new one arrives)
and compares :func:`dedupe_changed`, which sees only the changed documents and the persisted
index, with :func:`dedupe` over the whole corpus on an empty index: groups, relations, evidence,
singletons, and the index's candidate pairs and verdicts.
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

import pytest

from extractors.dedupe.groups import DedupeConfig, dedupe, dedupe_changed
from extractors.dedupe.index import LshIndex
from extractors.models import Document, Section, SourceMeta

RAW = Path(__file__).resolve().parents[4] / "data" / "raw"
BLURB = ("If you are worried about a child you can contact the NSPCC helpline for free advice at any time. "
         "Children can talk to Childline about anything that is worrying them online or offline. "
         "If a child is in immediate danger always call the police on 999 straight away.")


def _paragraphs() -> list[str]:
    out: list[str] = []
    for path in sorted(RAW.glob("*.txt")):
        out += [p.strip() for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if len(p.split()) > 15]
    return out


def _doc(doc_id: str, sections: list[str], numbered: bool = True) -> Document:
    secs = [Section(number=str(i + 1) if numbered else None, heading=f"Part {i + 1}", text=t, ordinal=i)
            for i, t in enumerate(sections)]
    body = "\n\n".join(sections)
    return Document(id=doc_id, path=f"{doc_id}.txt", sha256=hashlib.sha256(body.encode()).hexdigest(),
                    format="text", metadata=SourceMeta(id=doc_id, file=f"{doc_id}.txt"), sections=secs)


class Corpus:
    """Documents as lists of sections; edits that make documents join or leave groups."""

    def __init__(self, rng: random.Random, n: int) -> None:
        self.rng, self.paras = rng, _paragraphs()
        self.docs: dict[str, list[str]] = {}
        for i in range(n):
            self.docs[f"d{i:02d}"] = self.fresh()
        ids = sorted(self.docs)
        for i in range(0, n - 1, 4):  # copies, revisions and containment to start with
            self.edit(ids[i + 1], ids[i])

    def fresh(self) -> list[str]:
        secs = [f"{p} Marker {self.rng.random():.9f} of this text." for p in self.rng.sample(self.paras, 5)]
        if self.rng.random() < 0.5:
            secs.append(BLURB)
        return secs

    def edit(self, doc_id: str, like: str | None = None) -> None:
        """Make ``doc_id`` a copy, a revision, a container or an embedded part of ``like``, or
        (without ``like``) unrelated new content."""
        if like is None:
            self.docs[doc_id] = self.fresh()
            return
        base = self.docs[like]
        kind = self.rng.choice(["copy", "rewrap", "revision", "container", "inner"])
        if kind == "copy":
            self.docs[doc_id] = list(base)
        elif kind == "rewrap":
            self.docs[doc_id] = [s.replace(". ", ".\n") for s in base]
        elif kind == "revision":
            self.docs[doc_id] = [*base[:-1], self.rng.choice(self.paras)]
        elif kind == "container":
            self.docs[doc_id] = [*base, *self.fresh(), *self.fresh()]
        else:
            self.docs[doc_id] = base[:2]

    def documents(self) -> dict[str, Document]:
        return {i: _doc(i, s) for i, s in sorted(self.docs.items())}


def _state(index: LshIndex) -> tuple[dict, dict]:
    return dict(sorted(index.pairs.items())), dict(sorted(index.verdicts.items()))


def _step(corpus: Corpus, changed: set[str], path: Path, cfg: DedupeConfig) -> None:
    docs = corpus.documents()
    read: list[str] = []

    def reader(ids: list[str]) -> list[Document]:
        read.extend(ids)
        return [docs[i] for i in ids]

    incremental = dedupe_changed([docs[i] for i in sorted(changed) if i in docs],
                                 {i: d.sha256 for i, d in docs.items()}, path, reader, cfg)
    scratch_index = LshIndex(cfg.index_params(), cfg.max_postings)
    scratch = dedupe(list(docs.values()), cfg, scratch_index)
    assert read == []  # the index held every unchanged document: none was read
    assert incremental == scratch
    assert _state(LshIndex.load(path, cfg.index_params())) == _state(scratch_index)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("max_postings", [64, 3])  # 3: sentences cross the rarity limit often
def test_incremental_runs_equal_a_from_scratch_run_through_joins_leaves_and_removals(
        tmp_path, seed: int, max_postings: int) -> None:
    rng = random.Random(seed)
    cfg = DedupeConfig(max_postings=max_postings)
    corpus = Corpus(rng, 14)
    path = tmp_path / "lsh-index.pkl"
    _step(corpus, set(corpus.docs), path, cfg)
    groups_seen = set()
    for n in range(12):
        ids = sorted(corpus.docs)
        doc_id = rng.choice(ids)
        action = rng.choice(["join", "join", "leave", "remove", "add"])
        if action == "join":  # becomes related to another document (joins or forms a group)
            corpus.edit(doc_id, rng.choice([i for i in ids if i != doc_id]))
        elif action == "leave":
            corpus.edit(doc_id)
        elif action == "remove":
            del corpus.docs[doc_id]
        else:
            doc_id = f"n{n:02d}"
            corpus.docs[doc_id] = list(corpus.docs[rng.choice(ids)]) if rng.random() < 0.5 else corpus.fresh()
        _step(corpus, {doc_id}, path, cfg)
        groups_seen.add(len(LshIndex.load(path, cfg.index_params()).groups))
    assert max(groups_seen) > 0  # the edits did make groups


def test_a_document_leaving_and_rejoining_a_group_is_regrouped(tmp_path) -> None:
    rng = random.Random(5)
    corpus = Corpus(rng, 4)
    corpus.docs["d01"] = list(corpus.docs["d00"])
    cfg = DedupeConfig()
    path = tmp_path / "lsh-index.pkl"
    _step(corpus, set(corpus.docs), path, cfg)
    assert LshIndex.load(path).groups[0].members[0].relation == "exact"
    corpus.edit("d01")  # leaves
    _step(corpus, {"d01"}, path, cfg)
    assert all("d01" not in (g.canonical, *(m.id for m in g.members)) for g in LshIndex.load(path).groups)
    corpus.docs["d01"] = [*corpus.docs["d00"][:-1], "A new closing section for this edition of the text."]
    _step(corpus, {"d01"}, path, cfg)  # rejoins, as a revision
    groups = LshIndex.load(path).groups
    assert any("d01" in {g.canonical, *(m.id for m in g.members)} for g in groups)


def test_ids_the_index_lacks_are_read_and_treated_as_changed(tmp_path) -> None:
    corpus = Corpus(random.Random(9), 6)
    docs = corpus.documents()
    cfg = DedupeConfig()
    path = tmp_path / "lsh-index.pkl"
    read: list[str] = []

    def reader(ids: list[str]) -> list[Document]:
        read.extend(ids)
        return [docs[i] for i in ids]

    result = dedupe_changed([docs["d00"]], {i: d.sha256 for i, d in docs.items()}, path, reader, cfg)
    assert read == sorted(set(docs) - {"d00"})
    assert result == dedupe(list(docs.values()), cfg)
