"""Run pySHACL over data files with the project's shapes and ontology; return structured results.

Each input file is parsed on its own (through govsocial.rdfio, whose errors name file and line)
so every result can be traced back to the file that describes its focus node.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pyshacl
from rdflib import Graph, Literal
from rdflib.term import Node

from govsocial.namespaces import RDF, SH
from govsocial.paths import rdf_files
from govsocial.rdfio import RDFInputError, load_graph
from govsocial.validation.report import ValidationReport, ValidationResult
from govsocial.validation.terms import namespace_manager, render_path

# "rdfs" only: OWL-RL also applies owl:sameAs and merges identities, which multiplied 6 results
# into 313 on our data (every statement about a sameAs-linked node is repeated for each alias).
INFERENCE_CHOICES = ("none", "rdfs")


class ShapesError(Exception):
    """The shapes cannot be applied (pySHACL reports a validation failure, e.g. a bad query)."""


def expand(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders into RDF files; a path that does not exist is an input error."""
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise RDFInputError(path, "no such file or folder")
        files.extend(rdf_files(path))
    return files


def _load_each(files: Sequence[Path], into: Graph) -> dict[Path, Graph]:
    """Parse each file separately (for the subject -> file map) and merge it into `into`."""
    graphs: dict[Path, Graph] = {}
    for file in files:
        graph = load_graph([file])
        graphs[file] = graph
        into += graph
    return graphs


def _messages(graph: Graph, result: Node) -> tuple[str, ...]:
    # pySHACL adds the shape's sh:message and, for SPARQL validators, their own; English first.
    messages = sorted(
        {m for m in graph.objects(result, SH.resultMessage) if isinstance(m, Literal)},
        key=lambda m: (m.language not in (None, "en"), str(m)),
    )
    return tuple(str(m) for m in messages)


def _results(
    results_graph: Graph, shapes_graph: Graph, files_of: dict[Node, list[Path]]
) -> list[ValidationResult]:
    results = []
    for node in results_graph.subjects(RDF.type, SH.ValidationResult):
        focus = results_graph.value(node, SH.focusNode)
        shape = results_graph.value(node, SH.sourceShape)
        name = shapes_graph.value(shape, SH.name) if shape is not None else None
        results.append(
            ValidationResult(
                focus_node=focus,
                severity=results_graph.value(node, SH.resultSeverity),
                source_shape=shape,
                shape_name=str(name) if name is not None else None,
                component=results_graph.value(node, SH.sourceConstraintComponent),
                path=render_path(results_graph, results_graph.value(node, SH.resultPath)),
                value=results_graph.value(node, SH.value),
                messages=_messages(results_graph, node),
                source_constraint=results_graph.value(node, SH.sourceConstraint),
                files=tuple(files_of.get(focus, ())),
            )
        )
    return results


def validate(
    data_paths: Iterable[Path],
    shapes_paths: Iterable[Path],
    ontology_paths: Iterable[Path] = (),
    inference: str = "none",
) -> ValidationReport:
    """Validate the data files against the shapes, with the ontology as background knowledge.

    Folders are searched recursively for RDF files. The ontology (with its vocabularies) joins
    the data graph, so rdfs:subClassOf reaches sh:targetClass and sh:class and the concept
    schemes are known; its own nodes (concepts, platforms) are validated too. Raises
    RDFInputError for a missing or unreadable file, naming file and line, and ShapesError when
    pySHACL cannot apply the shapes.
    """
    if inference not in INFERENCE_CHOICES:
        raise ValueError(f"inference must be one of {INFERENCE_CHOICES}, not {inference!r}")
    data_files = expand(data_paths)
    shapes_files = expand(shapes_paths)
    ontology_files = expand(ontology_paths)
    if not shapes_files:
        raise RDFInputError(Path(", ".join(map(str, shapes_paths)) or "."), "no shapes files found")

    # The ontology is merged into the data graph rather than passed as pySHACL's ont_graph:
    # pySHACL copies only RDFS/OWL axioms from an ont_graph, so the SKOS concepts of the
    # vocabularies (skos:inScheme, labels) would be missing and every coded value would fail.
    data_graph, shapes_graph = Graph(), Graph()
    data_graphs = _load_each(data_files, data_graph)
    ontology_graphs = _load_each(ontology_files, data_graph)
    load_graph(shapes_files, into=shapes_graph)

    files_of: dict[Node, list[Path]] = {}
    for file, graph in {**data_graphs, **ontology_graphs}.items():
        for subject in set(graph.subjects()):
            files_of.setdefault(subject, []).append(file)
    nodes_by_file = {
        file: set(graph.subjects(RDF.type, None)) for file, graph in data_graphs.items()
    }

    _, results_graph, text = pyshacl.validate(
        data_graph,
        shacl_graph=shapes_graph,
        inference=None if inference == "none" else inference,
        allow_warnings=True,
        allow_infos=True,
    )
    if not isinstance(results_graph, Graph):  # pySHACL returns a ValidationFailure instead
        raise ShapesError(f"the shapes cannot be applied: {text}")
    for prefix, namespace in namespace_manager().namespaces():
        results_graph.bind(prefix, namespace, override=True, replace=True)
    return ValidationReport(
        results=_results(results_graph, shapes_graph, files_of),
        results_graph=results_graph,
        data_files=data_files,
        shapes_files=shapes_files,
        ontology_files=ontology_files,
        inference=inference,
        nodes_by_file=nodes_by_file,
    )
