"""De-duplication: the seed pair, generated variants, properties, the persisted index, the CLI."""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.dedupe.groups import DedupeConfig, dedupe
from extractors.dedupe.index import LshIndex
from extractors.models import DedupeResult, Document, Section, SourceMeta

RAW = Path(__file__).resolve().parents[4] / "data" / "raw"
SAFER_WEB = RAW / "dudley-safer-seven-online-risks.web.txt"
OTHER_SEEDS = [
    RAW / "pan-sussex-procedure-8.45-online-safety.txt",
    RAW / "kingston-richmond-online-safety-guidance.txt",
    RAW / "cambridgeshire-peterborough-online-safeguarding-strategy-2018-2020.txt",
]
# A 150-word CEOP/NSPCC-style blurb of the kind every region pastes in.
BOILERPLATE = (
    "If you are worried about a child, you can contact the NSPCC helpline for free and confidential "
    "advice at any time of the day or night. Children and young people can talk to Childline about "
    "anything that is worrying them, online or offline, and counsellors are there to listen. If a "
    "child is in immediate danger, always call the police on 999. Concerns about online sexual "
    "abuse or the way someone has been communicating with a child online can be reported to CEOP, "
    "the Child Exploitation and Online Protection command of the National Crime Agency, using the "
    "ClickCEOP button found on many websites. Reports are read by specially trained child "
    "protection advisers who will make sure the child is safe and will pass information to the "
    "right agencies. Parents and carers can find guides to privacy settings, parental controls and "
    "age ratings on the Thinkuknow website, which also has activities for schools and youth groups "
    "to use when talking about staying safe online with children of every age."
)

# --- fixtures: documents built directly from the seed texts ------------------------------------


def make_doc(doc_id: str, sections: list[tuple[str | None, str, str]], **meta: object) -> Document:
    """A Document with the given (number, heading, text) sections; sha256 of its text."""
    secs = [Section(number=n, heading=h, text=t, ordinal=i) for i, (n, h, t) in enumerate(sections)]
    body = "\n\n".join(f"{n or ''} {h}\n{t}" for n, h, t in sections)
    return Document(id=doc_id, path=f"{doc_id}.txt", sha256=hashlib.sha256(body.encode()).hexdigest(),
                    format="text", metadata=SourceMeta(id=doc_id, file=f"{doc_id}.txt", **meta),
                    sections=secs)


def seed_sections(path: Path) -> list[tuple[str | None, str, str]]:
    """Sections of a seed text: numbered headings where it has them, else blank-line blocks."""
    text = path.read_text(encoding="utf-8")
    parts = re.split(r"^\s*(\d+)\. (.+?)\s*$", text, flags=re.M)
    if len(parts) > 1:
        return [(parts[i], parts[i + 1], parts[i + 2].strip()) for i in range(1, len(parts), 3)]
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    size = max(1, len(blocks) // 6)
    return [(None, f"Part {i // size + 1}", "\n\n".join(blocks[i:i + size]))
            for i in range(0, len(blocks), size)]


@pytest.fixture(scope="module")
def leaflet() -> list[tuple[str | None, str, str]]:
    # The web text itself has sections 1, 3, 2, 4...; the fixture is the leaflet in order.
    return sorted(seed_sections(SAFER_WEB), key=lambda s: int(s[0] or 0))


def decision(result: DedupeResult) -> set[tuple[frozenset[str], tuple[str, ...]]]:
    """Group membership and relations, independent of which member is canonical."""
    return {(frozenset([g.canonical, *(m.id for m in g.members)]),
             tuple(sorted(m.relation for m in g.members))) for g in result.groups}


def relations(result: DedupeResult) -> dict[str, str]:
    return {m.id: m.relation for g in result.groups for m in g.members}


def shuffled_paragraphs(sections: list[tuple[str | None, str, str]], seed: int) -> list[tuple[str | None, str, str]]:
    rng = random.Random(seed)
    out = []
    for n, h, t in sections:
        paras = [p for p in re.split(r"\n\s*\n", t) if p.strip()]
        rng.shuffle(paras)
        out.append((n, h, "\n\n".join(paras)))
    rng.shuffle(out)
    return out


def rewrap(text: str, rng: random.Random) -> str:
    """Re-wrap every paragraph at random widths (line breaks move, paragraphs stay)."""
    paras = []
    for para in re.split(r"\n\s*\n", text):
        words, lines, line = para.split(), [], []
        for w in words:
            line.append(w)
            if rng.random() < 0.15:
                lines.append(" ".join(line))
                line = []
        lines.append(" ".join(line))
        paras.append("\n".join(x for x in lines if x))
    return "\n\n".join(paras)


# --- the seeds -----------------------------------------------------------------------------------


def test_safer_seven_copies_form_one_duplicate_group_and_other_seeds_are_singletons() -> None:
    from extractors.reading.extract import extract
    from extractors.reading.sources import discover

    sources, _ = discover(RAW)
    docs = [extract(s) for s in sources]
    result = dedupe(docs)
    assert len(result.groups) == 1
    group = result.groups[0]
    ids = {group.canonical, *(m.id for m in group.members)}
    assert all("safer-seven" in i for i in ids) and len(ids) == 2
    assert [m.relation for m in group.members] == ["duplicate"]
    assert group.members[0].similarity >= 0.9
    assert len(result.singletons) == 3


def test_canonical_prefers_numbered_sections_in_order(leaflet) -> None:
    in_order = make_doc("z-web", leaflet)
    out_of_order = make_doc("a-pdf", leaflet[::-1])
    result = dedupe([out_of_order, in_order])
    assert result.groups[0].canonical == "z-web"


# --- generated variants --------------------------------------------------------------------------


def test_exact_copy_is_exact(leaflet) -> None:
    a, b = make_doc("a", leaflet), make_doc("b", leaflet)
    result = dedupe([a, b])
    assert relations(result) == {"b": "exact"}
    assert result.groups[0].members[0].similarity == 1.0


def test_shuffled_paragraphs_are_a_duplicate(leaflet) -> None:
    result = dedupe([make_doc("a", leaflet), make_doc("b", shuffled_paragraphs(leaflet, 7))])
    assert relations(result) == {"b": "duplicate"}


def test_rewritten_and_added_sections_make_a_revision_naming_them(leaflet) -> None:
    revised = [s if s[1] != "The Law" else (s[0], s[1], (
        "Section 15 of the Sexual Offences Act 2003 makes it an offence to meet a child after "
        "grooming. The Online Safety Act 2023 places duties on platforms to remove illegal content "
        "and protect children from harmful material, and Ofcom enforces those duties with fines.")
    ) for s in leaflet]
    revised.append(("8", "Gaming and Gambling", (
        "Loot boxes and in-game purchases can draw young people into gambling-like behaviour. "
        "Talk to them about spending limits, and use console parental controls to restrict chat "
        "with strangers and purchases without permission.")))
    result = dedupe([make_doc("a-2019", leaflet), make_doc("b-2021", revised)])
    (member,) = result.groups[0].members
    assert member.relation == "revision"
    assert member.changes is not None
    assert member.changes.changed == ["The Law"]
    assert member.changes.added == ["Gaming and Gambling"]
    assert member.changes.removed == []


def test_leaflet_inside_a_longer_document_is_contained(leaflet) -> None:
    strategy = seed_sections(OTHER_SEEDS[0]) + leaflet + seed_sections(OTHER_SEEDS[2])
    result = dedupe([make_doc("leaflet", leaflet), make_doc("strategy", strategy)])
    (group,) = result.groups
    assert group.canonical == "strategy"
    assert [(m.id, m.relation) for m in group.members] == [("leaflet", "contained")]
    assert group.members[0].similarity >= 0.95


def test_shared_boilerplate_paragraph_does_not_relate_different_documents(leaflet) -> None:
    a = make_doc("a", [*leaflet, (None, "Getting help", BOILERPLATE)])
    b = make_doc("b", [*seed_sections(OTHER_SEEDS[0]), (None, "Where to get help", BOILERPLATE)])
    result = dedupe([a, b])
    assert result.groups == [] and result.singletons == ["a", "b"]


def test_short_documents_that_are_mostly_the_same_blurb_are_not_related() -> None:
    # Two short sections of their own plus the blurb: the blurb is over half of each note, so
    # raw overlap alone would call them revisions; only one section in three is shared.
    notes = []
    for i, seed in enumerate(OTHER_SEEDS):
        paras = [p for _, _, t in seed_sections(seed) for p in re.split(r"\n\s*\n", t)
                 if len(p.split()) > 25]
        notes.append(make_doc(f"note-{i}", [(None, "About", paras[1]), (None, "Advice", paras[2]),
                                           (None, "Help", BOILERPLATE)]))
    result = dedupe(notes)
    assert result.groups == []


# --- properties ----------------------------------------------------------------------------------

VARIANTS = ["duplicate", "revision", "contained", "boilerplate"]


def variant_pair(kind: str, leaflet: list[tuple[str | None, str, str]]) -> tuple[list, list]:
    if kind == "duplicate":
        return leaflet, shuffled_paragraphs(leaflet, 3)
    if kind == "revision":
        return leaflet, [*leaflet[:4], (None, "Our new guidance", BOILERPLATE), *leaflet[5:]]
    if kind == "contained":
        return leaflet, seed_sections(OTHER_SEEDS[0]) + leaflet
    return [*leaflet, (None, "Help", BOILERPLATE)], [*seed_sections(OTHER_SEEDS[0]), (None, "Help", BOILERPLATE)]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(VARIANTS), seed=st.integers(0, 10_000))
def test_reordering_sections_or_rewrapping_lines_never_changes_the_decision(leaflet, kind, seed) -> None:
    first, second = variant_pair(kind, leaflet)
    baseline = decision(dedupe([make_doc("a", first), make_doc("b", second)]))
    rng = random.Random(seed)
    moved = [(n, h, rewrap(t, rng)) for n, h, t in second]
    rng.shuffle(moved)
    assert decision(dedupe([make_doc("a", first), make_doc("b", moved)])) == baseline


# --- the persisted index -------------------------------------------------------------------------


def test_second_run_fingerprints_only_the_changed_document(tmp_path, leaflet) -> None:
    docs = [make_doc("a", leaflet), make_doc("b", shuffled_paragraphs(leaflet, 1)),
            make_doc("c", seed_sections(OTHER_SEEDS[1]))]
    path = tmp_path / "cache" / "lsh.pkl"
    index = LshIndex.load(path, DedupeConfig().index_params())
    first = dedupe(docs, index=index)
    index.save(path)

    changed = make_doc("c", seed_sections(OTHER_SEEDS[1])[:-1])
    again = LshIndex.load(path, DedupeConfig().index_params())
    assert len(again) == 3
    assert [d.id for d in again.stale([docs[0], docs[1], changed])] == ["c"]
    assert dedupe([docs[0], docs[1], changed], index=again) == first


def test_removing_a_document_removes_it_from_the_index(leaflet) -> None:
    docs = [make_doc("a", leaflet), make_doc("b", leaflet)]
    index = LshIndex(DedupeConfig().index_params())
    dedupe(docs, index=index)
    result = dedupe(docs[:1], index=index)
    assert "b" not in index and len(index) == 1
    assert index.pairs == {} and all("b" not in d for d in index.postings.values())
    assert result.singletons == ["a"]


def test_unreadable_index_file_is_a_clear_error(tmp_path) -> None:
    from extractors.errors import DedupeIndexError

    path = tmp_path / "lsh.pkl"
    path.write_bytes(b"not a pickle")
    with pytest.raises(DedupeIndexError, match="delete it"):
        LshIndex.load(path)


# --- the command ---------------------------------------------------------------------------------


def test_skg_dedupe_json_lists_groups_and_singletons() -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["dedupe", str(RAW), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"groups", "singletons"}
    (group,) = data["groups"]
    (member,) = group["members"]
    assert set(member) == {"id", "relation", "similarity", "changes"}
    assert member["relation"] == "duplicate" and len(data["singletons"]) == 3


def test_skg_dedupe_reports_bad_files_and_continues(tmp_path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    shutil.copy(SAFER_WEB, tmp_path / SAFER_WEB.name)
    shutil.copy(OTHER_SEEDS[0], tmp_path / OTHER_SEEDS[0].name)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    result = CliRunner().invoke(app, ["dedupe", str(tmp_path)])
    assert result.exit_code == 2
    assert "Error: " in result.output and "broken.pdf" in result.output
    assert "singletons" in result.output.lower() or "2 documents" in result.output
