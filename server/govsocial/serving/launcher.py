"""Run the app under gunicorn, started from Python (no gunicorn command line involved).

Process model (docs/ARCHITECTURE.md): the app, and with it the store, is created before
gunicorn starts; gunicorn preloads it and forks `gthread` workers that share it. Queries run in
the store's own worker processes, so the HTTP workers' threads only wait on sockets.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

# gunicorn's maximum request line: the longest GET URL (longer queries must be POSTed)
MAX_REQUEST_LINE = 8190


class Server(BaseApplication):
    """A gunicorn application serving one ready Flask app."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def gunicorn_options(
    host: str, port: int, workers: int, threads: int, query_timeout: float
) -> dict[str, Any]:
    """Return the gunicorn settings for `govsocial serve`."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        # threads wait on query workers; no thread ever forks, so threading is safe here
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": True,
        # a request may wait a full query timeout; gunicorn must not kill the worker first
        "timeout": int(query_timeout) + 30,
        "graceful_timeout": int(query_timeout) + 5,
        "keepalive": 5,
        "limit_request_line": MAX_REQUEST_LINE,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "govsocial-serve",
        # one runtime-control socket per host path would clash between instances; unused
        "control_socket_disable": True,
    }


def run(app: Flask, options: dict[str, Any]) -> None:
    """Serve until stopped (SIGINT/SIGTERM)."""
    Server(app, options).run()
