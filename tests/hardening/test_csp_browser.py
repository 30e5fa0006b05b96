"""The Content-Security-Policy in a real headless Chromium: /ui still runs a query under it,
and it really blocks an injected inline script (so the header is enforced, not decorative)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from .conftest import Server

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
from browsers import CHROMEDRIVER, CHROMIUM, browser_problem

pytestmark = pytest.mark.slow
WAIT = 30


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    """A headless Chromium with its console log (CSP violations are reported there)."""
    problem = browser_problem(CHROMIUM, CHROMEDRIVER, os.environ)
    if problem is not None:
        (pytest.fail if problem.fail else pytest.skip)(problem.message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1200,900", f"--user-data-dir={tmp_path}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=str(CHROMEDRIVER), log_output=str(tmp_path / "driver.log"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


def csp_messages(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser")
            if "Content Security Policy" in e["message"] or "Refused to" in e["message"]]


def test_ui_runs_a_query_under_the_policy(
    browser, start: Callable[..., Server], project_root: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    server = start([])  # the project's own data: the real /ui with its 20 example tabs
    head = requests.get(server.base + "/ui", timeout=30)
    assert "frame-ancestors 'none'" in head.headers["Content-Security-Policy"]
    assert "'nonce-" in head.headers["Content-Security-Policy"]

    browser.get(server.base + "/ui")
    WebDriverWait(browser, WAIT).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, ".yasgui .tabsList .tab")))
    browser.execute_script(
        "var t = window.govsocialYasgui.getTab(); "
        "t.getYasqe().setValue('SELECT ?s WHERE { ?s a ?c } LIMIT 3'); t.getYasqe().query();")

    def rows(driver) -> int:
        return len(driver.find_elements(By.CSS_SELECTOR, ".yasr .dataTable tbody tr td a.iri"))

    WebDriverWait(browser, WAIT).until(lambda d: rows(d) > 0)
    assert rows(browser) == 3
    assert csp_messages(browser) == []

    # the control: an inline script without the nonce is refused by this very policy
    browser.execute_script(
        "var s = document.createElement('script'); s.textContent = 'window.injected = 1;';"
        "document.body.appendChild(s);")
    assert browser.execute_script("return window.injected === undefined")
    assert any("script" in m for m in csp_messages(browser))
