from __future__ import annotations

import json

import networkx as nx

from graph.build import build_graph
from graph.export import export_graphml, export_json


def test_graphml_round_trips_with_lists_as_json_strings(inputs, tmp_path) -> None:
    g = build_graph(*inputs)
    path = export_graphml(g, tmp_path / "out" / "g.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    assert json.loads(back.nodes["doc:kent-a"]["region"]) == ["Kent"]
    assert back.nodes["harm:grooming"]["label"] == "Harm"


def test_json_is_node_link_with_lists_kept(inputs, tmp_path) -> None:
    g = build_graph(*inputs)
    data = json.loads(export_json(g, tmp_path / "g.json").read_text())
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["section:doc:kent-a:0"]["pages"] == [1]
    assert len(data["edges"]) == g.number_of_edges()
    back = nx.node_link_graph(data, edges="edges", multigraph=True, directed=True)
    assert back.number_of_edges() == g.number_of_edges()
