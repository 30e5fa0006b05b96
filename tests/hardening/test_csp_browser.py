"""The Content-Security-Policy in a real headless Chromium: /ui still runs a query under it,
and it really blocks an injected inline script (so the header is enforced, not decorative)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from support.browser import headless_chromium

from .conftest import Server

pytestmark = pytest.mark.slow
WAIT = 30


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    """A headless Chromium with its console log (CSP violations are reported there)."""
    with headless_chromium(tmp_path, window="1200,900", logs={"browser": "ALL"}) as driver:
        yield driver


def csp_messages(driver) -> list[str]:
    return [
        e["message"]
        for e in driver.get_log("browser")
        if "Content Security Policy" in e["message"] or "Refused to" in e["message"]
    ]


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
        ec.presence_of_element_located((By.CSS_SELECTOR, ".yasgui .tabsList .tab"))
    )
    browser.execute_script(
        "var t = window.govsocialYasgui.getTab(); "
        "t.getYasqe().setValue('SELECT ?s WHERE { ?s a ?c } LIMIT 3'); t.getYasqe().query();"
    )

    def rows(driver) -> int:
        return len(driver.find_elements(By.CSS_SELECTOR, ".yasr .dataTable tbody tr td a.iri"))

    WebDriverWait(browser, WAIT).until(lambda d: rows(d) > 0)
    assert rows(browser) == 3
    assert csp_messages(browser) == []

    # the control: an inline script without the nonce is refused by this very policy
    browser.execute_script(
        "var s = document.createElement('script'); s.textContent = 'window.injected = 1;';"
        "document.body.appendChild(s);"
    )
    assert browser.execute_script("return window.injected === undefined")
    assert any("script" in m for m in csp_messages(browser))
