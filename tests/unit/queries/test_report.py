"""The HTML report, rendered from synthetic query rows (no store)."""

from __future__ import annotations

import re

from queries.report import ReportData, heat_class, render_report, slug


def _data(**overrides) -> ReportData:
    coverage = [
        {"harm": "grooming", "category": "sexual abuse and exploitation", "region": "Dudley", "documents": 1},
        {"harm": "grooming", "category": "sexual abuse and exploitation", "region": "West Sussex", "documents": 2},
        {"harm": "sextortion", "category": "sexual abuse and exploitation", "region": "Dudley", "documents": 0},
        {"harm": "sextortion", "category": "sexual abuse and exploitation", "region": "West Sussex", "documents": 0},
    ]
    base = dict(
        coverage=coverage,
        no_offence=[{"region": "Dudley", "harm": "grooming", "category": "sexual abuse and exploitation",
                     "evidence": "Online grooming is where someone makes friends", "documents": ["Safer Seven"],
                     "sections": ["3. Online Grooming"]}],
        no_route=[],
        laws=[{"region": "West Sussex", "law": "Sexual Offences Act 2003", "provisions": ["15"],
               "cited_as": ["Section 15 of the Sexual Offences Act 2003"], "outdated_name": False,
               "jurisdiction_mismatch": False, "documents": ["8.45 Online Safety"]}],
        outdated=[{"regions": ["Kingston upon Thames"], "cited_as": ["Online Safety Bill 2023"],
                   "current_name": "Online Safety Act 2023", "evidence": "According to the Online Safety Bill 2023",
                   "document": "Online Safety Guidance", "section": "Sharing Images Online", "page": None}],
        contacts=[{"region": "Dudley", "agency": "West Midlands Police", "kind": "phone", "contact": "999",
                   "document": "Safer Seven", "sections": ["6. Reporting"]}],
        duplicates=[{"canonical": "Safer Seven", "member": "Safer Seven (PDF extract)", "relation": "duplicate",
                     "similarity": 0.874}],
        stale=[{"document": "8.45 Online Safety", "regions": ["West Sussex"], "published": 2017,
                "reason": "published 2017, before 2023"}],
        documents=[{"document": "Safer Seven", "regions": ["Dudley"], "publisher": "Dudley", "published": None,
                    "format": "text", "sections": 7, "duplicate_of": None, "sha256": "ab" * 32,
                    "ingested_at": "2026-11-21T05:00:00Z"}],
        built_at="2026-11-21 05:00 UTC",
    )
    base.update(overrides)
    return ReportData(**base)


def test_report_is_one_self_contained_page():
    html = render_report(_data())
    assert html.startswith("<!DOCTYPE html>")
    assert "<style>" in html and "@media print" in html
    # No external assets: no scripts, stylesheets, images or fonts fetched from anywhere.
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert "url(" not in html and "@import" not in html


def test_report_has_heatmap_cells_for_every_harm_and_region():
    html = render_report(_data())
    heatmap = html[html.index('id="heatmap"'):html.index("</table>", html.index('id="heatmap"'))]
    assert heatmap.count('class="cell ') == 4
    assert 'class="cell h2"' in heatmap and 'class="cell h1"' in heatmap and 'class="cell h0"' in heatmap
    assert 'class="unmentioned"' in heatmap  # sextortion: mentioned by no region, still listed


def test_report_has_one_gap_list_per_region_with_evidence():
    html = render_report(_data())
    assert html.count('class="region-gaps"') == 2
    assert 'id="gaps-dudley"' in html and 'id="gaps-west-sussex"' in html
    assert "Online grooming is where someone makes friends" in html


def test_report_flags_outdated_names_and_shows_contacts_duplicates_and_stale():
    html = render_report(_data())
    assert "Online Safety Bill 2023" in html and "outdated" in html
    assert "West Midlands Police" in html and "999" in html
    assert "0.87" in html and "published 2017, before 2023" in html
    assert "Built 2026-11-21 05:00 UTC" in html


def test_report_escapes_text_from_documents():
    evil = '<script>alert("x")</script> & <b>bold</b>'
    data = _data(no_offence=[{"region": "Dudley", "harm": "grooming<i>", "category": "c",
                              "evidence": evil, "documents": [evil], "sections": []}])
    html = render_report(data)
    assert "<script>" not in html and "<b>bold</b>" not in html and "grooming<i>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html


def test_report_renders_an_empty_graph():
    html = render_report(ReportData(coverage=[]))
    assert 'id="heatmap"' in html and "0 documents" in html


def test_heat_classes_and_slugs():
    assert [heat_class(n) for n in (0, None, 1, 2, 9)] == ["h0", "h0", "h1", "h2", "h2"]
    assert slug("Brighton and Hove") == "brighton-and-hove"
