"""The HTML report, rendered from synthetic query rows (no store)."""

from __future__ import annotations

import re

from queries.report import ReportData, heat_class, render_report, slug


def _gap(document, regions, did, **kw):
    row = {"document": document, "regions": regions, "harm": "grooming",
           "category": "sexual abuse and exploitation", "offence": False, "offence_claimed": False,
           "specific_route": False, "general_routes": [], "evidence": "", "sections": [],
           "document_id": did, "harm_id": "harm:grooming"}
    row.update(kw)
    return row


def _data(**overrides) -> ReportData:
    coverage = [
        {"harm": "grooming", "category": "sexual abuse and exploitation", "region": "Dudley", "documents": 1},
        {"harm": "grooming", "category": "sexual abuse and exploitation", "region": "West Sussex", "documents": 2},
        {"harm": "sextortion", "category": "sexual abuse and exploitation", "region": "Dudley", "documents": 0},
        {"harm": "sextortion", "category": "sexual abuse and exploitation", "region": "West Sussex", "documents": 0},
    ]
    base = dict(
        coverage=coverage,
        gaps=[_gap("Safer Seven", ["Dudley"], "doc:dudley", specific_route=True, general_routes=["Police"],
                   evidence="Online grooming is where someone makes friends", sections=["3. Online Grooming"]),
              _gap("8.45 Online Safety", ["West Sussex", "East Sussex"], "doc:sussex", offence=True,
                   evidence="Under Section 15", sections=["8.45.7"])],
        laws=[{"region": "West Sussex", "law": "Sexual Offences Act 2003", "provisions": ["15"],
               "cited_as": ["Section 15 of the Sexual Offences Act 2003"], "outdated_name": False,
               "jurisdiction_mismatch": False, "documents": ["8.45 Online Safety"]}],
        outdated=[{"regions": ["Kingston upon Thames"], "cited_as": ["Online Safety Bill 2023"],
                   "current_name": "Online Safety Act 2023", "evidence": "According to the Online Safety Bill 2023",
                   "document": "Online Safety Guidance", "section": "Sharing Images Online", "page": None}],
        contacts=[{"region": r, "agency": "Dudley Safeguarding People Partnership",
                   "contacts": [{"kind": "phone", "value": "03005550050", "label": "Children"}],
                   "documents": ["Safer Seven"], "sections": ["6. Reporting"]} for r in ("Dudley", "Sandwell")],
        duplicates=[{"canonical": "Safer Seven", "member": "Safer Seven (PDF extract)", "relation": "duplicate",
                     "similarity": 0.874}],
        stale=[{"document": "8.45 Online Safety", "regions": ["West Sussex"], "published": 2017,
                "reason": "published 2017, before 2023", "superseded_by": [], "document_id": "doc:sussex"},
               {"document": "Safer Seven (old)", "regions": ["Dudley"], "published": None,
                "reason": "superseded", "superseded_by": ["Safer Seven"], "document_id": "doc:old"}],
        documents=[{"document": "Safer Seven", "regions": ["Dudley"], "publisher": "Dudley", "published": None,
                    "format": "text", "sections": 7, "duplicate_of": None, "sha256": "ab" * 32,
                    "document_id": "doc:dudley"},
                   {"document": "Safer Seven (old)", "regions": ["Dudley"], "publisher": "Dudley",
                    "published": None, "format": "text", "sections": 7, "duplicate_of": None,
                    "sha256": "cd" * 32, "document_id": "doc:old"}],
        partial=[{"document": "8.45 Online Safety", "regions": ["West Sussex"], "says": ["partial summary"],
                  "sections": ["1"], "document_id": "doc:sussex"}],
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


def test_report_heatmap_has_cells_for_harms_some_region_mentions_and_names_the_others():
    html = render_report(_data())
    heatmap = html[html.index('id="heatmap"'):html.index("</table>", html.index('id="heatmap"'))]
    assert heatmap.count('class="cell ') == 2  # grooming x 2 regions; sextortion is mentioned nowhere
    assert 'class="cell h2"' in heatmap and 'class="cell h1"' in heatmap
    assert "<thead>" in heatmap  # repeated on every printed page
    assert "1 harms no region mentions:</strong> sextortion" in html


def test_report_has_one_gap_table_per_document_naming_its_regions():
    html = render_report(_data())
    assert html.count('<section class="doc"') == 2
    assert "East Sussex, West Sussex" in html  # joint guidance: one block, both regions
    assert "Online grooming is where someone makes friends" in html
    assert "<th>Offence?</th><th>Specific route?</th>" in html
    assert "<strong>General routes:</strong> Police." in html
    assert "partial copy" in html


def test_report_counts_live_documents_only_and_merges_joint_contacts():
    html = render_report(_data())
    assert "1 live document;" in html and "1 superseded edition not counted" in html
    assert html.count("Dudley Safeguarding People Partnership") == 1
    assert "0300 555 0050 (Children)" in html and "Dudley, Sandwell" in html


def test_report_flags_outdated_names_and_shows_duplicates_and_stale():
    html = render_report(_data())
    assert "Online Safety Bill 2023" in html and "outdated" in html
    assert "0.87" in html and "published 2017, before 2023" in html
    assert "Built 2026-11-21 05:00 UTC" in html


def test_report_escapes_text_from_documents():
    evil = '<script>alert("x")</script> & <b>bold</b>'
    html = render_report(_data(gaps=[_gap(evil, ["Dudley"], "doc:x", harm="grooming<i>", evidence=evil)]))
    assert "<script>" not in html and "<b>bold</b>" not in html and "grooming<i>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html


def test_report_renders_an_empty_graph():
    html = render_report(ReportData(coverage=[]))
    assert 'id="heatmap"' in html and "0 live documents" in html


def test_heat_classes_and_slugs():
    assert [heat_class(n) for n in (0, None, 1, 2, 9)] == ["h0", "h0", "h1", "h2", "h2"]
    assert slug("Brighton and Hove") == "brighton-and-hove"
