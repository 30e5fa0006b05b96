"""The W3C SPARQL protocol tests vendored in tests/w3c/, and their data as one N-Quads file."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

# tests/w3c: the suite's protocol/ folder, its README (with upstream sums) and its licence
W3C_DIR = Path(__file__).resolve().parents[1] / "w3c"
PROTOCOL_DIR = W3C_DIR / "protocol"
MANIFEST = PROTOCOL_DIR / "manifest.ttl"

# the graph names the protocol manifest expects (data0.rdf stays absent: empty)
W3C_GRAPH = "http://kasei.us/2009/09/sparql/data/data{n}.rdf"


def write_w3c_nquads(protocol: Path, out: Path) -> Path:
    """Write the suite's data1..3.nt as named graphs dataN.rdf to `out`; return `out`."""
    quads = []
    for n in (1, 2, 3):
        graph = ox.NamedNode(W3C_GRAPH.format(n=n))
        path = protocol / f"data{n}.nt"
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
            quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
    ox.serialize(quads, output=str(out), format=ox.RdfFormat.N_QUADS)
    return out
