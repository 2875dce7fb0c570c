"""Typed taxonomy entities. The data lives in the YAML files beside this module.

Ids are graph ids (STYLE.md principle 3): ``harm:grooming``, ``law:sexual-offences-act-2003``,
``provision:sexual-offences-act-2003:s15``, ``agency:ceop``, ``contact:phone:08001111``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

HarmCategory = Literal[
    "sexual abuse and exploitation",
    "criminal exploitation",
    "bullying and harassment",
    "extremism",
    "self-harm and wellbeing",
    "fraud and cybercrime",
    "harmful content",
    "privacy",
    "domestic abuse",
]
Extent = Literal["England", "Wales", "Scotland", "Northern Ireland"]
AgencyKind = Literal[
    "police", "national helpline", "charity", "regulator", "local authority", "health", "government",
    "local",  # a local service found by pattern in one document, not in the taxonomy
]
ContactKind = Literal["phone", "url", "email"]


class _Entity(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Harm(_Entity):
    id: str
    name: str
    category: HarmCategory
    aliases: list[str] = Field(default_factory=list)
    description: str | None = None
    # The canonical harm (annotation guidelines) this harm rolls up to. The loader requires it;
    # it is optional here only so that hand-built test graphs need not name it.
    broader: str | None = None


class Provision(_Entity):
    id: str
    law_id: str
    section: str  # "15", "15A", "1(1)(a)"
    summary: str  # short offence description, also used as an alias
    aliases: list[str] = Field(default_factory=list)
    harms: list[str] = Field(default_factory=list)  # harm ids this offence typically covers
    # a duty or power (Children Act 1989 s.47 enquiries), not an offence: never a link target,
    # whereas an offence with no canonical harm (OSA 2023 s.181 threats) is linked when the text
    # ties a harm to it
    duty: bool = False


class Law(_Entity):
    id: str
    title: str
    year: int
    extent: list[Extent]
    legislation_id: str | None = None  # e.g. "ukpga/2003/42"
    aliases: list[str] = Field(default_factory=list)
    outdated_aliases: list[str] = Field(default_factory=list)  # bill names, superseded names
    harms: list[str] = Field(default_factory=list)
    provisions: list[Provision] = Field(default_factory=list)


class ContactPoint(_Entity):
    id: str
    kind: ContactKind
    value: str  # normalised: digits for phones, lower-case host+path for URLs
    agency_id: str | None = None  # None: the text does not say whose number it is
    label: str | None = None  # "Children", "Adults", "out of hours"
    display: str | None = None  # as written in the document, whitespace normalised


class Agency(_Entity):
    id: str
    name: str
    kind: AgencyKind
    aliases: list[str] = Field(default_factory=list)
    outdated_aliases: list[str] = Field(default_factory=list)  # "Action Fraud" after renaming
    # Names that are a service only when capitalised: "contact Social Work on ..." (Scotland),
    # not "social work practice".
    proper_aliases: list[str] = Field(default_factory=list)
    contacts: list[ContactPoint] = Field(default_factory=list)
    region: str | None = None  # a local agency's region (the region of the document naming it)
    # The national or canonical agency a local one is an instance of: "Dudley Safeguarding" is a
    # safeguarding children partnership. Evaluation and analysts compare at that level.
    broader: str | None = None


class Region(_Entity):
    id: str
    name: str
    jurisdiction: Extent
    aliases: list[str] = Field(default_factory=list)
