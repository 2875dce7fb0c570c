"""The analyst report: one self-contained HTML page built from the named queries.

:func:`collect_report_data` runs the queries on a store; :func:`render_report` turns their rows
into HTML with the Jinja2 template beside this module (autoescaped: guidance text is data, never
markup). The page has no external assets, so it can be mailed, archived and printed as it is.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from extractors.taxonomy.names import slug
from queries.format import cell_text, cut
from queries.run import ReadableStore, run_query

TEMPLATES = Path(__file__).parent / "templates"
Rows = list[dict[str, Any]]


@dataclass
class ReportData:
    """The rows the report shows, one list per named query."""

    coverage: Rows
    gaps: Rows = field(default_factory=list)
    laws: Rows = field(default_factory=list)
    outdated: Rows = field(default_factory=list)
    mismatches: Rows = field(default_factory=list)
    contacts: Rows = field(default_factory=list)
    unique: Rows = field(default_factory=list)
    duplicates: Rows = field(default_factory=list)
    stale: Rows = field(default_factory=list)
    documents: Rows = field(default_factory=list)
    partial: Rows = field(default_factory=list)
    store: str = "embedded"
    built_at: str = ""
    stale_before: int = 2023


def collect_report_data(store: ReadableStore, store_name: str = "embedded", stale_before: int = 2023) -> ReportData:
    """Run every named query the report needs on ``store``."""
    return ReportData(
        coverage=run_query(store, "harm-coverage"),
        gaps=run_query(store, "document-gaps"),
        laws=run_query(store, "laws-cited"),
        outdated=run_query(store, "outdated-citations"),
        mismatches=run_query(store, "jurisdiction-mismatch"),
        contacts=run_query(store, "region-contacts"),
        unique=run_query(store, "unique-coverage"),
        duplicates=run_query(store, "duplicates"),
        stale=run_query(store, "stale-documents", {"before": str(stale_before)}),
        documents=run_query(store, "documents"),
        partial=run_query(store, "partial-documents"),
        store=store_name,
        built_at=_dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        stale_before=stale_before,
    )


def heat_class(count: int | None) -> str:
    """The heatmap cell class for a document count: ``h0`` (gap), ``h1``, ``h2`` (2 or more)."""
    n = int(count or 0)
    return "h0" if n == 0 else ("h1" if n == 1 else "h2")


def _matrix(coverage: Rows) -> tuple[list[str], list[dict[str, Any]]]:
    """Regions (columns) and one row per harm with its counts per region, grouped by category."""
    regions: list[str] = sorted({str(r["region"]) for r in coverage})
    harms: dict[str, dict[str, Any]] = {}
    for r in coverage:
        h = harms.setdefault(
            str(r["harm"]), {"harm": r["harm"], "category": r.get("category") or "", "counts": {}, "regions": 0}
        )
        n = int(r.get("documents") or 0)
        h["counts"][str(r["region"])] = n
        h["regions"] += 1 if n else 0
    rows = sorted(harms.values(), key=lambda h: (h["category"], str(h["harm"]).lower()))
    return regions, rows


def _merge_regions(rows: Rows, key: tuple[str, ...]) -> Rows:
    """Rows that differ only in ``region`` (joint guidance) as one row with ``regions``."""
    merged: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in rows:
        k = tuple(json.dumps(row.get(f), sort_keys=True, default=str) for f in key)
        m = merged.setdefault(k, {**row, "regions": []})
        if row.get("region") and row["region"] not in m["regions"]:
            m["regions"].append(row["region"])
    for m in merged.values():
        m["regions"].sort()
    return list(merged.values())


def _blocks(data: ReportData) -> list[dict[str, Any]]:
    """One block per live document: its regions, flags, general routes and its gap rows."""
    partial = {str(p.get("document_id")): p for p in data.partial}
    stale = {str(s.get("document_id")): s for s in data.stale}
    blocks: dict[str, dict[str, Any]] = {}
    for g in data.gaps:
        did = str(g.get("document_id"))
        b = blocks.setdefault(did, {
            "document": g["document"], "regions": sorted(g.get("regions") or []), "id": did,
            "general_routes": sorted(cell_text(r) for r in g.get("general_routes") or [] if r),
            "gaps": [], "covered": [],
            "partial": partial.get(did), "stale": stale.get(did), "harms": 0,
        })
        b["harms"] += 1
        ok = g.get("offence") and g.get("specific_route")  # "said, no statute" stays a gap
        (b["covered"] if ok else b["gaps"]).append(g)
    return sorted(blocks.values(), key=lambda b: (b["regions"][:1], b["document"]))


def _context(data: ReportData) -> dict[str, Any]:
    regions, matrix = _matrix(data.coverage)
    blocks = _blocks(data)
    superseded = {str(s.get("document_id")) for s in data.stale if s.get("superseded_by")}
    live = [d for d in data.documents if str(d.get("document_id")) not in superseded]
    copies = [d for d in live if d.get("duplicate_of")]
    return {
        "d": data,
        "regions": regions,
        "matrix": [h for h in matrix if h["regions"] > 0],
        "taxonomy_harms": len(matrix),
        "unmentioned": [h for h in matrix if h["regions"] == 0],
        "blocks": blocks,
        "laws": _merge_regions(data.laws, ("law", "provisions", "cited_as", "outdated_name",
                                           "jurisdiction_mismatch", "documents")),
        "contacts": _merge_regions(data.contacts, ("agency", "contacts", "documents")),
        "live_documents": live,
        "documents_count": len(live) - len(copies),
        "copies": len(copies),
        "superseded": len(superseded),
    }


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["slug"] = lambda text: slug(text, "x")  # an HTML id is never empty
    env.filters["heat"] = heat_class
    env.filters["listing"] = lambda v: (
        ", ".join(str(x) for x in v) if isinstance(v, (list, tuple)) else ("" if v is None else str(v))
    )
    env.filters["cell"] = cell_text
    env.filters["cut"] = cut
    return env


def render_report(data: ReportData) -> str:
    """The report as one HTML page (inline CSS, no scripts, no external assets)."""
    return _environment().get_template("report.html.j2").render(**_context(data))


def write_report(store: ReadableStore, out: Path, store_name: str = "embedded") -> tuple[Path, int]:
    """Collect, render and write the report to ``out`` (parent directories created); returns
    the path and the number of documents it was built from (0: an empty store)."""
    data = collect_report_data(store, store_name)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(data), encoding="utf-8")
    return out, len(data.documents)
