"""The project's namespaces as plain IRI strings, in one table, with no RDF library.

`namespaces.py` makes rdflib Namespaces of them for the graph's tools; the site takes the
strings (or pyoxigraph NamedNodes of them), so it needs no rdflib object to name a term.
"""

from __future__ import annotations

BASE = "https://w3id.org/govsocial/"
GSO = BASE + "ontology#"
ID = BASE + "id/"
VOCAB = BASE + "vocab/"
ORG = "http://www.w3.org/ns/org#"
CV = "http://data.europa.eu/m8g/"
FOAF = "http://xmlns.com/foaf/0.1/"
SIOC = "http://rdfs.org/sioc/ns#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
VANN = "http://purl.org/vocab/vann/"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
WD = "http://www.wikidata.org/entity/"

# prefix -> namespace: what Turtle answers, dumps and files declare
PREFIXES: dict[str, str] = {
    "gso": GSO,
    "org": ORG,
    "cv": CV,
    "foaf": FOAF,
    "sioc": SIOC,
    "schema": SCHEMA,
    "prov": PROV,
    "time": TIME,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "vann": VANN,
    "void": VOID,
    "sd": SD,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
    "wd": WD,
}


def sparql_prefixes(*names: str, **more: str) -> str:
    """The PREFIX lines of a SPARQL query: the project's `names` (all when none is named) and
    `more` (prefix=namespace) of its own."""
    chosen = {name: PREFIXES[name] for name in names} if names else dict(PREFIXES)
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in {**chosen, **more}.items())
