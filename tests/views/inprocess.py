"""A `QueryStore` that answers in this process and counts its queries: fast unit tests of the
views' SPARQL (the cache tests check how many queries a page costs)."""

from __future__ import annotations

from pathlib import Path

from govsocial.endpoint.store.interface import QueryAnswer, QueryJob
from govsocial.endpoint.store.local import LocalStore


class InProcessStore(LocalStore):
    """The command line's in-process store (`store/local.py`), with a query counter."""

    def __init__(self, files: list[Path]) -> None:
        super().__init__(files)
        self.queries = 0

    def run(self, job: QueryJob) -> QueryAnswer:
        """Run the job here (no worker process, no timeout) and count it."""
        self.queries += 1
        return super().run(job)
