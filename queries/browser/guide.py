"""The named-query catalog as a Neo4j Browser guide (``:play``), generated from the catalog.

The committed output is ``queries/browser/skg-guide.html``; a unit test keeps it in step with
the ``.cypher`` files. Regenerate it, or serve it to Neo4j Browser (``localhost`` is on the
Browser's default allow-list; the server adds the CORS header the Browser needs)::

    python -m queries.browser.guide            # rewrite skg-guide.html
    python -m queries.browser.guide --serve    # then in Browser: :play http://localhost:8001/skg-guide.html
"""

from __future__ import annotations

import argparse
import json
from html import escape
from pathlib import Path
from typing import Any

from queries.catalog import Query, list_queries

GUIDE = Path(__file__).with_name("skg-guide.html")
# Queries in the order an explorer meets them: the first five are the README's "first five".
FIRST = ["harm-coverage", "harms-without-offence", "harms-without-reporting-route", "laws-cited",
         "harm-neighbourhood"]
# Values that give an interesting answer on the seed documents in data/raw.
SAMPLE_PARAMS = {"harm": "grooming", "region": None, "category": None, "before": 2023}

# The guide's first query: the mission's picture as a graph, every harm the guidance ties to an
# offence, with its offences and the agencies it is reported to (contact points left out: they
# double the picture without adding a route).
OVERVIEW_GRAPH = """MATCH p = (h:Harm)-[:MAY_CONSTITUTE]->()
OPTIONAL MATCH q = (h)-[:REPORTED_VIA]->(:Agency)
RETURN p, q"""

# A graph-shaped variant of harm-neighbourhood: Browser draws paths, tables do not.
NEIGHBOURHOOD_GRAPH = """MATCH (h:Harm)
WHERE h.id = $harm OR h.id = 'harm:' + $harm OR toLower(h.name) = toLower($harm)
MATCH p = (h)-[l:MAY_CONSTITUTE|REPORTED_VIA]->(t)
OPTIONAL MATCH q = (t)-[:PART_OF|BELONGS_TO]->()
RETURN p, q"""


def _body(q: Query) -> str:
    """The query without its header comments (the slide shows title and description)."""
    lines = q.cypher.splitlines()
    i = 0
    while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("//")):
        i += 1
    return "\n".join(lines[i:]).strip()


def _param_command(q: Query) -> str | None:
    """A ``:params {...}`` command setting every declared parameter to a sample value."""
    if not q.params:
        return None
    items = []
    for p in q.params:
        value = SAMPLE_PARAMS.get(p.name, p.default) if p.required or p.default is None else p.default
        if p.name in SAMPLE_PARAMS and not p.required and p.default is None:
            value = None  # optional filters start open: all regions, all categories
        items.append(f"{p.name}: {json.dumps(value) if not isinstance(value, str) else repr(value)}")
    return ":params {" + ", ".join(items) + "}"


def _pre(code: str) -> str:
    return f'<pre mode="cypher" class="pre-scrollable code runnable">{escape(code, quote=False)}</pre>'


def _slide(q: Query) -> str:
    params = "".join(
        f"<li><code>{escape(p.name)}</code>{' (required)' if p.required else ''}: {escape(p.help)}</li>"
        for p in q.params
    )
    cmd = _param_command(q)
    parts = [
        '<slide class="row-fluid">',
        f'<div class="col-sm-3"><h3>{escape(q.title)}</h3>',
        f'<p class="lead">{escape(q.description)}</p>',
        f"<p><code>skg query {escape(q.name)}</code></p></div>",
        '<div class="col-sm-9">',
    ]
    if params:
        parts.append(f"<p>Parameters (click to set them first):</p><ul>{params}</ul>")
    if cmd:
        parts.append(_pre(cmd))
    parts.append(_pre(_body(q)))
    if q.name == "harm-neighbourhood":
        parts.append("<p>The same neighbourhood as a graph (harm red, offences blue, routes green):</p>")
        parts.append(_pre(NEIGHBOURHOOD_GRAPH))
    parts.append("</div></slide>")
    return "\n".join(parts)


def render_guide(queries: list[Query] | None = None) -> str:
    """The guide HTML: an intro slide, then one slide per named query (first five first)."""
    qs = queries if queries is not None else list_queries()
    ordered = sorted(qs, key=lambda q: (FIRST.index(q.name) if q.name in FIRST else len(FIRST), q.name))
    intro = "\n".join([
        '<slide class="row-fluid">',
        '<div class="col-sm-3"><h3>Safeguarding Graph</h3>',
        '<p class="lead">Where does each region\'s online-safeguarding guidance fall short? '
        "Harms link to the offences that cover them (MAY_CONSTITUTE) and to the reporting routes "
        "given for that harm (REPORTED_VIA); every link carries its evidence sentence. Routes "
        "a document gives without naming a harm are its general routes (GIVES_ROUTE), and a "
        "harm called illegal with no law named is an offence claim (CLAIMS_OFFENCE): neither "
        "counts as a link, so a harm with only general routes is listed by "
        "harms-without-reporting-route.</p></div>",
        '<div class="col-sm-9"><p>Load the style (<code>queries/browser/skg.grass</code>) with '
        "<code>:style</code>, then see the harms the guidance ties to an offence, with their "
        "offences and the agencies they are reported to (harms red, laws and provisions blue, "
        "agencies green):</p>",
        _pre(OVERVIEW_GRAPH),
        "<p>and the shape of the whole graph:</p>",
        _pre("CALL db.schema.visualization()"),
        f"<p>The next slides are the {len(ordered)} named queries of <code>skg query</code>. "
        "Set the parameters with the <code>:params</code> line before each query.</p></div>",
        "</slide>",
    ])
    slides = "\n".join(_slide(q) for q in ordered)
    return (
        "<!-- Generated by `python -m queries.browser.guide` from queries/*.cypher; do not edit. -->\n"
        '<article class="guide">\n<carousel class="deck container-fluid">\n'
        f"{intro}\n{slides}\n</carousel>\n</article>\n"
    )


def write_guide(path: Path = GUIDE) -> Path:
    """Regenerate the committed guide file."""
    path.write_text(render_guide(), encoding="utf-8")
    return path


def guide_server(port: int = 0) -> Any:
    """An HTTP server on 127.0.0.1 serving this directory (guide and style) with the CORS
    headers Neo4j Browser needs for ``:play <url>`` and ``:style <url>``: the fetch is
    cross-origin, so the Browser sends a preflight OPTIONS first. Call ``serve_forever()``."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class CORSHandler(SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, OPTIONS")
            super().end_headers()

        def do_OPTIONS(self) -> None:  # noqa: N802 - the http.server naming
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            return None

    handler = partial(CORSHandler, directory=str(GUIDE.parent))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve(port: int = 8001) -> None:  # pragma: no cover - interactive
    """Serve this directory on localhost for ``:play`` and ``:style``."""
    print(f":style http://localhost:{port}/skg.grass\n:play http://localhost:{port}/{GUIDE.name}"
          "   (Ctrl-C to stop)")
    guide_server(port).serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--serve", action="store_true", help="serve the guide for :play")
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    print(f"wrote {write_guide()}")
    if args.serve:
        serve(args.port)


if __name__ == "__main__":
    main()
