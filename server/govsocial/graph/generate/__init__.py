"""Synthetic data in the govsocial ontology, at any size, for benchmarks and tests.

`generate(stream, triples, seed, fmt)` writes N-Triples or Turtle text straight to a stream
(no rdflib objects), deterministic for a seed; `govsocial generate` is its command line.
"""

from __future__ import annotations

from govsocial.graph.generate.generator import MIN_TRIPLES, Summary, dataset_iri, generate

__all__ = ["MIN_TRIPLES", "Summary", "dataset_iri", "generate"]
