"""The Flask app factory: one app, blueprints by job, one store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from govsocial.config import DEFAULTS
from govsocial.endpoint.serving import errors, health, http, query_path, sparql
from govsocial.endpoint.store import extension as store
from govsocial.graph.paths import default_graph_files
from govsocial.graph.store_validation import validate_sources
from govsocial.site import query_page, views
from govsocial.site.linkeddata import routes as linkeddata


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then GOVSOCIAL_* environment variables, then `config`.

    Loading the store happens here, once: under gunicorn this runs in the master before it
    forks (preload), so every worker shares the loaded graph.
    """
    app = Flask("govsocial", template_folder="site/templates", static_folder="site/static")
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("GOVSOCIAL")
    if config:
        app.config.from_mapping(config)
    errors.init_app(app)
    http.init_app(app)
    store.init_app(app, default_paths=default_graph_files, validator=validate_sources)
    sparql.init_app(app, html_page=query_page.render)
    app.register_blueprint(health.bp)
    linkeddata.init_app(app, plain_404=errors.handle)
    views.init_app(app)
    query_path.init_app(app)
    proxies = int(app.config["TRUST_PROXY_HEADERS"])
    if proxies:
        # behind a reverse proxy the endpoint's own URL (sd:endpoint, the base IRI of
        # queries) is the public one from X-Forwarded-*; trust only that many hops
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )
    return app
