"""Tag harms, laws, provisions, agencies, contact points and regions in a Document.

The spaCy pipeline is ``spacy.blank("en")`` + ``sentencizer`` + a ``span_ruler`` whose phrase
patterns (matched on ``LOWER``, overlaps allowed) come from the taxonomy, each pattern's ``id``
being the graph id. Regex rules (:mod:`extractors.tagging.rules`) add what no list can hold: Act
citations (unknown Acts become new Law entities), section references attached to their Act,
phone numbers, URLs and e-mail addresses. The built pipeline is saved under a cache directory
keyed by the taxonomy hash and reloaded from there; a changed taxonomy gets a new directory.

>>> tagged = tag(document)            # -> TaggedDocument with mentions, links, new_entities
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from extractors.models import Document, TaggedDocument
from extractors.tagging.mentions import SectionAnalysis, analyse_section, collapse
from extractors.taxonomy import Taxonomy, load_taxonomy
from extractors.versions import TAGGER_VERSION

SPANS_KEY = "skg"
PARTNERSHIPS = frozenset({"agency:safeguarding-partnership", "agency:safeguarding-adults-board"})
DEFAULT_CACHE = Path("data/cache/spacy")


def patterns(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """Span-ruler phrase patterns: label ``KIND[:case][:old]``, id = graph id."""
    out = []
    for a in taxonomy.aliases:
        label = a.kind.upper() + ("" if a.case == "any" else f":{a.case}") + (":old" if a.outdated else "")
        out.append({"label": label, "pattern": a.text, "id": a.entity_id})
    return out


def build_nlp(taxonomy: Taxonomy | None = None) -> Any:
    """A fresh pipeline for ``taxonomy`` (default: the package's)."""
    import spacy

    taxonomy = taxonomy or load_taxonomy()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler: Any = nlp.add_pipe("span_ruler", config={
        "spans_key": SPANS_KEY, "phrase_matcher_attr": "LOWER", "validate": False})
    ruler.add_patterns(patterns(taxonomy))
    nlp.meta["skg"] = {"taxonomy_version": taxonomy.version, "taxonomy_hash": taxonomy.hash,
                       "tagger_version": TAGGER_VERSION}
    return nlp


def load_nlp(taxonomy: Taxonomy | None = None, cache_dir: Path | str | None = None) -> Any:
    """The pipeline for ``taxonomy``, loaded from ``cache_dir`` or built and saved there.

    The directory name carries the taxonomy hash, so a changed taxonomy (or tagger) rebuilds.
    """
    import spacy

    taxonomy = taxonomy or load_taxonomy()
    root = Path(cache_dir) if cache_dir else DEFAULT_CACHE
    path = root / f"tagger-{TAGGER_VERSION}-{taxonomy.hash[:16]}"
    meta = path / "meta.json"
    if meta.exists():
        try:
            saved = json.loads(meta.read_text()).get("skg", {})
            if saved.get("taxonomy_hash") == taxonomy.hash:
                return spacy.load(path)
        except (OSError, ValueError):
            pass  # a half-written cache: rebuild it below
    nlp = build_nlp(taxonomy)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(path)
    except OSError:
        pass  # a read-only cache only costs start-up time
    return nlp


_NLP_CACHE: dict[str, Any] = {}


def default_nlp(taxonomy: Taxonomy | None = None) -> Any:
    """A process-wide pipeline for the taxonomy (built in memory, never written)."""
    taxonomy = taxonomy or load_taxonomy()
    if taxonomy.hash not in _NLP_CACHE:
        _NLP_CACHE[taxonomy.hash] = build_nlp(taxonomy)
    return _NLP_CACHE[taxonomy.hash]


def _texts(document: Document) -> list[tuple[str, tuple[int, bool]]]:
    out = []
    for s in document.sections:
        out.append((collapse(s.text)[0], (s.ordinal, False)))
        if s.heading:
            out.append((collapse(s.heading)[0], (s.ordinal, True)))
    return out


def analyse(document: Document, docs: Iterable[Any], taxonomy: Taxonomy) -> list[SectionAnalysis]:
    """Per-section mentions, sentences and paragraphs from the spaCy docs of its texts."""
    by_ordinal = {s.ordinal: s for s in document.sections}
    spacy_docs: dict[tuple[int, bool], Any] = {}
    for doc, key in docs:
        spacy_docs[key] = doc
    region = document.metadata.region[0] if document.metadata.region else None
    sections = [
        analyse_section(by_ordinal[o], spacy_docs[(o, False)], spacy_docs.get((o, True)), taxonomy,
                        SPANS_KEY, region=region)
        for o in sorted(by_ordinal)
    ]
    _drop_self_references(sections, taxonomy)
    return sections


def _drop_self_references(sections: list[SectionAnalysis], taxonomy: Taxonomy) -> None:
    """A safeguarding partnership or board is an agency of the document only when the document
    gives it as a contact (GUIDELINES "National bodies"): a masthead "Slough Safeguarding
    Children Partnership" or "the Board expects ..." is the publisher writing about itself."""
    new = {e.id: e for s in sections for e in s.new_entities}

    def level(agency_id: str | None) -> str | None:
        a = taxonomy.agencies.get(agency_id or "") or new.get(agency_id or "")
        return getattr(a, "broader", None) or agency_id

    owners = {level(getattr(e, "agency_id", None)) for e in new.values()}
    owners |= {getattr(e, "agency_id", None) for e in new.values()}
    dropped: set[str] = set()
    for s in sections:
        dropped |= {m.entity_id for m in s.mentions if m.kind == "agency"
                    and level(m.entity_id) in PARTNERSHIPS and m.entity_id not in owners
                    and level(m.entity_id) not in owners}
        s.mentions = [m for m in s.mentions if not (m.kind == "agency" and m.entity_id in dropped)]
    for s in sections:  # a publisher's own board found by pattern is not a new agency either
        s.new_entities = [e for e in s.new_entities if e.id not in dropped]


def tag(document: Document, nlp: Any = None, taxonomy: Taxonomy | None = None) -> TaggedDocument:
    """Mentions, links and new entities for one document."""
    return next(iter(tag_many([document], nlp=nlp, taxonomy=taxonomy)))


def tag_many(documents: Iterable[Document], nlp: Any = None, taxonomy: Taxonomy | None = None,
             n_process: int = 1, batch_size: int = 64) -> list[TaggedDocument]:
    """Tag many documents with one ``nlp.pipe`` pass over all their sections."""
    from extractors.tagging.linker import link_all

    taxonomy = taxonomy or load_taxonomy()
    nlp = nlp or default_nlp(taxonomy)
    documents = list(documents)
    items = [(text, (i, key)) for i, d in enumerate(documents) for text, key in _texts(d)]
    per_doc: list[list[tuple[Any, tuple[int, bool]]]] = [[] for _ in documents]
    for doc, (i, key) in _pipe_chunked(nlp, items, n_process, batch_size):
        per_doc[i].append((doc, key))
    out = []
    for document, docs in zip(documents, per_doc):
        sections = analyse(document, docs, taxonomy)
        mentions = [m for s in sections for m in s.mentions]
        new = _new_entities(sections, taxonomy)
        result = link_all(document, sections, taxonomy)
        out.append(TaggedDocument(document_id=document.id, mentions=mentions, links=result.links,
                                  new_entities=new, general_routes=result.general_routes,
                                  offence_claims=result.offence_claims))
    return out


# Texts longer than this are tagged in pieces and the pieces' docs merged (D15): spaCy refuses
# texts over nlp.max_length (E088, 1,000,000 characters) although files up to 50 MB are read.
CHUNK_CHARS = 100_000
# spaCy's tokenizer is quadratic in the length of one whitespace-free run (it peels prefixes and
# suffixes off a copy of the rest): 200,000 "[" stalled an ingest for minutes. Such runs are cut.
MAX_RUN = 1_000
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{MAX_RUN},}}")


def needs_split(text: str, size: int = CHUNK_CHARS) -> bool:
    """Whether :func:`split_long` would cut ``text``."""
    return len(text) > size or _LONG_RUN.search(text) is not None


def split_long(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """``text`` in pieces of at most ``size`` characters that join back to exactly ``text``, each
    cut just after its last line break or space (a hard cut when its second half has none), and
    with no whitespace-free run over :data:`MAX_RUN` characters."""
    forced = sorted({i for m in _LONG_RUN.finditer(text)
                     for i in range(m.start() + MAX_RUN, m.end(), MAX_RUN)})
    segments = [text[a:b] for a, b in zip([0, *forced], [*forced, len(text)], strict=True)]
    parts: list[str] = []
    for segment in segments:
        start = 0
        while len(segment) - start > size:
            window = segment[start:start + size]
            cut = max(window.rfind("\n"), window.rfind(" "))
            end = start + (cut + 1 if cut > size // 2 else size)
            parts.append(segment[start:end])
            start = end
        parts.append(segment[start:])
    return [p for p in parts if p] or [text]


def _pipe_chunked(nlp: Any, items: list[tuple[str, Any]], n_process: int,
                  batch_size: int) -> Iterator[tuple[Any, Any]]:
    """``nlp.pipe(items, as_tuples=True)`` that also takes texts over ``nlp.max_length``."""
    from spacy.tokens import Doc

    size = min(CHUNK_CHARS, nlp.max_length - 1)
    expanded = [(part, (ctx, j, len(parts))) for text, ctx in items
                for parts in [split_long(text, size) if needs_split(text, size) else [text]]
                for j, part in enumerate(parts)]
    pending: list[Any] = []
    for doc, (ctx, j, n) in nlp.pipe(expanded, as_tuples=True, n_process=n_process,
                                     batch_size=batch_size):
        if n == 1:
            yield doc, ctx
            continue
        pending.append(doc)
        if j == n - 1:
            yield Doc.from_docs(pending, ensure_whitespace=False), ctx
            pending = []


def _new_entities(sections: list[SectionAnalysis], taxonomy: Taxonomy) -> list[Any]:
    seen: dict[str, Any] = {}
    for s in sections:
        for e in s.new_entities:
            seen.setdefault(e.id, e)
    return [seen[k] for k in sorted(seen)]


def word_count(text: str) -> int:
    return len(re.findall(r"\S+", text))
