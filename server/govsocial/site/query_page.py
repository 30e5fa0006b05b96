"""The small HTML query form a browser gets at /sparql (the full UI is another blueprint)."""

from __future__ import annotations

from html import escape

from govsocial.endpoint.store import DatasetInfo

EXAMPLE = """PREFIX gso: <https://w3id.org/govsocial/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"""

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>govsocial-kg SPARQL endpoint</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{root}/static/site.css">
<link rel="icon" type="image/svg+xml" href="{root}/static/favicon.svg">
<style>textarea{{width:100%;font-family:monospace}}</style></head>
<body><header class="site-header"><div class="wrap">
<a class="brand" href="{root}/">govsocial<span>-kg</span></a>
<nav aria-label="Main"><a href="{root}/ui">Query UI</a> · <a href="{root}/ontology">Ontology</a>
</nav></div></header>
<main class="wrap"><h1>govsocial-kg SPARQL endpoint</h1>
<p>{triples} triples, data version {version}. Send SPARQL 1.1 queries to
<code>{endpoint}</code> (GET or POST); results by <code>Accept</code> or <code>format=</code>.</p>
<form method="get" action="{endpoint}">
<textarea name="query" rows="12">{example}</textarea>
<p><label>Format <select name="format">
<option value="json">SPARQL JSON / JSON-LD</option><option value="xml">SPARQL XML / RDF/XML</option>
<option value="csv">CSV</option><option value="tsv">TSV</option>
<option value="turtle">Turtle</option><option value="nt">N-Triples</option></select></label>
<button type="submit">Run query</button></p></form>
<p>Service description: <code>curl -H 'Accept: text/turtle' {endpoint}</code></p>
<h2 id="max-rows">Row limit</h2>
<p>{row_limit} An answer cut at the limit says so: the header
<code>GovSocial-Results-Truncated: max-rows=N</code> on every format; in the body, a
<code>link</code> to this section in the head of SPARQL JSON and XML results (with an XML
comment), and a closing comment in Turtle, TriG, N-Triples, N-Quads and RDF/XML. CSV, TSV and
JSON-LD have no room for it: check the header, or page through a result with
<code>ORDER BY</code>, <code>LIMIT</code> and <code>OFFSET</code>.</p>
</main></body></html>
"""


def render(endpoint: str, info: DatasetInfo, root: str = "", max_rows: int | None = None) -> str:
    """Return the page for this endpoint URL, in the look of the site served at `root`."""
    return _PAGE.format(
        row_limit=(
            "This endpoint sets no row limit."
            if max_rows is None
            else f"An answer holds at most {max_rows:,} rows (or triples)."
        ),
        endpoint=escape(endpoint),
        root=escape(root),
        triples=info.triples,
        version=escape(info.version),
        example=escape(EXAMPLE),
    )
