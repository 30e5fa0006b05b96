"""The store: load the graph once and answer SPARQL queries with limits.

A Flask app gets its store from `store.extension` (`init_app`, then `get_store()` in a request
handler); this package itself imports no web framework, so the graph's tools can query through
`store.local`. See docs/ENDPOINT.md.
"""

from __future__ import annotations

from govsocial.endpoint.store.errors import (
    NotAcceptable,
    QueryError,
    QueryRefused,
    QueryResourceError,
    QuerySyntaxError,
    QueryTimeout,
    StoreUnavailable,
    UpstreamError,
)
from govsocial.endpoint.store.interface import DatasetInfo, QueryAnswer, QueryJob, QueryStore

__all__ = [
    "DatasetInfo",
    "NotAcceptable",
    "QueryAnswer",
    "QueryError",
    "QueryJob",
    "QueryRefused",
    "QueryResourceError",
    "QueryStore",
    "QuerySyntaxError",
    "QueryTimeout",
    "StoreUnavailable",
    "UpstreamError",
]
