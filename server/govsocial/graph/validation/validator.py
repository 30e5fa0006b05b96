"""Validate data files against the shapes with the ontology; return structured results.

Two engines give the same results. "native" compiles the shapes into SPARQL queries run on a
pyoxigraph store (govsocial.graph.validation.compiler): 10^6 triples in under a minute. "pyshacl"
runs pySHACL on rdflib graphs: the reference, hours at that size (bench/validation). "auto"
(the default) runs the shapes the compiler covers natively and hands the others to pySHACL,
and hands the whole run to pySHACL when the native engine could not be exact (RDFS inference,
literals the store would rewrite). Each input file is kept apart (named graph, or its own
rdflib graph), so every result can be traced back to the file that describes its focus node.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from govsocial.endpoint.rdf_input import RDFInputError, rdf_files
from govsocial.graph.namespaces import RDF, SH
from govsocial.graph.rdfio import load_graph
from govsocial.graph.validation.compact_terms import namespace_manager, render_path
from govsocial.graph.validation.compiler import TARGETS, Compilation, compile_shapes
from govsocial.graph.validation.dataset import load_dataset
from govsocial.graph.validation.native import CheckError, run_checks
from govsocial.graph.validation.report import ValidationReport, ValidationResult
from govsocial.graph.validation.resultgraph import report_graph

# "rdfs" only: OWL-RL also applies owl:sameAs and merges identities, which multiplied 6 results
# into 313 on our data (every statement about a sameAs-linked node is repeated for each alias).
INFERENCE_CHOICES = ("none", "rdfs")
ENGINE_CHOICES = ("auto", "native", "pyshacl")


class ShapesError(Exception):
    """The shapes cannot be applied (pySHACL reports a validation failure, e.g. a bad query)."""


class NotNative(ShapesError):
    """The native engine cannot give exactly pySHACL's results for this input (says why)."""


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


def _required(graph: Graph, result: Node, predicate: URIRef) -> Node:
    """A value SHACL gives every validation result: focus node, severity, shape, component."""
    value = graph.value(result, predicate)
    assert value is not None, f"a validation result without {predicate}"
    return value


def _required_iri(graph: Graph, result: Node, predicate: URIRef) -> URIRef:
    value = _required(graph, result, predicate)
    assert isinstance(value, URIRef), f"{predicate} of a validation result is not an IRI"
    return value


def _results(
    results_graph: Graph, shapes_graph: Graph, files_of: Callable[[Node], Sequence[Path]]
) -> list[ValidationResult]:
    results = []
    for node in results_graph.subjects(RDF.type, SH.ValidationResult):
        focus = _required(results_graph, node, SH.focusNode)
        shape = _required(results_graph, node, SH.sourceShape)
        name = shapes_graph.value(shape, SH.name)
        results.append(
            ValidationResult(
                focus_node=focus,
                severity=_required_iri(results_graph, node, SH.resultSeverity),
                source_shape=shape,
                shape_name=str(name) if name is not None else None,
                component=_required_iri(results_graph, node, SH.sourceConstraintComponent),
                path=render_path(results_graph, results_graph.value(node, SH.resultPath)),
                value=results_graph.value(node, SH.value),
                messages=_messages(results_graph, node),
                source_constraint=results_graph.value(node, SH.sourceConstraint),
                files=tuple(files_of(focus)),
            )
        )
    return results


def _run_pyshacl(data_graph: Graph, shapes_graph: Graph, inference: str) -> Graph:
    _, results_graph, text = pyshacl.validate(
        data_graph,
        shacl_graph=shapes_graph,
        inference=None if inference == "none" else inference,
        allow_warnings=True,
        allow_infos=True,
    )
    if not isinstance(results_graph, Graph):  # pySHACL returns a ValidationFailure instead
        raise ShapesError(f"the shapes cannot be applied: {text}")
    return results_graph


def _validate_pyshacl(
    data_files: list[Path],
    shapes_files: list[Path],
    ontology_files: list[Path],
    shapes_graph: Graph,
    inference: str,
) -> ValidationReport:
    # The ontology is merged into the data graph rather than passed as pySHACL's ont_graph:
    # pySHACL copies only RDFS/OWL axioms from an ont_graph, so the SKOS concepts of the
    # vocabularies (skos:inScheme, labels) would be missing and every coded value would fail.
    data_graph = Graph()
    data_graphs = _load_each(data_files, data_graph)
    ontology_graphs = _load_each(ontology_files, data_graph)

    files_of: dict[Node, list[Path]] = {}
    for file, graph in {**data_graphs, **ontology_graphs}.items():
        for subject in set(graph.subjects()):
            files_of.setdefault(subject, []).append(file)
    nodes_by_file = {
        file: set(graph.subjects(RDF.type, None)) for file, graph in data_graphs.items()
    }
    results_graph = _run_pyshacl(data_graph, shapes_graph, inference)
    for prefix, namespace in namespace_manager().namespaces():
        results_graph.bind(prefix, namespace, override=True, replace=True)
    return ValidationReport(
        results=_results(results_graph, shapes_graph, lambda n: files_of.get(n, ())),
        results_graph=results_graph,
        data_files=data_files,
        shapes_files=shapes_files,
        ontology_files=ontology_files,
        inference=inference,
        nodes_by_file=nodes_by_file,
        engine="pyshacl",
    )


def _without_targets(shapes_graph: Graph, shapes: Iterable[Node]) -> Graph:
    """Return a copy of the shapes in which the given shapes select no focus nodes."""
    copy = Graph()
    for triple in shapes_graph:
        copy.add(triple)
    for shape in shapes:
        for predicate in (*TARGETS, SH.target):
            copy.remove((shape, predicate, None))
    return copy


def _validate_native(
    data_files: list[Path],
    shapes_files: list[Path],
    ontology_files: list[Path],
    shapes_graph: Graph,
    compilation: Compilation,
) -> ValidationReport:
    dataset = load_dataset(data_files, ontology_files)
    if dataset.noncanonical:
        examples = (
            v if d == "language tag" else f'"{v}"^^<{d}>' for v, d in dataset.noncanonical[:3]
        )
        raise NotNative(
            "the store would rewrite literals pySHACL reads as written, e.g. " + ", ".join(examples)
        )
    try:
        raws = run_checks(dataset, compilation.checks)
    except CheckError as error:
        raise ShapesError(str(error)) from error
    results = [
        ValidationResult(
            focus_node=raw.focus,
            severity=raw.severity,
            source_shape=raw.shape,
            shape_name=_name(shapes_graph, raw.shape),
            component=raw.component,
            path=render_path(shapes_graph, raw.path),
            value=raw.value,
            messages=_sorted_messages(raw.messages),
            source_constraint=raw.source_constraint,
            files=dataset.files_of(raw.focus),
        )
        for raw in raws
    ]
    results_graph = Graph()
    if compilation.unsupported:
        # the shapes the compiler does not cover: pySHACL, on the same data, with the covered
        # shapes' targets removed (they still work as value shapes of the others)
        data_graph = load_graph(data_files + ontology_files)
        partial = _without_targets(shapes_graph, compilation.native_shapes)
        results_graph = _run_pyshacl(data_graph, partial, "none")
        results += _results(results_graph, shapes_graph, dataset.files_of)
    conforms = not any(r.severity == SH.Violation for r in results)
    report_graph(raws, shapes_graph, conforms, into=results_graph)
    return ValidationReport(
        results=results,
        results_graph=results_graph,
        data_files=data_files,
        shapes_files=shapes_files,
        ontology_files=ontology_files,
        inference="none",
        nodes_by_file=dataset.typed_nodes_by_file(),
        engine="native" if not compilation.unsupported else "native+pyshacl",
    )


def _name(shapes_graph: Graph, shape: Node) -> str | None:
    name = shapes_graph.value(shape, SH.name)
    return str(name) if name is not None else None


def _sorted_messages(messages: Iterable[Literal]) -> tuple[str, ...]:
    # as _messages: English first
    ordered = sorted(set(messages), key=lambda m: (m.language not in (None, "en"), str(m)))
    return tuple(str(m) for m in ordered)


def validate(
    data_paths: Iterable[Path],
    shapes_paths: Iterable[Path],
    ontology_paths: Iterable[Path] = (),
    inference: str = "none",
    engine: str = "auto",
    context_paths: Iterable[Path] = (),
) -> ValidationReport:
    """Validate the data files against the shapes, with the ontology as background knowledge.

    Folders are searched recursively for RDF files. The ontology (with its vocabularies) joins
    the data graph, so rdfs:subClassOf reaches sh:targetClass and sh:class and the concept
    schemes are known; its own nodes (concepts, platforms) are validated too. `context_paths`
    (the project's data, for a contributor's files) join the data graph as well, so references
    to the bodies they define resolve; then only results about nodes the data files describe
    are kept. `engine` picks native, pyshacl or auto (see the module docstring). Raises
    RDFInputError for a missing or unreadable file, naming file and line, ShapesError when the
    shapes cannot be applied, and NotNative when engine="native" cannot give pySHACL's results
    exactly.
    """
    if inference not in INFERENCE_CHOICES:
        raise ValueError(f"inference must be one of {INFERENCE_CHOICES}, not {inference!r}")
    if engine not in ENGINE_CHOICES:
        raise ValueError(f"engine must be one of {ENGINE_CHOICES}, not {engine!r}")
    data_files = expand(data_paths)
    shapes_files = expand(shapes_paths)
    ontology_files = expand(ontology_paths)
    context_files = expand(context_paths)
    if not shapes_files:
        raise RDFInputError(Path(", ".join(map(str, shapes_paths)) or "."), "no shapes files found")
    shapes_graph = load_graph(shapes_files)
    # the context is background knowledge, as the ontology is: loaded, validated, not reported
    background = ontology_files + context_files
    report = _run(data_files, shapes_files, background, shapes_graph, inference, engine)
    report = dataclasses.replace(report, ontology_files=ontology_files, context_files=context_files)
    return report.about(data_files) if context_files else report


def _run(
    data_files: list[Path],
    shapes_files: list[Path],
    background: list[Path],
    shapes_graph: Graph,
    inference: str,
    engine: str,
) -> ValidationReport:
    if engine != "pyshacl":
        try:
            if inference != "none":
                # owlrl's RDFS closure, as pySHACL applies it, also derives triples about
                # literals (rdfs:range, rdfs4b), which an RDF store cannot hold: not exact
                raise NotNative("RDFS inference is applied by pySHACL only")
            compilation = compile_shapes(shapes_graph)
            if engine == "native" and compilation.unsupported:
                raise NotNative(
                    "; ".join(
                        f"{shape}: {reason}" for shape, reason in compilation.unsupported.items()
                    )
                )
            return _validate_native(data_files, shapes_files, background, shapes_graph, compilation)
        except NotNative:
            if engine == "native":
                raise
            # auto: pySHACL gives the exact results instead
    return _validate_pyshacl(data_files, shapes_files, background, shapes_graph, inference)
