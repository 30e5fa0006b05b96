"""A `QueryStore` in this process, for commands that read the graph once (no query workers).

The endpoint isolates queries in worker processes because clients are untrusted; a command run
by the curator on the project's own files is not, so it loads them into pyoxigraph here and
answers with the endpoint's own `engine.execute` (the same SPARQL, results and errors).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from govsocial.endpoint.store.executor import execute
from govsocial.endpoint.store.interface import QueryAnswer, QueryJob, QueryStore
from govsocial.endpoint.store.loading import load_files


class LocalStore(QueryStore):
    """The files loaded into an in-memory store of this process."""

    def __init__(
        self, paths: Iterable[Path | str], prefixes: Mapping[str, str] | None = None
    ) -> None:
        self.store, self.info = load_files(paths)
        self.prefixes = prefixes

    def run(self, job: QueryJob) -> QueryAnswer:
        return execute(self.store, job, self.prefixes)
