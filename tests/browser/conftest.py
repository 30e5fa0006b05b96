"""A real server and a real headless Chromium for the browser tests of the researchers' pages.

The tests skip (with the reason) only when /usr/bin/chromium is missing and the CI variable is
unset; in CI a missing browser is a failure. Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.browser import headless_chromium, require_browser
from support.processes import start_gunicorn

START_SECONDS = 90


@pytest.fixture(scope="session")
def artifacts(project_root: Path) -> Path:
    folder = project_root / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def server(project_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Run the real app (gunicorn, query workers) over the project's data; yield its URL."""
    require_browser()  # no server without a browser to look at it
    running = start_gunicorn(
        tmp_path_factory.mktemp("server") / "server.log",
        threads=4,
        cwd=project_root,
        env={
            "GOVSOCIAL_HOME": str(project_root),
            "GOVSOCIAL_LINKEDDATA_CACHE_DIR": json.dumps(str(tmp_path_factory.mktemp("ldcache"))),
        },
        start_seconds=START_SECONDS,
    )
    try:
        yield running.base
    finally:
        running.stop(wait=20)


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[object]:
    """Return a fresh headless Chromium (own profile: no storage carried between tests)."""
    # every request the page makes (to prove nothing leaves the server) and console messages
    with headless_chromium(tmp_path, logs={"performance": "ALL", "browser": "ALL"}) as driver:
        yield driver
