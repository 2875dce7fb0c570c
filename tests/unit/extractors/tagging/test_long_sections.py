"""Sections over spaCy's max_length are tagged in pieces (D15), with offsets into the whole text."""

from __future__ import annotations

import pytest

from extractors.models import Document, Section, SourceMeta
from extractors.tagging.tagger import MAX_RUN, split_long, tag


def test_split_long_pieces_join_back_and_cut_at_spaces() -> None:
    text = "online grooming report to CEOP " * 10_000
    parts = split_long(text, 1000)
    assert "".join(parts) == text and all(len(p) <= 1000 for p in parts)
    assert all(p.endswith(" ") for p in parts[:-1])
    assert "".join(split_long("x" * 2500, 1000)) == "x" * 2500


def test_whitespace_free_runs_are_cut_so_the_tokenizer_stays_linear() -> None:
    text = "Report grooming. " + "[" * 5000 + "x" + "]" * 5000 + " then sextortion."
    parts = split_long(text)
    assert "".join(parts) == text and max(len(p.split(" ")[0]) for p in parts) <= MAX_RUN


@pytest.mark.timeout(120)
def test_a_document_of_brackets_is_tagged_in_linear_time() -> None:
    text = "Online grooming. " + "[" * 200_000 + "x" + "]" * 200_000 + " Report sextortion to CEOP."
    doc = Document(id="b", path="b.md", sha256="0" * 64, format="markdown",
                   metadata=SourceMeta(id="b", file="b.md"),
                   sections=[Section(heading="Brackets", text=text, ordinal=0)])
    found = {m.entity_id: text[m.start:m.end] for m in tag(doc).mentions}
    assert found["harm:sextortion"] == "sextortion"


@pytest.mark.timeout(300)
def test_a_section_over_a_million_characters_is_tagged() -> None:
    filler = "Staff keep a calm and friendly tone in every meeting with the family. " * 15_000
    text = "Online grooming is a risk. " + filler + "Report sextortion to CEOP."  # 1.05 M characters
    doc = Document(id="long", path="long.txt", sha256="0" * 64, format="text",
                   metadata=SourceMeta(id="long", file="long.txt"),
                   sections=[Section(heading="Long", text=text, ordinal=0)])
    tagged = tag(doc)
    found = {m.entity_id: text[m.start:m.end] for m in tagged.mentions}
    assert found["harm:grooming"].lower() in ("online grooming", "grooming")
    assert found["harm:sextortion"] == "sextortion"  # found past the first million characters
    assert any(e.startswith("agency:ceop") for e in found)
