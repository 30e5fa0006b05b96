"""Run the app under gunicorn, started from Python (no gunicorn command line involved).

Process model (docs/ENDPOINT.md): the app, and with it the store, is created before
gunicorn starts; gunicorn preloads it and forks `gthread` workers that share it. Queries run in
the store's own worker processes, so the HTTP workers' threads only wait on sockets.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from govsocial.endpoint.serving.connections import ConnectionLimits, raise_open_files_limit

log = logging.getLogger("govsocial.serve")

# gunicorn's maximum request line: the longest GET URL (longer queries must be POSTed)
MAX_REQUEST_LINE = 8190


class Server(BaseApplication):
    """A gunicorn application serving one ready Flask app; its workers (serving/worker.py)
    read their connection limits from it."""

    def __init__(self, app: Flask, options: dict[str, Any], limits: ConnectionLimits) -> None:
        self.application = app
        self.options = options
        self.connection_limits = limits
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    # types-gunicorn wants an app taking any MutableMapping environ; gunicorn passes a dict,
    # which is what Flask takes
    def load(self) -> Flask:  # type: ignore[override]
        return self.application


def gunicorn_options(
    host: str,
    port: int,
    workers: int,
    threads: int,
    query_timeout: float,
    limits: ConnectionLimits,
) -> dict[str, Any]:
    """Return the gunicorn settings for `govsocial serve`."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        # threads wait on query workers; no thread ever forks, so threading is safe here
        "worker_class": "govsocial.endpoint.serving.worker.ThreadWorker",
        "threads": threads,
        # the worker bounds its connections itself and keeps accepting at the bound (it closes
        # the connection that waited longest, or answers 503): gunicorn must never stop
        # accepting, or new clients would wait in the kernel's queue behind idle ones
        "worker_connections": limits.max_connections + 1,
        "backlog": 2048,
        "preload_app": True,
        # a request may wait a full query timeout; gunicorn must not kill the worker first
        "timeout": int(query_timeout) + 30,
        "graceful_timeout": int(query_timeout) + 5,
        # files (dumps, static) go through the worker's outbox like every answer; sendfile()
        # would wait on a client that stopped reading without any bound
        "sendfile": False,
        "keepalive": max(1, round(limits.idle_timeout)),  # the worker keeps limits.idle_timeout
        "limit_request_line": MAX_REQUEST_LINE,
        # forwarded headers are the app's business alone (--proxy-headers, ProxyFix): gunicorn
        # applies none, from any peer; "*" also spares it parsing the peer's address per request
        "forwarded_allow_ips": "*",
        "secure_scheme_headers": {},
        "forwarder_headers": "",
        "accesslog": "-",
        # the same lines, gathered in a tenth of the time (serving/accesslog.py)
        "logger_class": "govsocial.endpoint.serving.accesslog.AccessLogger",
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "govsocial-serve",
        # one runtime-control socket per host path would clash between instances; unused
        "control_socket_disable": True,
    }


def reload_hooks(store: Any) -> dict[str, Any]:
    """Return gunicorn hooks that reload the store on SIGHUP to the master.

    gunicorn's SIGHUP handler runs in the master's loop (not in a signal handler), calls
    `on_reload`, then starts new HTTP workers and gracefully stops the old ones; with a preloaded
    app the new workers are forked from the master, so they inherit what `on_reload` swapped
    in. The old graph's zygote is stopped once no HTTP worker forked before the swap is left.
    """
    pending: list[int] = []  # worker ages at the swaps whose old zygotes are still running

    def on_reload(arbiter: Any) -> None:
        log.info("SIGHUP: reloading the data")
        if store.reload():
            pending.append(arbiter.worker_age)

    def child_exit(arbiter: Any, worker: Any) -> None:
        if pending and all(w.age > pending[-1] for w in arbiter.WORKERS.values()):
            pending.clear()
            store.retire()

    return {"on_reload": on_reload, "child_exit": child_exit}


def fit_open_files(limits: ConnectionLimits) -> ConnectionLimits:
    """Raise the open-files limit (per process; the HTTP workers inherit it) for one worker's
    connections; where the system allows fewer, bound the connections to what fits, and say so."""
    spare = 256  # the store, query workers' sockets, logs, listeners
    soft = raise_open_files_limit(limits.max_connections + spare)
    if soft >= limits.max_connections + spare:
        return limits
    fitting = max(64, soft - spare)
    log.warning(
        "the open-files limit is %d: at most %d connections per HTTP worker instead of "
        "%d (raise `ulimit -n`, or set --max-connections)",
        soft,
        fitting,
        limits.max_connections,
    )
    return replace(
        limits,
        max_connections=fitting,
        max_client_connections=min(limits.max_client_connections, fitting),
    )


def run(app: Flask, options: dict[str, Any], limits: ConnectionLimits) -> None:
    """Serve until stopped (SIGINT/SIGTERM); SIGHUP reloads a store that can reload."""
    store = app.extensions.get("govsocial.endpoint.store")
    if hasattr(store, "reload"):
        options = {**options, **reload_hooks(store)}
    Server(app, options, limits).run()
