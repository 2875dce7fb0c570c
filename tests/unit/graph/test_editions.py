"""The edition diff and the superseded-edition node, on graphs built from hand-made inputs."""

from __future__ import annotations

from typing import Any

from extractors.models import DedupeResult
from graph.build import build_graph
from graph.editions import add_previous_edition, entity_changes, graph_entities, record_editions
from graph.stores.base import EntityRef


def _graph(make: Any, texts: tuple[str, ...] = ("Grooming is a crime.", "Report to CEOP."), sha: str = "b"):  # type: ignore[no-untyped-def]
    doc = make.document("kent-a", texts=texts, sha=sha)
    return build_graph([doc], DedupeResult(groups=[], singletons=["kent-a"]), [make.tagged("kent-a")],
                       make.taxonomy())


def test_graph_entities_are_what_the_document_mentions_with_readable_names(make: Any) -> None:
    entities = graph_entities(_graph(make), "doc:kent-a")
    # region mentions are not graphed; CEOP and grooming are, by name
    assert entities == {"harm:grooming": EntityRef("Harm", "Grooming"), "agency:ceop": EntityRef("Agency", "CEOP")}


def test_entity_changes_group_additions_and_removals_by_readable_kind() -> None:
    before = {"agency:action-fraud": ("Agency", "Action Fraud"), "harm:grooming": ("Harm", "Grooming"),
              "law:x": ("Law", "Some Act")}
    after = {"harm:grooming": ("Harm", "Grooming"), "agency:report-fraud": ("Agency", "Report Fraud"),
             "agency:ceop": ("Agency", "CEOP"), "contact:phone:1": ("ContactPoint", "03001232040"),
             "region:kent": ("Region", "Kent")}
    changes = entity_changes(before, after)
    assert changes.removed == {"agencies": ["Action Fraud"], "laws": ["Some Act"]}
    assert changes.added == {"agencies": ["CEOP", "Report Fraud"], "contact points": ["03001232040"],
                             "region": ["Kent"]}


def test_previous_edition_with_other_bytes_is_kept_as_a_superseded_node(make: Any) -> None:
    g = _graph(make, sha="b")
    previous = {"id": "doc:kent-a", "sha256": "a" * 64, "title": "Online safety (2021)", "version": "old"}
    old = add_previous_edition(g, "doc:kent-a", previous)
    assert old == f"doc:kent-a@{'a' * 12}"
    assert g.nodes[old]["superseded"] is True and g.nodes[old]["canonical"] is False
    assert g.nodes[old]["title"] == "Online safety (2021)" and g.nodes[old]["id"] == old
    edges = [(u, v, d["type"], d["relation"]) for u, v, d in g.out_edges("doc:kent-a", data=True)
             if d["type"] == "SUPERSEDES"]
    assert edges == [("doc:kent-a", old, "SUPERSEDES", "edition")]
    assert not list(g.successors(old))  # no sections: only its metadata is kept


def test_same_bytes_or_no_previous_edition_adds_nothing(make: Any) -> None:
    g = _graph(make, sha="b")
    n = g.number_of_nodes()
    assert add_previous_edition(g, "doc:kent-a", None) is None
    assert add_previous_edition(g, "doc:kent-a", {"sha256": "b" * 64}) is None
    assert add_previous_edition(g, "doc:kent-a", {"title": "no sha recorded"}) is None
    assert g.number_of_nodes() == n


def test_record_editions_diffs_each_changed_document_by_source_id(make: Any) -> None:
    g = _graph(make, sha="b")
    before = {"doc:kent-a": {"agency:childline": EntityRef("Agency", "Childline"),
                             "harm:grooming": EntityRef("Harm", "Grooming")}}
    previous = {"doc:kent-a": {"id": "doc:kent-a", "sha256": "a" * 64}}
    changes, superseded = record_editions(g, ["doc:kent-a"], before, previous)
    assert list(changes) == ["kent-a"]
    assert changes["kent-a"].added == {"agencies": ["CEOP"]}
    assert changes["kent-a"].removed == {"agencies": ["Childline"]}
    assert superseded == [f"doc:kent-a@{'a' * 12}"]
