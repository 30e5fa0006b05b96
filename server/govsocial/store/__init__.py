"""The store: load the graph once and answer SPARQL queries with limits.

Use `get_store()` in a request handler; see docs/ARCHITECTURE.md.
"""

from __future__ import annotations

from govsocial.store.errors import (
    NotAcceptable,
    QueryError,
    QueryRefused,
    QueryResourceError,
    QuerySyntaxError,
    QueryTimeout,
    StoreUnavailable,
    UpstreamError,
)
from govsocial.store.extension import get_store, init_app
from govsocial.store.interface import DatasetInfo, QueryAnswer, QueryJob, QueryStore

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
    "get_store",
    "init_app",
]
