"""A `QueryStore` that answers in this process: fast unit tests of the views' SPARQL."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from govsocial import rdfio
from govsocial.store.engine import execute
from govsocial.store.interface import DatasetInfo, QueryAnswer, QueryJob, QueryStore


class InProcessStore(QueryStore):
    """Load files into pyoxigraph and run jobs with the endpoint's own `engine.execute`."""

    def __init__(self, files: list[Path]) -> None:
        self.store = ox.Store()
        digest = hashlib.sha256()
        for path in files:
            data = rdfio.read_bytes(path)
            digest.update(data)
            ox_format, _ = rdfio.rdf_format(path)
            self.store.load(data, format=ox_format, base_iri=path.resolve().as_uri())
        now = datetime.now(UTC)
        self.queries = 0
        self.info = DatasetInfo(
            files=tuple(map(str, files)), graphs=(), triples=len(self.store),
            default_graph_triples=len(self.store), graph_triples=(),
            version=digest.hexdigest()[:16], modified=now, loaded_at=now, load_seconds=0.0,
        )

    def run(self, job: QueryJob) -> QueryAnswer:
        """Run the job here (no worker process, no timeout) and count it."""
        self.queries += 1
        return execute(self.store, job)
