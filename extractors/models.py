"""Typed objects that cross stage boundaries (DESIGN.md "Data flow").

All are frozen pydantic models with ``extra="forbid"`` so that a typo in a field name is an
error, and so that they pickle cleanly for Prefect's result cache and Dask workers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from extractors.taxonomy.models import Agency, ContactPoint, Law, Provision


class Frozen(BaseModel):
    """Base for every stage model: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


Jurisdiction = Literal["England", "Wales", "Scotland", "Northern Ireland"]
DocumentKind = Literal["leaflet", "procedure", "guidance", "strategy", "webpage", "other"]
Format = Literal["pdf", "html", "text", "markdown"]


class SourceMeta(Frozen):
    """One document's metadata from ``sources.toml`` (every field optional but ``id``)."""

    id: str
    file: str
    title: str | None = None
    region: list[str] = Field(default_factory=list)
    jurisdiction: list[Jurisdiction] = Field(default_factory=list)
    publisher: str | None = None
    url: str | None = None
    published: int | None = None
    kind: DocumentKind | None = None
    password: str | None = Field(default=None, repr=False)
    fetch: bool = False


class Source(Frozen):
    """A file to ingest and its metadata. ``in_manifest`` is False for files sources.toml lacks."""

    path: Path
    meta: SourceMeta
    in_manifest: bool = True


class Section(Frozen):
    """A headed part of a document, in restored reading order."""

    number: str | None = None
    heading: str
    text: str
    ordinal: int
    pages: list[int] = Field(default_factory=list)


class Document(Frozen):
    """A source document after extraction."""

    id: str
    path: str
    sha256: str
    format: Format
    metadata: SourceMeta
    sections: list[Section]
    warnings: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """All section text, in order, headings included."""
        return "\n\n".join(f"{s.heading}\n{s.text}" if s.heading else s.text for s in self.sections)

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) for s in self.sections)


Relation = Literal["exact", "duplicate", "revision", "contained"]


class SectionChanges(Frozen):
    """Sections (by heading) that differ between a revision and its canonical document."""

    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)


class MatchEvidence(Frozen):
    """Why de-duplication related a member to its canonical document (for analysts' tables)."""

    jaccard: float  # shingle-set Jaccard similarity, boilerplate removed
    containment: float  # share of the smaller document's shingles found in the larger
    shared_sentences: float  # share of the member's sentences that the canonical also has
    boilerplate_sentences: int = 0  # shared sentences ignored because unrelated documents have them too
    member_in_order: bool = False  # numbered sections in order, no reading-order warning
    canonical_in_order: bool = False


class GroupMember(Frozen):
    id: str
    relation: Relation
    similarity: float
    changes: SectionChanges | None = None
    evidence: MatchEvidence | None = None


class DuplicateGroup(Frozen):
    """A canonical document and the copies, revisions or containers related to it."""

    canonical: str
    members: list[GroupMember]


class DedupeResult(Frozen):
    groups: list[DuplicateGroup]
    singletons: list[str]

    def canonical_ids(self) -> list[str]:
        """Ids whose content later stages tag: singletons and group canonicals."""
        return sorted([*self.singletons, *(g.canonical for g in self.groups)])


MentionKind = Literal["harm", "law", "provision", "agency", "contact", "region"]


class Mention(Frozen):
    """A tagged span. ``entity_id`` is the graph id (``harm:grooming``)."""

    kind: MentionKind
    entity_id: str
    surface: str
    start: int  # character offsets into the section text
    end: int
    section: int  # Section.ordinal
    sentence: str = ""
    outdated_name: bool = False
    in_heading: bool = False  # start/end are then offsets into Section.heading


LinkKind = Literal["offence", "reporting"]


class Link(Frozen):
    """Harm -> offence (Provision/Law) or harm -> reporting route (Agency/ContactPoint)."""

    kind: LinkKind
    harm_id: str
    target_id: str
    evidence: str
    start: int  # evidence span in the section text
    end: int
    section: int
    page: int | None = None
    method: str
    confidence: float
    outdated_name: bool = False
    jurisdiction_mismatch: bool = False


class GeneralRoute(Frozen):
    """A reporting route the document gives without naming a harm ("If you are worried about a
    child, call the MASH on ..."; a "Useful contacts" list): real, but not a harm link."""

    target_id: str  # agency:... or contact:...
    evidence: str
    section: int  # Section.ordinal
    page: int | None = None
    method: str


class OffenceClaim(Frozen):
    """The text calls a harm illegal ("is a crime", "punishable by law") but names no statute."""

    harm_id: str
    evidence: str
    section: int
    start: int
    end: int


class TaggedDocument(Frozen):
    """What tagging and linking produce for one canonical document.

    ``new_entities`` holds every entity a mention or link names that the taxonomy lacks, with
    its properties, so that the graph builder never has to guess: a :class:`Law` for an Act
    found only by the citation rule (``law:<slug of title>``, ``extent`` empty unless the title
    says "(Scotland)"/"(Northern Ireland)"/"(Wales)"), a :class:`Provision` for a section of an
    Act that the taxonomy does not list (``provision:<law slug>:s<section>``, its ``law_id``
    either in the taxonomy or also in this list), and a :class:`ContactPoint` for a phone
    number, URL or e-mail address found in the text (``contact:phone:03005550050``) with the
    ``agency_id`` its own line or label names (``None``: the text does not say whose it is), its
    ``label`` ("Children", "out of hours") and its ``display`` as written; and an :class:`Agency`
    of kind ``local`` for a local service found by the shape of its name
    (``agency:sefton-community-adolescent-service``), with the document's ``region`` and the
    taxonomy agency it is an instance of as ``broader``. Each id appears once.
    """

    document_id: str
    mentions: list[Mention]
    links: list[Link]
    new_entities: list[Law | Provision | ContactPoint | Agency] = Field(default_factory=list)
    general_routes: list[GeneralRoute] = Field(default_factory=list)
    offence_claims: list[OffenceClaim] = Field(default_factory=list)
