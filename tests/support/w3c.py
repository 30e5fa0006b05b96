"""The data of the W3C SPARQL protocol tests as one N-Quads file of named graphs."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

# the graph names the protocol manifest expects (data0.rdf stays absent: empty)
W3C_GRAPH = "http://kasei.us/2009/09/sparql/data/data{n}.rdf"


def protocol_dir(shared_dir: Path) -> Path:
    """Return the protocol folder of the W3C test suite under /work/shared."""
    return shared_dir / "w3c-protocol-tests" / "protocol"


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
