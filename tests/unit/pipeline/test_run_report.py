"""The run report: the skipped run, removed rows, written counts and the edition summary."""

from __future__ import annotations

import networkx as nx

from extractors.models import Link, Mention, TaggedDocument
from graph.editions import EntityChanges
from graph.stores.base import StoredDocument
from pipeline.plan import LoadPayload, document_version, file_sha256, make_plan
from pipeline.run_report import payload_counts, removed_rows, skipped_report


def test_skipped_report_lists_unchanged_and_unpruned_removed_documents(write_source) -> None:
    src = write_source("kent", "text")
    stored = {"kent": StoredDocument("kent", file_sha256(src.path), document_version("v1", src.meta)),
              "gone": StoredDocument("gone", "x", "v1", "/raw/gone.pdf")}
    report = skipped_report(make_plan([src], stored, "v1"), ["a warning"])
    assert report.skipped and report.warnings == ["a warning"]
    assert [(d.id, d.file, d.status) for d in report.documents] == [
        ("kent", "kent.txt", "unchanged"), ("gone", "gone.pdf", "removed")]
    assert report.documents[1].error == "not pruned: run with --prune"
    assert report.counts == {"unchanged": 1, "removed": 1}
    assert not report.failed


def test_pruned_removed_rows_carry_no_error(write_source) -> None:
    plan = make_plan([], {"gone": StoredDocument("gone", "x", "v1", None)}, "v1")
    rows = removed_rows(plan, pruned=True)
    assert [(r.file, r.error) for r in rows] == [("gone", None)]


def _tagged(doc: str, mentions: int, links: int) -> TaggedDocument:
    return TaggedDocument(
        document_id=doc,
        mentions=[Mention(entity_id="harm:grooming", kind="harm", surface="grooming", section=0,
                          start=i, end=i + 8, sentence="grooming") for i in range(mentions)],
        links=[Link(kind="offence", harm_id="harm:grooming", target_id="law:x", section=0, start=i, end=i + 1,
                    evidence="e", method="sentence", confidence=1.0) for i in range(links)],
    )


def test_payload_counts_only_what_this_run_writes() -> None:
    g = nx.MultiDiGraph()
    g.add_node("section:doc:a:0", label="Section", document_id="doc:a")
    g.add_node("section:doc:a:1", label="Section", document_id="doc:a")
    g.add_node("section:doc:b:0", label="Section", document_id="doc:b")
    payload = LoadPayload(g, ["doc:a"], [])
    counts = payload_counts(payload, {"a": _tagged("a", 3, 2), "b": _tagged("b", 5, 5)})
    assert counts == {"sections_written": 2, "mentions_written": 3, "links_written": 2}


def test_entity_changes_summary_reads_as_one_line() -> None:
    changes = EntityChanges(added={"agencies": ["Report Fraud"]}, removed={"agencies": ["Action Fraud"], "laws": []})
    assert changes.summary() == "agencies Action Fraud removed; agencies Report Fraud added"
