"""Errors a query can end with; the HTTP layer maps each to one status."""

from __future__ import annotations


class QueryError(Exception):
    """A query that could not be answered; `message` is safe to show to the client."""

    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class QuerySyntaxError(QueryError):
    """The engine's parser rejected the query (message carries line and column)."""

    status = 400


class QueryRefused(QueryError):
    """The query is valid SPARQL but this endpoint will not run it (SERVICE, size, nesting)."""

    status = 400


class QueryTimeout(QueryError):
    """The query ran past its deadline and its worker was stopped."""

    status = 503


class QueryResourceError(QueryError):
    """The query worker died (memory cap reached or engine crash); it has been replaced."""

    status = 503


class NotAcceptable(QueryError):
    """No requested media type fits the query's result type."""

    status = 406


class Overloaded(QueryError):
    """Every query worker of this process is busy: the query was refused or stopped to shed load."""

    status = 503


class StoreUnavailable(QueryError):
    """No query worker could be started."""

    status = 503


class UpstreamError(QueryError):
    """The remote SPARQL endpoint this server proxies to failed or cannot be reached."""

    status = 502
