"""Editions: what a changed document gained and lost, and the node that keeps its previous edition.

Pure functions over a freshly built graph and what the store held before (read with
:meth:`~graph.stores.base.GraphStore.document_entities` and
:meth:`~graph.stores.base.GraphStore.document_properties`), so they are tested without a store::

    changes, superseded = record_editions(graph, ["doc:kent"], store.document_entities(ids),
                                          store.document_properties(ids))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from graph.elements import add_edge, add_node
from graph.schema import Label, Rel
from graph.stores.base import EntityRef, source_id

# How entity labels read in an edition diff ("reporting route Action Fraud removed").
CHANGE_KINDS = {
    "Harm": "harms",
    "Law": "laws",
    "Provision": "provisions",
    "Agency": "agencies",
    "ContactPoint": "contact points",
}


class EntityChanges(BaseModel):
    """What an edition added and removed, by entity kind, as readable names."""

    model_config = ConfigDict(extra="forbid")

    added: dict[str, list[str]] = Field(default_factory=dict)
    removed: dict[str, list[str]] = Field(default_factory=dict)

    def summary(self) -> str:
        """One line, e.g. ``reporting route Action Fraud removed; Report Fraud added``."""
        parts = [f"{kind} {', '.join(names)} removed" for kind, names in self.removed.items() if names]
        parts += [f"{kind} {', '.join(names)} added" for kind, names in self.added.items() if names]
        return "; ".join(parts)


def graph_entities(graph: nx.MultiDiGraph, doc_id: str) -> dict[str, EntityRef]:
    """``{entity id: EntityRef}`` mentioned by a document (graph id) in a built graph."""
    out: dict[str, EntityRef] = {}
    for _, section, rel in graph.out_edges(doc_id, data="type"):
        if rel != Rel.HAS_SECTION.value:
            continue
        for _, ent, kind in graph.out_edges(section, data="type"):
            if kind == Rel.MENTIONS.value:
                attrs = graph.nodes[ent]
                name = attrs.get("name") or attrs.get("title") or attrs.get("value") or ent
                out[ent] = EntityRef(str(attrs.get("label", "")), str(name))
    return out


def entity_changes(before: Mapping[str, tuple[str, str]], after: Mapping[str, tuple[str, str]]) -> EntityChanges:
    """What an edition added and removed, grouped by readable kind, names sorted."""
    changes = EntityChanges()
    for target, ids, side in ((changes.removed, before.keys() - after.keys(), before),
                              (changes.added, after.keys() - before.keys(), after)):
        for ent in ids:
            label, name = side[ent]
            target.setdefault(CHANGE_KINDS.get(label, label.lower()), []).append(name)
        for names in target.values():
            names.sort()
    return changes


def add_previous_edition(graph: nx.MultiDiGraph, doc_id: str, previous: Mapping[str, Any] | None) -> str | None:
    """Keep the previous edition of ``doc_id`` as a ``<doc id>@<sha12>`` Document node
    (``superseded = true``, no sections) that the new edition ``SUPERSEDES``; returns its id, or
    None when there is no previous edition with other bytes."""
    if not previous or not previous.get("sha256") or previous.get("sha256") == graph.nodes[doc_id].get("sha256"):
        return None
    old_id = f"{doc_id}@{str(previous['sha256'])[:12]}"
    props = {k: v for k, v in previous.items() if k != "id"}
    add_node(graph, Label.DOCUMENT, old_id, **{**props, "superseded": True, "canonical": False})
    add_edge(graph, doc_id, Rel.SUPERSEDES, old_id, document_id=old_id, relation="edition")
    return old_id


def record_editions(
    graph: nx.MultiDiGraph,
    edited: Iterable[str],
    before: Mapping[str, Mapping[str, tuple[str, str]]],
    previous: Mapping[str, Mapping[str, Any]],
) -> tuple[dict[str, EntityChanges], list[str]]:
    """For each changed document (graph ids in ``edited``): the entities it gained and lost
    against ``before``, keyed by source id, and the superseded-edition nodes added to ``graph``
    (ids the load must write too)."""
    changes: dict[str, EntityChanges] = {}
    superseded: list[str] = []
    for did in edited:
        changes[source_id(did)] = entity_changes(before.get(did, {}), graph_entities(graph, did))
        old = add_previous_edition(graph, did, previous.get(did))
        if old:
            superseded.append(old)
    return changes, superseded
