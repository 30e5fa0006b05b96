"""Namespaces used across the project, in one place: rdflib Namespaces of the plain IRI
strings in `prefixes.py` (the one table), for the graph's tools."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VANN, VOID, XSD

from govsocial.graph import prefixes
from govsocial.graph.prefixes import BASE, PREFIXES

GSO = Namespace(prefixes.GSO)
ID = Namespace(prefixes.ID)
VOCAB = Namespace(prefixes.VOCAB)
ORG = Namespace(prefixes.ORG)
CV = Namespace(prefixes.CV)
SIOC = Namespace(prefixes.SIOC)
SCHEMA = Namespace(prefixes.SCHEMA)
TIME = Namespace(prefixes.TIME)
SD = Namespace(prefixes.SD)
WD = Namespace(prefixes.WD)

__all__ = [
    "BASE",
    "CV",
    "DCTERMS",
    "FOAF",
    "GSO",
    "ID",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SD",
    "SH",
    "SIOC",
    "SKOS",
    "TIME",
    "VANN",
    "VOCAB",
    "VOID",
    "WD",
    "XSD",
]
