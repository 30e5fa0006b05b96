"""Ask the graph for an entity's description and the evidence behind it.

The description (what RDF answers carry) is the entity's own triples, blank nodes it links to
(two levels, enough for OWL restrictions and lists heads in the ontology), the labels of what it
links to, and its incoming links with the labels of their subjects. The evidence follows the
provenance chain of docs/MODEL.md: claim -prov:wasDerivedFrom-> statement -dcterms:source->
source document, with speaker, post (and its role), on whose behalf, and speech mode.
"""

from __future__ import annotations

import pyoxigraph as ox

from govsocial.endpoint.store.interface import QueryAnswer, QueryJob, QueryStore, encode_bindings
from govsocial.graph.prefixes import sparql_prefixes
from govsocial.site.linkeddata.negotiate import Representation
from govsocial.site.linkeddata.triples import Triples
from govsocial.site.linkeddata.view import RDFS_LABEL

PREFIXES = sparql_prefixes("rdf", "rdfs", "skos", "foaf", "dcterms", "prov", "org", "schema", "gso")

# the predicates that name a thing on a page; their values travel with every link
LABEL_PREDICATES = "rdfs:label skos:prefLabel foaf:name dcterms:title"
LABEL_LIST = ", ".join(LABEL_PREDICATES.split())


# Each query reads the entity ?e from its bindings (`bindings={"e": NamedNode(iri)}`), which the
# store substitutes before evaluation: no IRI is spliced into the text. Oxigraph 0.5 plans a
# query before it substitutes, so its join order does not know ?e is bound: a pattern without
# ?e but with a constant (`?st a gso:Statement`, `?x rdfs:label ?l`) looks cheaper and is
# evaluated first, over the whole graph. So every such pattern here joins ?e's own patterns in
# the same group, or is a FILTER (at 2*10^5 triples: evidence 8 ms -> 0.25 ms, term labels
# 84 ms -> 0.2 ms, as fast as a VALUES block).

DESCRIPTION_QUERY = (
    PREFIXES
    + f"""\
CONSTRUCT {{
  ?e ?p ?o . ?o ?olp ?ol .
  ?o ?bp ?bo . ?bo ?bp2 ?bo2 .
  ?s ?ip ?e . ?s ?slp ?sl .
}}
WHERE {{
  {{
    ?e ?p ?o .
    OPTIONAL {{ VALUES ?olp {{ {LABEL_PREDICATES} }} ?o ?olp ?ol . FILTER(!isBlank(?o)) }}
    OPTIONAL {{
      FILTER(isBlank(?o)) ?o ?bp ?bo .
      OPTIONAL {{ FILTER(isBlank(?bo)) ?bo ?bp2 ?bo2 . }}
    }}
  }}
  UNION
  {{
    ?s ?ip ?e .
    OPTIONAL {{ VALUES ?slp {{ {LABEL_PREDICATES} }} ?s ?slp ?sl . }}
  }}
}}
"""
)

# The statements behind ?e and what they cite. A claim's statements are its
# `prov:wasDerivedFrom`; a descriptive node's are its `gso:attestedBy`; a statement is its own
# evidence.
EVIDENCE_QUERY = (
    PREFIXES
    + f"""\
CONSTRUCT {{
  ?st ?stp ?sto . ?sto ?lp ?l .
  ?post org:role ?role . ?role skos:prefLabel ?rl .
  ?src ?srcp ?srco . ?pub ?pubp ?publ .
}}
WHERE {{
  ?e (prov:wasDerivedFrom|gso:attestedBy)? ?st .
  FILTER EXISTS {{ ?st a gso:Statement }}
  {{
    ?st ?stp ?sto .
    OPTIONAL {{ VALUES ?lp {{ {LABEL_PREDICATES} }} ?sto ?lp ?l . }}
  }}
  UNION
  {{ ?st gso:speakerPost ?post . ?post org:role ?role . OPTIONAL {{ ?role skos:prefLabel ?rl }} }}
  UNION
  {{ ?st dcterms:source ?src . ?src ?srcp ?srco . }}
  UNION
  {{
    # FILTER, not VALUES: beside the other branches, Oxigraph 0.5 evaluated a VALUES here apart
    # from ?st and joined afterwards (a decision's evidence at 10^5 triples: 11 ms, now 0.25 ms)
    ?st dcterms:source/dcterms:publisher ?pub . ?pub ?pubp ?publ .
    FILTER(?pubp IN ({LABEL_LIST}))
  }}
}}
"""
)

# The labels of the properties and classes the page of ?e names: the predicates of its own and
# its incoming triples, and its types (?e is projected: a store substitutes only a variable the
# SELECT projects). The label lookup is in each branch, beside ?e (above); FILTER, not a VALUES
# of label predicates: Oxigraph 0.5 joined VALUES blocks with a scan of every triple
LABEL_OF_X = f"?x ?lp ?label . FILTER(?lp IN ({LABEL_LIST}))"
LABELS_QUERY = (
    PREFIXES
    + f"""\
SELECT DISTINCT ?e ?x ?label WHERE {{
  {{ ?e ?x ?o . {LABEL_OF_X} }}
  UNION {{ ?s ?x ?e . {LABEL_OF_X} }}
  UNION {{ ?e a ?x . {LABEL_OF_X} }}
}}
"""
)


def _entity(iri: str) -> dict[str, ox.NamedNode | ox.Literal]:
    return {"e": ox.NamedNode(iri)}


def describe(store: QueryStore, iri: str) -> Triples:
    """Return the description of ``iri`` (empty when the graph does not mention it)."""
    return Triples(store.construct(DESCRIPTION_QUERY, bindings=_entity(iri)))


def describe_as(store: QueryStore, iri: str, representation: Representation) -> QueryAnswer:
    """Return the description of ``iri`` as the store writes it in ``representation``'s syntax
    (Turtle with the store's prefixes); its `rows` are the triples written (0: not described)."""
    assert representation.graph_format is not None, "HTML is written from `describe`"
    return store.run(
        QueryJob(
            query=DESCRIPTION_QUERY,
            solutions_format=None,
            graph_format=representation.graph_format.key,
            bindings=encode_bindings(_entity(iri)),
        )
    )


def evidence_graph(store: QueryStore, iri: str) -> Triples:
    """Return the statements behind ``iri`` with their speakers, posts, roles and sources."""
    return Triples(store.construct(EVIDENCE_QUERY, bindings=_entity(iri)))


def term_labels(store: QueryStore, iri: str) -> Triples:
    """Return the labels (as ``rdfs:label`` triples) of the properties of ``iri``'s own and
    incoming triples and of its classes: what its page names."""
    labels = []
    for row in store.select(LABELS_QUERY, bindings=_entity(iri)):
        term, label = row["x"], row["label"]
        if isinstance(term, ox.NamedNode | ox.BlankNode) and isinstance(label, ox.Literal):
            labels.append(ox.Triple(term, RDFS_LABEL, label))
    return Triples(labels)
