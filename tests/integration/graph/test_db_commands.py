"""`skg db start|status|stop` and `skg export` against a real embedded server."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from graph.stores import server
from graph.stores.embedded import EmbeddedStore
from graph.testing import synthetic_graph
from pipeline.cli import app

pytestmark = pytest.mark.slow


def test_db_start_status_export_stop(tmp_path: Path) -> None:
    runner = CliRunner()
    d = ["--data-dir", str(tmp_path)]
    res = runner.invoke(app, ["db", "start", *d])
    assert res.exit_code == 0, res.output
    assert "started" in res.output
    info = server.running(tmp_path / "graph")
    assert info is not None and info.persistent
    try:
        with EmbeddedStore(tmp_path) as s:  # joins the long-lived server, leaves it running
            s.replace_graph(synthetic_graph(n_docs=3, sections=2))
            assert not s.started
        assert server.pid_is_server(info.pid)
        res = runner.invoke(app, ["db", "status", "--json", *d])
        assert res.exit_code == 0, res.output
        status = json.loads(res.output)
        assert status["running"] and status["pid"] == info.pid
        assert status["counts"]["Document"] == 3
        assert "already running" in runner.invoke(app, ["db", "start", *d]).output
        out_ml, out_js = tmp_path / "g.graphml", tmp_path / "g.json"
        res = runner.invoke(app, ["export", "--graphml", str(out_ml), "--json", str(out_js), *d])
        assert res.exit_code == 0, res.output
        g = nx.read_graphml(out_ml, force_multigraph=True)
        assert g.number_of_nodes() == status["counts"]["nodes"]
        assert g.number_of_edges() == status["counts"]["relationships"]
        data = json.loads(out_js.read_text())
        assert len(data["nodes"]) == status["counts"]["nodes"]
        assert server.pid_is_server(info.pid)  # export joined the server and left it running
    finally:
        res = runner.invoke(app, ["db", "stop", *d])
    assert res.exit_code == 0, res.output
    assert not server.pid_is_server(info.pid)
    res = runner.invoke(app, ["db", "status", *d])
    assert "not running" in res.output


def test_export_without_a_file_is_a_user_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["export", "--data-dir", str(tmp_path)])
    assert res.exit_code == 1
