"""The run report of ``skg ingest`` (DESIGN.md "Command line"): per document and totals."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["new", "changed", "unchanged", "removed", "duplicate", "failed"]


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

    def status_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for d in self.documents:
            out[d.status] = out.get(d.status, 0) + 1
        return out


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
