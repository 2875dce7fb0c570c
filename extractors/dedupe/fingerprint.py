"""Content fingerprints that survive re-wrapping, re-ordering and format changes.

A document's text is folded (Unicode NFKC, lower case, curly quotes, punctuation and whitespace
removed), running headers/footers and page numbers are dropped, and the rest is cut into
sentences (on sentence punctuation and blank lines, never on single line breaks, so re-wrapped
lines give the same sentences). Word shingles are taken *inside* sentences only, so shuffling
sentences, paragraphs or sections does not change the shingle set.

Hashing is vectorised: each distinct word is hashed once (blake2b, stable across processes, so a
persisted index stays valid) and shingle hashes are combined from word hashes with numpy, a whole
document at a time. Per-shingle Python hashing is ~10x slower (FACTS.md).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from extractors.models import Document

if TYPE_CHECKING:
    from datasketch import LeanMinHash

_WORD = re.compile(r"[a-z0-9]+")
_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?[-–—]?\s*\d{1,4}\s*(?:of\s+\d{1,4})?\s*[-–—]?\s*$", re.I)
_HEADING_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[ivxlc]+\.|[a-z]\))\s+", re.I)
_MARKUP = re.compile(r"</?[a-z][^>\n]{0,200}>", re.I)  # stray HTML tags in web text
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
# Short lines seen this often in one document are running headers or footers.
_REPEATED_LINE_MIN = 3
_REPEATED_LINE_MAX_WORDS = 12

# Odd multipliers that make the shingle hash order-sensitive (position j uses _MULT[j]).
_MULT = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5],
    dtype=np.uint64,
)
_word_hash_cache: dict[str, int] = {}


def word_hash(word: str) -> int:
    """A stable 64-bit hash of one word (cached: vocabularies are small)."""
    h = _word_hash_cache.get(word)
    if h is None:
        h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
        if len(_word_hash_cache) < 2_000_000:
            _word_hash_cache[word] = h
    return h


def fold(text: str) -> str:
    """Unicode-normalised, lower-case text with typographic quotes and dashes folded."""
    return _MARKUP.sub(" ", unicodedata.normalize("NFKC", text)).translate(_QUOTES).lower()


def normalise_heading(heading: str) -> str:
    """A heading without its number, folded to words: ``"3. Online Grooming" -> "online grooming"``."""
    return " ".join(_WORD.findall(fold(_HEADING_NUMBER.sub("", heading.strip()))))


def _content_lines(text: str, repeated: set[str]) -> str:
    """The text without page-number lines and running header/footer lines."""
    keep = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and (_PAGE_NUMBER.match(stripped) or fold(stripped) in repeated):
            continue
        keep.append(line)
    return "\n".join(keep)


def repeated_lines(texts: list[str]) -> set[str]:
    """Short lines that recur in one document often enough to be running headers/footers."""
    counts: dict[str, int] = {}
    for text in texts:
        for line in text.split("\n"):
            key = fold(line.strip())
            if key and len(key.split()) <= _REPEATED_LINE_MAX_WORDS:
                counts[key] = counts.get(key, 0) + 1
    return {k for k, n in counts.items() if n >= _REPEATED_LINE_MIN}


def sentences(text: str) -> list[list[str]]:
    """Normalised sentences as word lists. Single line breaks are just spaces."""
    out: list[list[str]] = []
    for para in _PARAGRAPH.split(fold(text)):
        for sent in _SENTENCE_END.split(" ".join(para.split())):
            words = _WORD.findall(sent)
            if words:
                out.append(words)
    return out


@dataclass
class Fingerprint:
    """What de-duplication keeps about one document (picklable; persisted in the index).

    ``occ_*`` arrays run over shingle occurrences: the shingle hash, the index of its sentence
    in ``sentence_hashes`` and the index of its section. ``shingles`` is the unique sorted set.
    """

    id: str
    sha256: str
    headings: list[str]  # normalised, one per section
    titles: list[str]  # the headings as written, for reports
    section_words: np.ndarray  # int32 words per section, heading included
    sentence_hashes: np.ndarray  # uint64, one per sentence
    sentence_words: np.ndarray  # uint16 word count per sentence
    occ_shingles: np.ndarray  # uint64
    occ_sentence: np.ndarray  # int32
    occ_section: np.ndarray  # int32
    shingles: np.ndarray  # uint64, sorted unique
    in_order: bool  # numbered sections, in order, no reading-order warning
    richness: int  # SourceMeta fields set
    minhash: LeanMinHash | None = field(default=None, repr=False)

    def section_shingles(self, index: int, drop_sentences: np.ndarray | None = None) -> np.ndarray:
        """Unique shingles of one section, optionally without some sentences (by hash)."""
        mask = self.occ_section == index
        if drop_sentences is not None and drop_sentences.size:
            mask &= ~np.isin(self.sentence_hashes[self.occ_sentence], drop_sentences)
        return np.unique(self.occ_shingles[mask])

    def shingles_without(self, drop_sentences: np.ndarray) -> np.ndarray:
        """Unique shingles of the document without the given sentences (by hash)."""
        if not drop_sentences.size:
            return self.shingles
        keep = ~np.isin(self.sentence_hashes[self.occ_sentence], drop_sentences)
        return np.unique(self.occ_shingles[keep])


def _sentence_hash(words: list[str]) -> int:
    return int.from_bytes(hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest(), "little")


def _shingle_hashes(sents: list[list[str]], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the word k-shingles inside each sentence, and the sentence each belongs to.

    One numpy pass over the whole document; a sentence shorter than k gives one shingle (its
    own hash), so short lines such as phone numbers still count.
    """
    lens = np.fromiter((len(w) for w in sents), dtype=np.int64, count=len(sents))
    words = [w for sent in sents for w in sent]
    ids = np.fromiter(map(word_hash, words), dtype=np.uint64, count=len(words))
    sent_of = np.repeat(np.arange(len(sents), dtype=np.int32), lens)
    n = len(words) - k + 1
    if n > 0:
        acc = np.zeros(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(k):
                acc ^= ids[j : j + n] * _MULT[j]
                acc = (acc << np.uint64(13)) | (acc >> np.uint64(51))
        valid = sent_of[:n] == sent_of[k - 1 :]
        hashes, owners = acc[valid], sent_of[:n][valid]
    else:
        hashes, owners = np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int32)
    short = np.flatnonzero(lens < k)
    if short.size:
        extra = np.array([_sentence_hash(sents[i]) ^ 0x5BD1E995 for i in short], dtype=np.uint64)
        hashes = np.concatenate([hashes, extra])
        owners = np.concatenate([owners, short.astype(np.int32)])
    return hashes, owners


def numbered_in_order(doc: Document) -> bool:
    """True when the sections carry numbers, in ascending order, with no reading-order warning."""
    if any("order" in w.lower() for w in doc.warnings):
        return False
    numbers = []
    for s in doc.sections:
        if s.number:
            parts = re.findall(r"\d+", s.number)
            if parts:
                numbers.append(tuple(int(p) for p in parts))
    return bool(numbers) and all(a <= b for a, b in zip(numbers, numbers[1:]))


def metadata_richness(doc: Document) -> int:
    """How many optional SourceMeta fields are set (the richer copy is preferred as canonical)."""
    meta = doc.metadata
    fields = (meta.title, meta.region, meta.jurisdiction, meta.publisher, meta.url,
              meta.published, meta.kind)
    return sum(1 for f in fields if f)


def fingerprint(doc: Document, shingle_size: int = 5) -> Fingerprint:
    """Fingerprint one document (no MinHash yet: see :func:`add_minhashes`)."""
    repeated = repeated_lines([s.text for s in doc.sections])
    sents: list[list[str]] = []
    sections: list[int] = []
    headings = []
    for si, section in enumerate(doc.sections):
        heading = normalise_heading(section.heading)
        headings.append(heading)
        parts = [heading.split()] if heading else []
        parts += sentences(_content_lines(section.text, repeated))
        sents.extend(parts)
        sections.extend([si] * len(parts))
    occ_shingles, occ_sentence = _shingle_hashes(sents, shingle_size)
    return Fingerprint(
        id=doc.id,
        sha256=doc.sha256,
        headings=headings,
        titles=[s.heading for s in doc.sections],
        section_words=np.bincount(np.array(sections, dtype=np.int64),
                                  weights=[len(w) for w in sents],
                                  minlength=len(doc.sections)).astype(np.int32),
        sentence_hashes=np.fromiter(map(_sentence_hash, sents), dtype=np.uint64, count=len(sents)),
        sentence_words=np.array([min(len(w), 65535) for w in sents], dtype=np.uint16),
        occ_shingles=occ_shingles,
        occ_sentence=occ_sentence,
        occ_section=np.array(sections, dtype=np.int32)[occ_sentence],
        shingles=np.unique(occ_shingles),
        in_order=numbered_in_order(doc),
        richness=metadata_richness(doc),
    )


def _identity(value: int) -> int:
    return value


def add_minhashes(prints: list[Fingerprint], num_perm: int) -> None:
    """Attach a MinHash of each fingerprint's shingle set, hashing whole documents per batch."""
    from datasketch import LeanMinHash, MinHash

    # Shingle values are already 64-bit hashes: the identity hash function plus the affine64
    # scheme avoids hashing them again.
    batches = (p.shingles.tolist() for p in prints)
    for p, m in zip(prints, MinHash.generator(batches, num_perm=num_perm, hashfunc=_identity,
                                              scheme="affine64")):
        p.minhash = LeanMinHash(m)
