"""Build rdflib graphs from the project's RDF files, checked first by the endpoint's reader.

rdflib's Turtle parser can fail with a bare IndexError on truncated input, so pyoxigraph reads
each file first (`govsocial.endpoint.rdf_input.check_syntax`, errors with line and column);
rdflib then builds the graph the Python tools (pySHACL, serializers) work on.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph
from rdflib import Dataset, Graph

from govsocial.endpoint.rdf_input import check_syntax, rdf_format, read_bytes

RDFLIB_FORMATS = {
    pyoxigraph.RdfFormat.TURTLE: "turtle",
    pyoxigraph.RdfFormat.N_TRIPLES: "nt",
    pyoxigraph.RdfFormat.TRIG: "trig",
    pyoxigraph.RdfFormat.N_QUADS: "nquads",
}


def load_graph(paths: Iterable[Path], into: Graph | None = None) -> Graph:
    """Parse the files (checked first) into one rdflib graph (quads merged into it)."""
    graph = into if into is not None else Graph()
    for path in paths:
        data = read_bytes(path)
        check_syntax(path, data)
        ox_format = rdf_format(path)
        rdflib_format = RDFLIB_FORMATS[ox_format]
        if ox_format.supports_datasets:
            dataset = Dataset()
            dataset.parse(data=data, format=rdflib_format, publicID=path.resolve().as_uri())
            for s, p, o, _ in dataset.quads():
                graph.add((s, p, o))
        else:
            graph.parse(data=data, format=rdflib_format, publicID=path.resolve().as_uri())
    return graph
