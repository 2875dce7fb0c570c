"""The run report of ``skg ingest`` (DESIGN.md "Command line"): per document and totals."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from extractors.models import TaggedDocument
from graph.editions import EntityChanges
from graph.stores.base import source_id

if TYPE_CHECKING:
    from pipeline.plan import LoadPayload, Plan

Status = Literal["new", "changed", "unchanged", "removed", "duplicate", "failed"]


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

    def status_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for d in self.documents:
            out[d.status] = out.get(d.status, 0) + 1
        return out


def removed_rows(plan: Plan, pruned: bool) -> list[DocumentReport]:
    """Report rows for stored documents whose file is gone."""
    return [DocumentReport(id=d.id, file=Path(d.path or d.id).name, status="removed",
                           error=None if pruned else "not pruned: run with --prune")
            for d in plan.removed]


def skipped_report(plan: Plan, warnings: list[str]) -> RunReport:
    """The report of a run with nothing to do: every document unchanged, removed ones listed."""
    report = RunReport(warnings=list(warnings), skipped=True, documents=[
        DocumentReport(id=s.meta.id, file=s.path.name, status="unchanged") for s in plan.unchanged
    ] + removed_rows(plan, pruned=False))
    report.counts = report.status_counts()
    return report


def payload_counts(payload: LoadPayload, tagged: dict[str, TaggedDocument]) -> dict[str, int]:
    """Sections, mentions and links written by this run, for the summary table."""
    written = {source_id(d) for d in payload.replace_ids}
    return {
        "sections_written": sum(1 for _, d in payload.graph.nodes(data=True)
                                if d.get("label") == "Section" and source_id(str(d.get("document_id"))) in written),
        "mentions_written": sum(len(t.mentions) for k, t in tagged.items() if k in written),
        "links_written": sum(len(t.links) for k, t in tagged.items() if k in written),
    }
