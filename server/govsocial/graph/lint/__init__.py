"""Lint the ontology, vocabularies, data, shapes and queries for mistakes that parse fine.

Turtle accepts `rdfs:subClasOf`, an undeclared `gso:reasonFro` or a label tagged `@ed`: they
are valid RDF and silently wrong. Each check takes named graphs (display name -> graph) and
returns findings, so it runs on the project's files and on small bad examples alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph

from govsocial.graph.lint.corpus import (
    ONTOLOGY_IRI,
    Corpus,
    Finding,
    corpus_iris,
    curie,
    graph_iris,
    query_iris,
    shacl_sparql_texts,
)
from govsocial.graph.lint.domains import check_domains_and_ranges
from govsocial.graph.lint.identifiers import Identifiers, check_external_identifiers
from govsocial.graph.lint.language import BCP47, HUMAN_TEXT, OWN_LANGUAGES, check_language_tags
from govsocial.graph.lint.skos import (
    check_concepts,
    check_one_scheme_each,
    check_scheme_file,
    check_vocab_references,
    concepts,
)
from govsocial.graph.lint.term_usage import (
    check_definitions,
    check_gso_declared,
    check_term_annotations,
    declared_terms,
)
from govsocial.graph.lint.vocabularies import check_known_terms, known_term

__all__ = [
    "BCP47",
    "HUMAN_TEXT",
    "ONTOLOGY_IRI",
    "OWN_LANGUAGES",
    "Corpus",
    "Finding",
    "Identifiers",
    "check_concepts",
    "check_definitions",
    "check_domains_and_ranges",
    "check_external_identifiers",
    "check_gso_declared",
    "check_known_terms",
    "check_language_tags",
    "check_one_scheme_each",
    "check_scheme_file",
    "check_term_annotations",
    "check_vocab_references",
    "concepts",
    "corpus_iris",
    "curie",
    "declared_terms",
    "format_findings",
    "graph_iris",
    "known_term",
    "lint",
    "query_iris",
    "shacl_sparql_texts",
    "vocabulary_graphs",
]


def vocabulary_graphs(corpus: Corpus) -> dict[str, Graph]:
    """Return the graphs of ontology/vocabularies/, one per concept scheme."""
    return {n: g for n, g in corpus.graphs.items() if n.startswith("ontology/vocabularies/")}


def lint(corpus: Corpus, identifiers: Identifiers) -> list[Finding]:
    """Run every check on the corpus and return the findings, sorted and without repeats."""
    ontology = corpus.ontology
    vocabularies = vocabulary_graphs(corpus)
    vocab_graph = Graph()
    for graph in vocabularies.values():
        vocab_graph += graph
    findings = check_gso_declared(ontology, corpus.graphs, corpus.queries)
    findings += check_term_annotations(ontology, corpus.ontology_name)
    for name, graph in sorted(corpus.in_folder("ontology").items()):
        findings += check_definitions(graph, name)
    findings += check_known_terms(corpus.graphs, corpus.queries)
    findings += check_language_tags(corpus.graphs, ontology)
    for name, graph in sorted(vocabularies.items()):
        findings += check_scheme_file(graph, name)
    for name, graph in sorted(corpus.graphs.items()):
        findings += check_concepts(graph, name)
    findings += check_one_scheme_each(corpus.merged())
    findings += check_vocab_references(vocab_graph, corpus.graphs, corpus.queries)
    # External identifiers and domains concern facts; shapes and queries state none.
    data = corpus.in_folder("ontology", "data")
    findings += check_external_identifiers(data, identifiers)
    findings += check_domains_and_ranges(ontology, data)
    return sorted(set(findings))


def format_findings(findings: Iterable[Finding]) -> str:
    """Return the findings one a line, as `file: [check] message`."""
    return "\n".join(str(f) for f in findings)
