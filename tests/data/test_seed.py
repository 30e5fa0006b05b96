"""The seed dataset (tests/seed/README.md) is frozen for the tests that assert its exact answers;
these tests keep that copy honest: every fact of it is still in data/, and it still validates."""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph
from rdflib.compare import isomorphic

from govsocial.graph.validation import validate


def _named(graph: Graph) -> set[tuple]:
    return {triple for triple in graph if not any(isinstance(t, BNode) for t in triple)}


def _tree(graph: Graph, node: BNode) -> Graph:
    """The blank node's description, with the blank nodes it holds (date qualifiers, lists)."""
    tree = Graph()
    todo = [node]
    while todo:
        for triple in graph.triples((todo.pop(), None, None)):
            tree.add(triple)
            if isinstance(triple[2], BNode):
                todo.append(triple[2])
    return tree


def test_every_seed_fact_is_still_in_the_data(seed_graph: Graph, data_graph: Graph) -> None:
    missing = _named(seed_graph) - _named(data_graph)
    shown = sorted(" ".join(term.n3() for term in triple) for triple in missing)[:10]
    assert not missing, "seed facts changed or gone from data/: " + "; ".join(shown)


def test_every_seed_blank_node_is_still_in_the_data(seed_graph: Graph, data_graph: Graph) -> None:
    for subject, predicate, node in seed_graph:
        if isinstance(subject, BNode) or not isinstance(node, BNode):
            continue
        seed = _tree(seed_graph, node)
        assert any(
            isomorphic(seed, _tree(data_graph, candidate))
            for candidate in data_graph.objects(subject, predicate)
            if isinstance(candidate, BNode)
        ), (subject, predicate)


def test_the_seed_validates(project_root: Path, seed_data_dir: Path) -> None:
    report = validate([seed_data_dir], [project_root / "shapes"], [project_root / "ontology"])
    assert report.violations == 0
