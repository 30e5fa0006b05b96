"""A real server and a real headless Chromium for the browser tests of the researchers' pages.

The tests skip (with the reason) only when /usr/bin/chromium is missing and the CI variable is
unset; in CI a missing browser is a failure. Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).parent))
from browsers import CHROMEDRIVER, CHROMIUM, browser_problem

START_SECONDS = 90
WAIT_SECONDS = 30


def require_browser() -> None:
    """Skip without a browser outside CI; fail in CI, where `.ci/run` installs one."""
    problem = browser_problem(CHROMIUM, CHROMEDRIVER, os.environ)
    if problem is None:
        return
    if problem.fail:
        pytest.fail(problem.message)
    pytest.skip(problem.message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def artifacts(project_root: Path) -> Path:
    folder = project_root / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def server(project_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Run the real app (gunicorn, query workers) over the project's data; yield its URL."""
    require_browser()  # no server without a browser to look at it
    port = free_port()
    env = dict(os.environ)
    env["GOVSOCIAL_HOME"] = str(project_root)
    env["GOVSOCIAL_LINKEDDATA_CACHE_DIR"] = json.dumps(str(tmp_path_factory.mktemp("ldcache")))
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("wb") as log_file:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(
            [str(gunicorn), "--workers", "1", "--threads", "4", "--bind", f"127.0.0.1:{port}",
             "govsocial.app:create_app()"],
            cwd=project_root, env=env, stdout=log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                if requests.get(url + "/health", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server did not start: " + log.read_text()[-3000:])
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: gunicorn, workers, zygote
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[object]:
    """Return a fresh headless Chromium (own profile: no storage carried between tests)."""
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1000", f"--user-data-dir={tmp_path}",
    ):
        options.add_argument(argument)
    # every request the page makes (to prove nothing leaves the server) and console messages
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    service = Service(executable_path=str(CHROMEDRIVER), log_output=str(tmp_path / "driver.log"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()

