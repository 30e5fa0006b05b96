"""Configuration keys of the app and their defaults: the one table.

Every key the endpoint and the site read is here with its default (`govsocial serve` takes its
option defaults from this table; GOVSOCIAL_<KEY> in the environment sets one). The endpoint
reads its keys from the app's config and keeps no defaults of its own: an app that composes it
fills them, as `govsocial.app` does from this table."""

from __future__ import annotations

from typing import Any

from govsocial.graph.namespaces import PREFIXES

DEFAULTS: dict[str, Any] = {
    # -- the endpoint (govsocial.endpoint) ---------------------------------------------------
    # files and folders to serve; None = govsocial.graph.paths.default_graph_files()
    "DATA_PATHS": None,
    # a ready QueryStore instead of loading DATA_PATHS (tests, other engines)
    "STORE": None,
    # a folder to persist the store in (reopened without parsing while the sources are unchanged)
    "STORE_DIR": None,
    # validate a rebuilt persisted store with the shapes: None = only the project's own data
    "STORE_VALIDATE": None,
    # renamed IRIs answered with 301 (graph/moved_iris.py); None = data/moved-iris.tsv when
    # serving the project's own data, nothing with DATA_PATHS
    "MOVED_IRIS": None,
    # a SPARQL 1.1 query endpoint to proxy to instead of a local store
    "REMOTE_URL": None,
    "QUERY_TIMEOUT": 30.0,  # seconds per query, then 503
    "MAX_ROWS": 100_000,  # solutions or triples per result, then cut and signalled
    "QUERY_MEMORY_LIMIT": 1024**3,  # bytes a query worker may add to the shared store
    # load shedding per web process (store/pool.py Admission); QUERY_WORKERS None = no limit
    # (`govsocial serve` sets it to --threads - 1, at most 8)
    "QUERY_WORKERS": None,  # queries running at once; more wait QUEUE_TIMEOUT, then 503
    "QUEUE_TIMEOUT": 0.25,  # seconds a request waits for a free query worker
    "LONG_QUERY_SECONDS": 0.25,  # a query running longer is long: lowest CPU priority
    "LONG_QUERIES": None,  # long queries kept while others wait; None = QUERY_WORKERS // 4, >= 1
    "MAX_QUERY_LENGTH": 100_000,  # characters
    "MAX_QUERY_DEPTH": 64,  # nesting of { ( [
    "MAX_QUERY_ELEMENTS": 2_000,  # operators, braces, MINUS/BIND/... (see querycheck)
    "SERVICE_ALLOWLIST": (),  # SERVICE endpoints a query may call; empty = none
    "MAX_CONTENT_LENGTH": 1024 * 1024,  # request body bytes, then 413
    "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
    "CACHE_MAX_AGE": 300,  # seconds, Cache-Control of GET answers
    "RETRY_AFTER": 10,  # seconds, Retry-After of 503 answers
    "GZIP_MIN_SIZE": 1024,  # bytes; smaller bodies are sent as they are
    # number of reverse proxies whose X-Forwarded-* headers are trusted (0: none)
    "TRUST_PROXY_HEADERS": 0,
    # prefixes declared in Turtle and TriG results, which people read
    "RESULT_PREFIXES": PREFIXES,
    # -- the site (govsocial.site) -----------------------------------------------------------
    # the public base IRI of the data (env GOVSOCIAL_BASE_IRI); None = https://w3id.org/govsocial/
    "BASE_IRI": None,
    # where VoID, dumps and the ontology page are kept per data version; None = var/cache/linkeddata
    "LINKEDDATA_CACHE_DIR": None,
    # the release the data is cited by; None = data/release.toml with the project's own data
    "RELEASE_FILE": None,
    # the example queries of the query UI; None = the project's queries/
    "QUERIES_DIR": None,
}
