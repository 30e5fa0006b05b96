"""The pyoxigraph implementation of `QueryStore`: in memory or on disk, queried in workers."""

from __future__ import annotations

import atexit
import dataclasses
import functools
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from govsocial.store.engine import execute
from govsocial.store.interface import QueryAnswer, QueryJob, QueryStore
from govsocial.store.loading import load_files
from govsocial.store.persisted import Validator, open_or_build, open_read_only
from govsocial.store.pool import QueryPool, StoreSource, Zygote

log = logging.getLogger(__name__)


class OxigraphStore(QueryStore):
    """Load files into pyoxigraph and answer every query in a disposable worker process.

    With `store_dir` the store is persisted there (govsocial.store.persisted): unchanged
    sources are not parsed again, changed ones are rebuilt (checked by `validator`) and
    swapped in, and every query worker opens the database read-only, so all cores answer.
    """

    def __init__(
        self,
        paths: Iterable[Path],
        *,
        timeout: float = 30.0,
        max_rows: int | None = None,
        memory_limit: int | None = None,
        store_dir: Path | None = None,
        validator: Validator | None = None,
    ) -> None:
        source: StoreSource
        if store_dir is None:
            source, self.info = load_files(paths)
        else:
            generation = open_or_build(Path(store_dir), list(paths), validator)
            self.info = generation.info
            self.store_path = generation.db
            source = functools.partial(open_read_only, generation.db)
        self.max_rows = max_rows
        self._zygote = Zygote.start(source, execute, memory_limit)
        # the zygote holds the store now; this process only needs the metadata
        del source
        self._owner = os.getpid()
        self._pool = QueryPool(self._zygote.socket_path, timeout)
        self.timeout = timeout
        atexit.register(self.close)

    def run(self, job: QueryJob) -> QueryAnswer:
        """Run the job in a query worker with this store's limits filled in."""
        if job.max_rows is None and self.max_rows is not None:
            job = dataclasses.replace(job, max_rows=self.max_rows)
        if job.timeout is None:
            job = dataclasses.replace(job, timeout=self.timeout)
        return self._pool.run(job)

    def warm(self) -> None:
        """Start an idle query worker ahead of the first query."""
        self._pool.warm()

    def close(self) -> None:
        """Stop the zygote and idle workers (only from the process that started them)."""
        self._pool.close()
        if os.getpid() == self._owner:
            self._zygote.stop()
