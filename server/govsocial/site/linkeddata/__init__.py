"""Linked data: dereferenceable IRIs, entity pages, ontology docs, VoID, dumps, landing page.

Routes (blueprint ``linkeddata``, registered by ``routes.init_app`` in the app factory):

``/``                     landing page (what, counts, sources, license, how to cite, links)
``/id/<type>/<slug>``     data IRIs ``<base>id/...``, content negotiated (HTML, Turtle, JSON-LD,
                          N-Triples, RDF/XML) or by suffix ``.html .ttl .jsonld .nt .rdf``
``/vocab/``, ``/vocab/<scheme>[/<concept>]``   SKOS schemes and concepts, the same way
``/ontology``             pyLODE documentation (HTML) or the ontology's triples (RDF types)
``/.well-known/void``     VoID (Turtle by default; every RDF syntax; HTML for browsers)
``/dumps/``               gzip dumps (Turtle, N-Triples, JSON-LD, N-Quads) and ``SHA256SUMS``

Configuration: ``BASE_IRI`` (env ``GOVSOCIAL_BASE_IRI``, default ``https://w3id.org/govsocial/``),
``LINKEDDATA_CACHE_DIR`` (default ``var/cache/linkeddata``; one folder per data version).
Modules by job: ``iris`` (IRI <-> path), ``negotiate`` (representations), ``describe``
(queries through the store), ``triples`` and ``view`` (page model), ``void``, ``dumps``,
``landing``, ``ontology_docs``, ``per_version`` (cache), ``moved``, ``routes`` (which writes RDF
with pyoxigraph; the terms are pyoxigraph's throughout, rdflib only for pyLODE).
"""
