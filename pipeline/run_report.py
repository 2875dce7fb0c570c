"""The run report of ``skg ingest`` (DESIGN.md "Command line"): per document and totals."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from extractors.models import TaggedDocument
from graph.editions import EntityChanges
from graph.stores.base import source_id

if TYPE_CHECKING:
    from pipeline.plan import LoadPayload, Plan

# "missing": listed in sources.toml but the file is not there (the rest of the run goes on).
Status = Literal["new", "changed", "unchanged", "removed", "duplicate", "failed", "missing"]


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


ARTIFACT_KEY = "ingest-run-report"


def run_report_markdown(report: RunReport) -> str:
    """The run report as markdown: counts, then one table row per document that is not unchanged
    (new, changed, removed, duplicate, failed) with what its edition added and removed."""
    counts = report.status_counts()
    lines = ["# Ingest run report", "",
             ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no documents", ""]
    if report.skipped:
        lines += ["Nothing changed: no extraction, tagging or graph writes.", ""]
    rows = [d for d in report.documents if d.status != "unchanged"]
    if rows:
        lines += ["| document | status | added | removed | error |", "|---|---|---|---|---|"]
        for d in rows:
            ch = d.changes or EntityChanges()
            added = "; ".join(f"{k}: {', '.join(v)}" for k, v in ch.added.items() if v)
            removed = "; ".join(f"{k}: {', '.join(v)}" for k, v in ch.removed.items() if v)
            cells = [f"`{d.file}`", d.status, added, removed, d.error or ""]
            lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
        lines.append("")
    if report.warnings:
        lines += ["## Warnings", "", *(f"- {w}" for w in report.warnings), ""]
    return "\n".join(lines)


def change_lines(report: RunReport) -> list[str]:
    """One line per document that is not unchanged, e.g.
    ``changed kingston.txt: harms Fraud and scams added``."""
    out = []
    for d in report.documents:
        if d.status == "unchanged":
            continue
        detail = d.error if d.status == "failed" else (d.changes.summary() if d.changes else "")
        out.append(f"{d.status} {d.file}" + (f": {detail}" if detail else ""))
    return out


def publish_run_report(report: RunReport) -> None:
    """Inside a flow run: publish the run report as a markdown artifact (key ``ingest-run-report``)
    and log one line per new, changed, removed or failed document, so an operator sees in the
    Prefect UI what a scheduled run changed. Outside a run it does nothing."""
    from prefect.artifacts import create_markdown_artifact
    from prefect.context import FlowRunContext
    from prefect.logging import get_run_logger

    if FlowRunContext.get() is None:
        return
    logger = get_run_logger()
    for line in change_lines(report):
        logger.info(line)
    counts = report.status_counts()
    create_markdown_artifact(
        key=ARTIFACT_KEY,
        markdown=run_report_markdown(report),
        description=", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no documents",
    )


def problem_rows(problems: Iterable[Any]) -> list[DocumentReport]:
    """Report rows for the files discovery could not take (:class:`~extractors.reading.sources.Problem`)."""
    return [DocumentReport(id=p.id, file=p.file, status=p.status, error=p.error) for p in problems]
