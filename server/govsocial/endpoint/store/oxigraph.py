"""The pyoxigraph implementation of `QueryStore`: in memory or on disk, queried in workers."""

from __future__ import annotations

import atexit
import dataclasses
import functools
import logging
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TypedDict

from govsocial.endpoint import rdf_input
from govsocial.endpoint.rdf_input import rdf_files
from govsocial.endpoint.store.executor import execute
from govsocial.endpoint.store.interface import (
    DatasetInfo,
    QueryAnswer,
    QueryJob,
    QueryStore,
)
from govsocial.endpoint.store.loading import load_files
from govsocial.endpoint.store.persisted import (
    StoreBuildError,
    Validator,
    in_child,
    open_or_build,
    open_read_only,
)
from govsocial.endpoint.store.pool import Admission, QueryPool
from govsocial.endpoint.store.zygote import StoreSource, Zygote

log = logging.getLogger(__name__)


class _Limits(TypedDict, total=False):
    """The store's limits that `run` fills into a job which leaves them open."""

    max_rows: int
    timeout: float


class OxigraphStore(QueryStore):
    """Load files into pyoxigraph and answer every query in a disposable worker process.

    With `store_dir` the store is persisted there (govsocial.endpoint.store.persisted): unchanged
    sources are not parsed again, changed ones are rebuilt (checked by `validator`) and
    swapped in, and every query worker opens the database read-only, so all cores answer.
    `reload()` does the same for a running server: the new graph is built and checked beside
    the one in service, and only a complete, valid one replaces it.
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
        admission: Admission | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        self.paths = list(paths)
        self.store_dir = Path(store_dir) if store_dir is not None else None
        self.validator = validator
        self.max_rows = max_rows
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.admission = admission
        self.prefixes = dict(prefixes or {})
        self._owner = os.getpid()
        # zygotes of replaced graphs: HTTP workers started before the swap still use them
        self._retired: list[Zygote] = []
        source, self.info = self._open(validate=False)
        self._start(source)
        atexit.register(self.close)

    def _open(self, *, validate: bool) -> tuple[StoreSource, DatasetInfo]:
        """Load (in memory) or open/build (persisted) the sources; raise on bad input."""
        if self.store_dir is not None:
            # builds and validates beside the generation in service (persisted.py)
            generation = open_or_build(self.store_dir, self.paths, self.validator)
            return functools.partial(open_read_only, generation.db), generation.info
        store, info = load_files(self.paths)
        if validate and self.validator is not None:
            validator, files = self.validator, rdf_files(*self.paths)
            in_child(lambda: validator(files))  # pySHACL's memory goes with the child
        return store, info

    def _start(self, source: StoreSource) -> None:
        self._zygote = Zygote.start(
            source, functools.partial(execute, prefixes=self.prefixes), self.memory_limit
        )
        # the zygote holds the store now; this process only needs the metadata
        self._pool = QueryPool(self._zygote.socket_path, self.timeout, admission=self.admission)

    def reload(self) -> bool:
        """Load changed sources and swap to them; on bad data keep serving and log why.

        Must run in the process that started the store, single-threaded (the gunicorn master:
        it forks the new zygote). Queries already running finish on the old graph; processes
        forked afterwards query the new one. Returns True when a new graph is in service.
        """
        if os.getpid() != self._owner:
            raise RuntimeError("reload() must run in the process that started the store")
        try:
            source, info = self._open(validate=True)
        except (rdf_input.RDFInputError, StoreBuildError) as error:
            log.error(
                "reload refused, the graph in service (version %s) is kept: %s",
                self.info.version,
                error,
            )
            return False
        if info.version == self.info.version:
            log.info("reload: the sources are unchanged (version %s)", info.version)
            return False
        old_zygote, old_pool = self._zygote, self._pool
        self._start(source)
        del source
        self.info = info
        old_pool.close()
        self._retired.append(old_zygote)
        log.info(
            "reload: now serving version %s (%d triples) from %d files in %.2f s",
            info.version,
            info.triples,
            len(info.files),
            info.load_seconds,
        )
        return True

    def retire(self) -> None:
        """Stop the zygotes of replaced graphs (call once no process uses them any more)."""
        while self._retired:
            self._retired.pop().stop()

    def run(self, job: QueryJob) -> QueryAnswer:
        """Run the job in a query worker with this store's limits filled in."""
        limits: _Limits = {}
        if job.max_rows is None and self.max_rows is not None:
            limits["max_rows"] = self.max_rows
        if job.timeout is None:
            limits["timeout"] = self.timeout
        return self._pool.run(dataclasses.replace(job, **limits) if limits else job)

    def close(self) -> None:
        """Stop the zygotes and idle workers (only from the process that started them)."""
        self._pool.close()
        if os.getpid() == self._owner:
            self._zygote.stop()
            self.retire()
