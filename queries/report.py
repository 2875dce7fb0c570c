"""The analyst report: one self-contained HTML page built from the named queries.

:func:`collect_report_data` runs the queries on a store; :func:`render_report` turns their rows
into HTML with the Jinja2 template beside this module (autoescaped: guidance text is data, never
markup). The page has no external assets, so it can be mailed, archived and printed as it is.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from extractors.taxonomy.names import slug
from queries.run import ReadableStore, run_query

TEMPLATES = Path(__file__).parent / "templates"
Rows = list[dict[str, Any]]


@dataclass
class ReportData:
    """The rows the report shows, one list per named query."""

    coverage: Rows
    no_offence: Rows = field(default_factory=list)
    no_route: Rows = field(default_factory=list)
    laws: Rows = field(default_factory=list)
    outdated: Rows = field(default_factory=list)
    mismatches: Rows = field(default_factory=list)
    contacts: Rows = field(default_factory=list)
    unique: Rows = field(default_factory=list)
    duplicates: Rows = field(default_factory=list)
    stale: Rows = field(default_factory=list)
    documents: Rows = field(default_factory=list)
    store: str = "embedded"
    built_at: str = ""
    stale_before: int = 2023


def collect_report_data(store: ReadableStore, store_name: str = "embedded", stale_before: int = 2023) -> ReportData:
    """Run every named query the report needs on ``store``."""
    return ReportData(
        coverage=run_query(store, "harm-coverage"),
        no_offence=run_query(store, "harms-without-offence"),
        no_route=run_query(store, "harms-without-reporting-route"),
        laws=run_query(store, "laws-cited"),
        outdated=run_query(store, "outdated-citations"),
        mismatches=run_query(store, "jurisdiction-mismatch"),
        contacts=run_query(store, "region-contacts"),
        unique=run_query(store, "unique-coverage"),
        duplicates=run_query(store, "duplicates"),
        stale=run_query(store, "stale-documents", {"before": str(stale_before)}),
        documents=run_query(store, "documents"),
        store=store_name,
        built_at=_dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        stale_before=stale_before,
    )


def heat_class(count: int | None) -> str:
    """The heatmap cell class for a document count: ``h0`` (gap), ``h1``, ``h2`` (2 or more)."""
    n = int(count or 0)
    return "h0" if n == 0 else ("h1" if n == 1 else "h2")


def _group(rows: Rows, key: str) -> dict[str, Rows]:
    out: dict[str, Rows] = defaultdict(list)
    for row in rows:
        out[str(row.get(key))].append(row)
    return out


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


def _context(data: ReportData) -> dict[str, Any]:
    regions, matrix = _matrix(data.coverage)
    for region in {str(r.get("region")) for r in data.laws + data.contacts} - set(regions):
        regions.append(region)  # a region with citations but no harm rows still gets its section
    regions.sort()
    no_offence, no_route = _group(data.no_offence, "region"), _group(data.no_route, "region")
    mentioned = {reg: sum(1 for h in matrix if h["counts"].get(reg)) for reg in regions}
    return {
        "d": data,
        "regions": regions,
        "matrix": matrix,
        "unmentioned": [h for h in matrix if h["regions"] == 0],
        "summary": [
            {
                "region": reg,
                "slug": slug(reg, "x"),
                "harms": mentioned.get(reg, 0),
                "no_offence": len(no_offence.get(reg, [])),
                "no_route": len(no_route.get(reg, [])),
            }
            for reg in regions
        ],
        "no_offence": no_offence,
        "no_route": no_route,
        "laws": _group(data.laws, "region"),
        "contacts": _group(data.contacts, "region"),
        "documents_count": len(data.documents),
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
    return env


def render_report(data: ReportData) -> str:
    """The report as one HTML page (inline CSS, no scripts, no external assets)."""
    return _environment().get_template("report.html.j2").render(**_context(data))


def write_report(store: ReadableStore, out: Path, store_name: str = "embedded") -> Path:
    """Collect, render and write the report to ``out`` (parent directories created)."""
    html = render_report(collect_report_data(store, store_name))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
