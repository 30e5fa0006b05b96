"""The shapes themselves: valid SHACL, named, documented, and in step with the ontology."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef

from govsocial.graph.namespaces import OWL, RDF, RDFS, SH, SKOS
from govsocial.graph.rdfio import load_graph

GSOSHAPE = "https://w3id.org/govsocial/shapes#"
SHACL_SHACL = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"


def shapes(graph: Graph) -> set:
    typed = set(graph.subjects(RDF.type, SH.NodeShape))
    typed |= set(graph.subjects(RDF.type, SH.PropertyShape))
    return typed | set(graph.objects(None, SH.property))


def test_shapes_conform_to_shacl_shacl(shapes_graph: Graph) -> None:
    conforms, _, text = pyshacl.validate(shapes_graph, shacl_graph=Graph().parse(SHACL_SHACL))
    assert conforms, text


def test_no_blank_node_shapes(shapes_graph: Graph) -> None:
    blank = {s for s in shapes(shapes_graph) if isinstance(s, BNode)}
    # property shapes hidden as blank nodes would carry sh:path; sh:path's own blank node
    # values (sh:alternativePath lists) are paths, not shapes, and do not count
    blank |= {s for s in shapes_graph.subjects(SH.path, None) if isinstance(s, BNode)}
    assert blank == set()


@pytest.mark.parametrize("predicate", [SH.name, SH.description, SH.message])
def test_every_shape_is_documented_in_english(shapes_graph: Graph, predicate: URIRef) -> None:
    undocumented = sorted(
        str(s)
        for s in shapes(shapes_graph)
        if not any(
            isinstance(v, Literal) and v.language == "en"
            for v in shapes_graph.objects(s, predicate)
        )
    )
    assert undocumented == []


def test_every_shape_lives_in_the_shapes_namespace(shapes_graph: Graph) -> None:
    assert sorted(str(s) for s in shapes(shapes_graph) if not str(s).startswith(GSOSHAPE)) == []


def test_severities_are_violation_or_warning(shapes_graph: Graph) -> None:
    used = set(shapes_graph.objects(None, SH.severity))
    assert used <= {SH.Violation, SH.Warning}
    assert SH.Warning in used, "SHOULD rules exist (e.g. a decision should have a date)"


def test_every_property_shape_belongs_to_a_node_shape(shapes_graph: Graph) -> None:
    orphans = sorted(
        str(s)
        for s in shapes_graph.subjects(RDF.type, SH.PropertyShape)
        if (None, SH.property, s) not in shapes_graph
    )
    assert orphans == []


def test_each_shapes_file_opens_with_a_comment(shapes_dir: Path) -> None:
    files = sorted(shapes_dir.glob("*.ttl"))
    assert len(files) >= 10
    for file in files:
        assert file.read_text(encoding="utf-8").startswith("# "), f"{file.name} lacks a header"


@pytest.fixture(scope="module")
def ontology(project_root: Path) -> Graph:
    files = sorted((project_root / "ontology").rglob("*.ttl"))
    assert files, "ontology/ has no Turtle files"
    return load_graph(files)


def test_target_classes_are_declared(shapes_graph: Graph, ontology: Graph) -> None:
    """A typo in sh:targetClass silently validates nothing: gso classes must exist."""
    gso_targets = {
        c
        for c in shapes_graph.objects(None, SH.targetClass)
        if str(c).startswith("https://w3id.org/govsocial/ontology#")
    }
    declared = set(ontology.subjects(RDF.type, OWL.Class))
    declared |= set(ontology.subjects(RDF.type, RDFS.Class))
    assert sorted(map(str, gso_targets - declared)) == []


def test_in_scheme_values_are_schemes_of_the_ontology(shapes_graph: Graph, ontology: Graph) -> None:
    schemes = set(shapes_graph.objects(None, URIRef(GSOSHAPE + "inScheme")))
    assert len(schemes) >= 12
    missing = sorted(str(s) for s in schemes if (s, RDF.type, SKOS.ConceptScheme) not in ontology)
    assert missing == []
