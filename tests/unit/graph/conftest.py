"""Small hand-made inputs for the graph builder: two documents (one with a duplicate), a tiny
taxonomy and their tagging results, built directly so these tests do not depend on the
extraction, dedupe or tagging code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from extractors.models import (
    DedupeResult,
    Document,
    DuplicateGroup,
    GroupMember,
    Link,
    Mention,
    Section,
    SourceMeta,
    TaggedDocument,
)
from extractors.taxonomy.models import Agency, ContactPoint, Harm, Law, Provision, Region


@dataclass
class MiniTaxonomy:
    harms: list[Harm]
    laws: list[Law]
    agencies: list[Agency]
    regions: list[Region]
    version: str = "test-1"
    hash: str = "0" * 16
    extra: dict[str, Any] = field(default_factory=dict)


def make_taxonomy(harm_name: str = "Grooming") -> MiniTaxonomy:
    return MiniTaxonomy(
        harms=[
            Harm(id="harm:grooming", name=harm_name, category="sexual abuse and exploitation"),
            Harm(id="harm:sextortion", name="Sextortion", category="sexual abuse and exploitation"),
            Harm(id="harm:cyberbullying", name="Cyberbullying", category="bullying and harassment"),
        ],
        laws=[
            Law(
                id="law:sexual-offences-act-2003",
                title="Sexual Offences Act 2003",
                year=2003,
                extent=["England", "Wales"],
                legislation_id="ukpga/2003/42",
                provisions=[
                    Provision(
                        id="provision:sexual-offences-act-2003:s15",
                        law_id="law:sexual-offences-act-2003",
                        section="15",
                        summary="meeting a child following sexual grooming",
                    )
                ],
            ),
            Law(
                id="law:online-safety-act-2023",
                title="Online Safety Act 2023",
                year=2023,
                extent=["England", "Wales", "Scotland", "Northern Ireland"],
            ),
        ],
        agencies=[
            Agency(
                id="agency:ceop",
                name="CEOP",
                kind="police",
                contacts=[
                    ContactPoint(
                        id="contact:url:ceop.police.uk",
                        kind="url",
                        value="ceop.police.uk",
                        agency_id="agency:ceop",
                        label="CEOP reporting form",
                    )
                ],
            ),
            Agency(id="agency:childline", name="Childline", kind="charity"),
        ],
        regions=[Region(id="region:kent", name="Kent", jurisdiction="England", aliases=["Kent County"])],
    )


def make_document(
    source_id: str,
    title: str = "Online safety",
    region: str = "Kent",
    texts: tuple[str, ...] = ("Grooming is a crime.", "Report to CEOP."),
    published: int | None = 2022,
    sha: str = "a",
) -> Document:
    sections = [
        Section(number=str(i + 1), heading=f"Part {i + 1}", text=t, ordinal=i, pages=[i + 1])
        for i, t in enumerate(texts)
    ]
    return Document(
        id=source_id,
        path=f"data/raw/{source_id}.pdf",
        sha256=(sha * 64)[:64],
        format="pdf",
        metadata=SourceMeta(
            id=source_id,
            file=f"{source_id}.pdf",
            title=title,
            region=[region],
            jurisdiction=["England"],
            publisher="Kent Council",
            published=published,
        ),
        sections=sections,
    )


def make_tagged(
    source_id: str, extra_links: tuple[Link, ...] = (), new_entities: list[Any] | None = None
) -> TaggedDocument:
    return TaggedDocument(
        document_id=source_id,
        mentions=[
            Mention(kind="harm", entity_id="harm:grooming", surface="Grooming", start=0, end=8, section=0),
            Mention(kind="harm", entity_id="harm:grooming", surface="grooming", start=30, end=38, section=0),
            Mention(kind="agency", entity_id="agency:ceop", surface="CEOP", start=10, end=14, section=1),
            Mention(kind="region", entity_id="region:kent", surface="Kent", start=0, end=4, section=1),
        ],
        links=[
            Link(
                kind="offence",
                harm_id="harm:grooming",
                target_id="provision:sexual-offences-act-2003:s15",
                evidence="Grooming is a crime.",
                start=0,
                end=20,
                section=0,
                method="rule",
                confidence=0.9,
            ),
            Link(
                kind="reporting",
                harm_id="harm:grooming",
                target_id="agency:ceop",
                evidence="Report to CEOP.",
                start=0,
                end=15,
                section=1,
                page=2,
                method="rule",
                confidence=0.8,
            ),
            *extra_links,
        ],
        new_entities=new_entities or [],
    )


@pytest.fixture
def taxonomy() -> MiniTaxonomy:
    return make_taxonomy()


@pytest.fixture
def inputs(taxonomy: MiniTaxonomy) -> tuple[list[Document], DedupeResult, list[TaggedDocument], MiniTaxonomy]:
    """kent-a (canonical), kent-a-copy (its duplicate), kent-b (a singleton)."""
    docs = [
        make_document("kent-a"),
        make_document("kent-a-copy", sha="b"),
        make_document("kent-b", title="Bullying", texts=("Cyberbullying hurts.",), sha="c"),
    ]
    dedupe = DedupeResult(
        groups=[
            DuplicateGroup(
                canonical="kent-a",
                members=[
                    GroupMember(id="kent-a", relation="exact", similarity=1.0),
                    GroupMember(id="kent-a-copy", relation="duplicate", similarity=0.93),
                ],
            )
        ],
        singletons=["kent-b"],
    )
    tagged = [
        make_tagged("kent-a"),
        make_tagged("kent-a-copy"),
        TaggedDocument(
            document_id="kent-b",
            mentions=[
                Mention(
                    kind="harm", entity_id="harm:cyberbullying", surface="Cyberbullying", start=0, end=13, section=0
                )
            ],
            links=[],
        ),
    ]
    return docs, dedupe, tagged, taxonomy


class Factory:
    """The builders above, as a fixture (conftest modules are not importable by name)."""

    taxonomy = staticmethod(make_taxonomy)
    document = staticmethod(make_document)
    tagged = staticmethod(make_tagged)


@pytest.fixture
def make() -> type[Factory]:
    return Factory
