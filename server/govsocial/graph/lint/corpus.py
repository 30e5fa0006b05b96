"""Read the files to lint and collect the IRIs each uses, SPARQL text included."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, NamespaceManager
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.sparql import prepareQuery

from govsocial.endpoint.rdf_input import rdf_files
from govsocial.graph.namespaces import GSO, PREFIXES
from govsocial.graph.prefixes import sparql_prefixes
from govsocial.graph.rdfio import load_graph

ONTOLOGY_IRI = URIRef(str(GSO).rstrip("#"))

# Findings name terms as CURIEs with the project's prefixes, whatever the file bound.
_NAMES = NamespaceManager(Graph(), bind_namespaces="none")
for _prefix, _namespace in {**PREFIXES, "gsoshape": "https://w3id.org/govsocial/shapes#"}.items():
    _NAMES.bind(_prefix, _namespace)


def curie(term: object) -> str:
    """Return a term as the project writes it: a CURIE where a prefix fits, else N3."""
    return term.n3(_NAMES) if isinstance(term, (URIRef, BNode, Literal)) else str(term)


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: which check found it, where, and what is wrong."""

    check: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.check}] {self.message}"


@dataclass
class Corpus:
    """The project's RDF files (one graph each) and SPARQL queries, keyed by display name."""

    graphs: dict[str, Graph] = field(default_factory=dict)
    queries: dict[str, str] = field(default_factory=dict)
    ontology_name: str = "ontology/govsocial.ttl"

    @classmethod
    def load(cls, root: Path) -> Corpus:
        """Read ontology/, data/, shapes/ and queries/ under root; absent folders are empty."""
        corpus = cls()
        for folder in ("ontology", "data", "shapes"):
            for path in rdf_files(root / folder) if (root / folder).is_dir() else []:
                corpus.graphs[path.relative_to(root).as_posix()] = load_graph([path])
        queries = root / "queries"
        for path in sorted(queries.rglob("*.rq")) if queries.is_dir() else []:
            corpus.queries[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
        return corpus

    @property
    def ontology(self) -> Graph:
        """Return the ontology graph, or an empty graph if the file is absent."""
        return self.graphs.get(self.ontology_name, Graph())

    def merged(self) -> Graph:
        """Return all graphs merged into one."""
        graph = Graph()
        for part in self.graphs.values():
            graph += part
        return graph

    def in_folder(self, *folders: str) -> dict[str, Graph]:
        """Return the graphs of files in the given top-level folders."""
        return {name: g for name, g in self.graphs.items() if name.split("/", 1)[0] in folders}


# -- Collecting the IRIs a file uses ------------------------------------------------------------


def graph_iris(graph: Graph) -> Iterator[URIRef]:
    """Yield every IRI in any position of the graph, including literal datatypes."""
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                yield term
            elif isinstance(term, Literal) and term.datatype is not None:
                yield term.datatype


def _walk(node: object, found: set[URIRef], seen: set[int]) -> None:
    """Collect IRIs (and literal datatypes) from a query algebra tree into found."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, URIRef):
        found.add(node)
    elif isinstance(node, Literal):
        if node.datatype is not None:
            found.add(node.datatype)
    elif isinstance(node, Mapping):  # CompValue and VALUES rows are mappings
        for key, value in node.items():
            _walk(key, found, seen)
            _walk(value, found, seen)
    elif isinstance(node, (list, tuple, set, frozenset)):
        for item in node:
            _walk(item, found, seen)
    elif isinstance(node, PropertyPath):
        for value in vars(node).values():
            _walk(value, found, seen)


@functools.lru_cache(maxsize=512)
def query_iris(text: str) -> frozenset[URIRef]:
    """Return every IRI in a SPARQL query (project prefixes predeclared); raise if invalid."""
    # Cached: several checks walk the same queries, and parsing dominates the lint's run time.
    query = prepareQuery(text, initNs=PREFIXES)
    found: set[URIRef] = set()
    _walk(query.algebra, found, set())
    return frozenset(found)


def shacl_sparql_texts(graph: Graph) -> Iterator[tuple[str, str]]:
    """Yield (label, query with PREFIX lines) for SHACL-SPARQL constraints in a shapes graph."""
    declared = {
        str(graph.value(decl, SH.prefix)): str(graph.value(decl, SH.namespace))
        for decl in graph.objects(None, SH.declare)
        if graph.value(decl, SH.prefix) is not None
    }
    header = sparql_prefixes(**declared)
    for predicate in (SH.select, SH.ask, SH.construct):
        for subject, text in graph.subject_objects(predicate):
            label = curie(subject) if isinstance(subject, URIRef) else "a SPARQL constraint"
            yield label, header + str(text)


def corpus_iris(
    graphs: Mapping[str, Graph], queries: Mapping[str, str]
) -> tuple[dict[str, set[URIRef]], list[Finding]]:
    """Map each file to the IRIs it uses; queries that do not parse become findings."""
    used: dict[str, set[URIRef]] = {name: set(graph_iris(g)) for name, g in graphs.items()}
    findings: list[Finding] = []
    texts = [(name, name, text) for name, text in queries.items()]
    texts += [
        (name, label, text) for name, g in graphs.items() for label, text in shacl_sparql_texts(g)
    ]
    for name, label, text in texts:
        try:
            used.setdefault(name, set()).update(query_iris(text))
        except ParseException as error:
            findings.append(Finding("sparql-parse", name, f"{label} does not parse: {error}"))
        except Exception as error:
            # rdflib's algebra step reports unknown prefixes with a bare Exception; any failure
            # here is the query's, and the lint must say so rather than skip the query.
            findings.append(Finding("sparql-parse", name, f"{label} is not valid: {error}"))
    return used, findings
