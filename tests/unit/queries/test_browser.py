"""Neo4j Browser files: the GraSS style covers every label; the committed guide is current."""

from __future__ import annotations

import re
from pathlib import Path

from graph.schema import Label, Rel
from queries.browser.guide import GUIDE, render_guide
from queries.catalog import list_queries

GRASS = Path(GUIDE).with_name("skg.grass")


def test_grass_styles_every_label_with_a_colour_and_a_caption():
    text = GRASS.read_text()
    blocks = dict(re.findall(r"^node\.(\w+) \{(.*?)^\}", text, re.S | re.M))
    assert set(blocks) == {label.value for label in Label}
    for label, body in blocks.items():
        assert re.search(r"color: #[0-9A-Fa-f]{6};", body), label
        assert re.search(r'caption: "[^"{]*\{\w+\}[^"]*";', body), label
    for rel in (Rel.MAY_CONSTITUTE, Rel.REPORTED_VIA):
        assert f"relationship.{rel.value} {{" in text


def test_committed_guide_matches_the_catalog():
    # Regenerate with: python -m queries.browser.guide
    assert GUIDE.read_text(encoding="utf-8") == render_guide()


def test_guide_has_a_runnable_slide_per_query_with_its_params():
    html = render_guide()
    assert html.count("<slide ") == len(list_queries()) + 1
    for q in list_queries():
        assert f"skg query {q.name}" in html
        for p in q.params:
            assert f"{p.name}: " in html
    assert "<script" not in html
    assert html.index("Harm coverage by region") < html.index("Duplicate and revised documents")
