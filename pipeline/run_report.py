"""The run report of ``skg ingest`` (DESIGN.md "Command line"): per document and totals."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# "missing": listed in sources.toml but the file is not there (the rest of the run goes on).
Status = Literal["new", "changed", "unchanged", "removed", "duplicate", "failed", "missing"]


class EntityChanges(BaseModel):
    """What an edition added and removed, by entity kind, as readable names."""

    model_config = ConfigDict(extra="forbid")

    added: dict[str, list[str]] = Field(default_factory=dict)
    removed: dict[str, list[str]] = Field(default_factory=dict)

    def is_empty(self) -> bool:
        return not any(self.added.values()) and not any(self.removed.values())

    def summary(self) -> str:
        """One line, e.g. ``reporting route Action Fraud removed; Report Fraud added``."""
        parts = [f"{kind} {', '.join(names)} removed" for kind, names in self.removed.items() if names]
        parts += [f"{kind} {', '.join(names)} added" for kind, names in self.added.items() if names]
        return "; ".join(parts)


class DocumentReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    file: str
    status: Status
    duplicate_of: str | None = None
    error: str | None = None
    changes: EntityChanges | None = None


class RunReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentReport] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)
    timings: dict[str, float] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    skipped: bool = False

    @property
    def failed(self) -> list[DocumentReport]:
        return [d for d in self.documents if d.status == "failed"]

    @property
    def problems(self) -> list[DocumentReport]:
        """Failed and missing documents: each is an ``Error:`` line and makes the exit code 2."""
        return [d for d in self.documents if d.status in ("failed", "missing")]

    def status_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for d in self.documents:
            out[d.status] = out.get(d.status, 0) + 1
        return out


def problem_rows(problems: Iterable[Any]) -> list[DocumentReport]:
    """Report rows for the files discovery could not take (:class:`~extractors.reading.sources.Problem`)."""
    return [DocumentReport(id=p.id, file=p.file, status=p.status, error=p.error) for p in problems]
