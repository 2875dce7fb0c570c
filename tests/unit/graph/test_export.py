from __future__ import annotations

import json

import networkx as nx

from graph.build import build_graph
from graph.export import export_graphml, export_json


def test_graphml_round_trips_with_lists_as_json_strings(inputs, tmp_path) -> None:
    g = build_graph(*inputs)
    path = export_graphml(g, tmp_path / "out" / "g.graphml", all_taxonomy=True)
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    assert json.loads(back.nodes["doc:kent-a"]["region"]) == ["Kent"]


def test_graphml_labels_are_display_names_types_are_node_labels_and_edges_are_labelled(inputs, tmp_path) -> None:
    g = build_graph(*inputs)
    back = nx.read_graphml(export_graphml(g, tmp_path / "g.graphml"), force_multigraph=True)
    for n, data in back.nodes(data=True):
        assert data["type"] == g.nodes[n]["label"]
        assert data["label"] != data["type"], n  # Gephi shows `label`: a name, never "Law"
    assert back.nodes["harm:grooming"]["label"] == g.nodes["harm:grooming"]["name"]
    assert back.nodes["doc:kent-a"]["label"] == g.nodes["doc:kent-a"]["title"]
    section = next(n for n, d in g.nodes(data=True) if d["label"] == "Section" and d.get("heading"))
    assert back.nodes[section]["label"] == g.nodes[section]["heading"]
    edge_labels = {d["label"] for *_, d in back.edges(data=True)}
    assert {"HAS_SECTION", "MENTIONS"} <= edge_labels
    assert edge_labels == {d["type"] for *_, d in g.edges(data=True)}


def test_graphml_leaves_out_isolated_taxonomy_nodes_unless_asked(inputs, tmp_path) -> None:
    g = build_graph(*inputs)
    isolated = {n for n, d in g.nodes(data=True) if d.get("source") == "taxonomy" and g.degree(n) == 0}
    assert isolated
    default = nx.read_graphml(export_graphml(g, tmp_path / "a.graphml"), force_multigraph=True)
    everything = nx.read_graphml(export_graphml(g, tmp_path / "b.graphml", all_taxonomy=True),
                                 force_multigraph=True)
    assert isolated.isdisjoint(default.nodes) and isolated <= set(everything.nodes)
    assert default.number_of_nodes() == g.number_of_nodes() - len(isolated)


def test_json_is_node_link_with_lists_kept(inputs, tmp_path) -> None:
    g = build_graph(*inputs)
    data = json.loads(export_json(g, tmp_path / "g.json").read_text())
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["section:doc:kent-a:0"]["pages"] == [1]
    assert len(data["edges"]) == g.number_of_edges()
    back = nx.node_link_graph(data, edges="edges", multigraph=True, directed=True)
    assert back.number_of_edges() == g.number_of_edges()
