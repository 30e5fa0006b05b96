"""In a real headless Chromium: the landing page, the query UI, an entity page, the matrix.

Each test saves a screenshot to test-artifacts/ so a person can check how the page looks.
"""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.slow

WAIT = 30  # seconds: the first query starts a query worker

# a decision of Chemnitz whose evidence is Nowak's quotation (data/sources/nurinteressant-...)
CHEMNITZ_DECISION = "/id/decision/chemnitz-x-crisis-only-2024-01"
NOWAK_QUOTE = "Die Entscheidung damals fußte auf vielen Bots"


def requested_urls(driver: WebDriver) -> list[str]:
    """Return every URL the browser requested since the last call (DevTools Network events)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def foreign(urls: list[str], server: str) -> list[str]:
    """Return the network URLs that leave our server.

    Only network schemes count: data:/blob: stay in the page, and chrome:// are the browser's
    own pages (its new-tab page before the first navigation).
    """
    origin = urlsplit(server)
    return [
        u
        for u in urls
        if urlsplit(u).scheme in ("http", "https", "ws", "wss", "ftp")
        and (urlsplit(u).scheme, urlsplit(u).netloc) != (origin.scheme, origin.netloc)
    ]


def script_errors(driver: WebDriver) -> list[str]:
    """Return the JavaScript errors the page logged (network 404s, e.g. a favicon, aside)."""
    return [
        e["message"]
        for e in driver.get_log("browser")
        if e["level"] == "SEVERE" and e.get("source") != "network"
    ]


def save_full_page(driver: WebDriver, path: Path) -> None:
    """Save a screenshot of the whole page, not only the window (then restore the window)."""
    width, height = driver.get_window_size().values()
    page_height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(page_height + 140, 6000))
    driver.save_screenshot(str(path))
    driver.set_window_size(width, height)


def wait_for(driver: WebDriver, css: str) -> None:
    WebDriverWait(driver, WAIT).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def result_rows(driver: WebDriver) -> list:
    """Return YASR's rendered table rows that hold data (not its "no results" row)."""
    rows = driver.find_elements(By.CSS_SELECTOR, ".yasr .dataTable tbody tr")
    return [r for r in rows if not r.find_elements(By.CSS_SELECTOR, "td.dataTables_empty")]


def test_landing_page_renders(browser: WebDriver, server: str, artifacts: Path) -> None:
    browser.get(server + "/")
    wait_for(browser, "main#landing")
    main = browser.find_element(By.CSS_SELECTOR, "main#landing")
    assert main.is_displayed()
    assert main.find_element(By.TAG_NAME, "h1").text.strip()
    browser.save_screenshot(str(artifacts / "landing.png"))
    assert foreign(requested_urls(browser), server) == []


def _first_authorities(server: str, query: str, count: int) -> list[str]:
    request = urllib.request.Request(
        server + "/sparql",
        data=urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = json.load(response)["results"]["bindings"]
    return [row["authorityLabel"]["value"] for row in rows[:count]]


def test_ui_runs_an_example_query_and_shows_rows(
    browser: WebDriver, server: str, artifacts: Path
) -> None:
    browser.get(server + "/ui")
    wait_for(browser, ".yasgui .tabsList .tab")
    names = [
        a.get_attribute("textContent").strip()
        for a in browser.find_elements(By.CSS_SELECTOR, ".yasgui .tabsList .tab a > span")
    ]
    assert "Which authorities stopped posting on X, when, and with what stated reasons?" in names
    questions = sorted((Path(__file__).resolve().parents[2] / "queries").glob("*.rq"))
    assert len([n for n in names if n.endswith("?")]) == len(questions) == 29
    endpoint = browser.find_element(
        By.CSS_SELECTOR, ".yasgui .tabPanel.active .controlbar input.autocomplete"
    )
    assert endpoint.get_attribute("value") == server + "/sparql"
    editor = browser.execute_script("return window.govsocialYasgui.getTab().getYasqe().getValue()")
    assert editor.startswith("# Question: Which authorities stopped posting on X")

    browser.find_element(By.CSS_SELECTOR, ".yasqe .yasqe_queryButton").click()
    WebDriverWait(browser, WAIT).until(lambda d: len(result_rows(d)) > 0)
    table = browser.find_element(By.CSS_SELECTOR, ".yasr .dataTable").text
    # the first page shows the first bodies of the endpoint's own answer, in its order
    first = _first_authorities(server, questions[0].read_text(encoding="utf-8"), 3)
    assert all(name in table for name in first), first
    # an IRI in the results leads to this server's page for it, not to w3id.org
    link = browser.find_element(By.CSS_SELECTOR, ".yasr .dataTable tbody a.iri")
    assert link.get_attribute("href").startswith("https://w3id.org/govsocial/id/decision/")
    browser.execute_script(
        "arguments[0].dispatchEvent(new MouseEvent('mousedown', {bubbles: true}))", link
    )
    assert link.get_attribute("href").startswith(server + "/id/decision/")
    browser.execute_script("document.querySelector('.yasr').scrollIntoView()")
    browser.save_screenshot(str(artifacts / "ui-example-query.png"))
    # offline: no LOV, no prefix.cc, no CDN - every request went to our own server
    assert foreign(requested_urls(browser), server) == []
    assert script_errors(browser) == []


def test_ui_opens_a_shared_query_from_the_url(
    browser: WebDriver, server: str, artifacts: Path
) -> None:
    query = (
        "PREFIX gso: <https://w3id.org/govsocial/ontology#>\n"
        'SELECT ?authority WHERE { ?authority a gso:Authority ; gso:stateCode "DE-SN" }'
        " ORDER BY ?authority"
    )
    browser.get(f"{server}/ui?query={quote(query)}")
    wait_for(browser, ".yasgui .tabsList .tab")
    editor = browser.execute_script("return window.govsocialYasgui.getTab().getYasqe().getValue()")
    assert editor == query
    if not result_rows(browser):  # YASGUI runs a shared query itself; if not yet, ask it to
        browser.find_element(By.CSS_SELECTOR, ".yasqe .yasqe_queryButton").click()
    WebDriverWait(browser, WAIT).until(lambda d: len(result_rows(d)) > 0)
    assert "stadt-chemnitz" in browser.find_element(By.CSS_SELECTOR, ".yasr .dataTable").text
    browser.save_screenshot(str(artifacts / "ui-shared-query.png"))
    assert foreign(requested_urls(browser), server) == []


def test_ui_autocompletion_stays_offline(browser: WebDriver, server: str) -> None:
    """Completing a prefixed name would ask Linked Open Vocabularies; ours never does."""
    browser.get(server + "/ui")
    wait_for(browser, ".yasgui .tabsList .tab")
    requested_urls(browser)  # forget the page load
    completers = browser.execute_script("""
        const yasqe = window.govsocialYasgui.getTab().getYasqe();
        yasqe.setValue('PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\\n'
                       + 'SELECT * WHERE { ?s rdfs:lab');
        yasqe.focus();
        yasqe.setCursor(yasqe.lastLine(), 1000);
        yasqe.autocomplete();
        return [Object.keys(yasqe.autocompleters).sort(), yasqe.config.prefixCcApi];
    """)
    assert completers == [["prefixes", "variables"], None]
    typed = "el ?o . ?s a"
    browser.find_element(By.CSS_SELECTOR, ".yasqe .CodeMirror textarea").send_keys(typed)
    WebDriverWait(browser, WAIT).until(
        lambda d: d.execute_script(
            "return window.govsocialYasgui.getTab().getYasqe().getValue()"
        ).endswith(typed)
    )
    # the editor has the keys, and a completer would have started its fetch; it runs
    # asynchronously: a grace for a request that must never come (nothing to wait on)
    time.sleep(1.5)
    assert foreign(requested_urls(browser), server) == []
    assert script_errors(browser) == []


def facet_value(driver: WebDriver, facet: str, code: str):
    return driver.find_element(
        By.CSS_SELECTOR, f'section.facet[data-facet="{facet}"] a[data-code="{code}"]'
    )


def listed_count(driver: WebDriver) -> int:
    return int(driver.find_element(By.CSS_SELECTOR, "p.count").text.split()[0])


def test_timeline_facets_narrow_and_a_shared_url_restores(
    browser: WebDriver, server: str, artifacts: Path
) -> None:
    browser.get(server + "/timeline")
    wait_for(browser, "nav.facets")
    everything = listed_count(browser)
    # a reader clicks X, then 2025, then January: each count beside a value is what the click
    # shows, and every click is a URL
    for facet, code in (("platform", "x"), ("year", "2025"), ("month", "2025-01")):
        value = facet_value(browser, facet, code)
        promised = int(value.find_element(By.XPATH, "following-sibling::span").text)
        value.click()
        WebDriverWait(browser, WAIT).until(lambda d, c=code: f"={c}" in d.current_url)
        assert listed_count(browser) == promised
    assert 30 < promised < everything  # the wave of January 2025
    entries = browser.find_elements(By.CSS_SELECTOR, "li.entry")
    assert all("X" in e.text for e in entries)
    assert all(
        e.find_element(By.CSS_SELECTOR, "time").get_attribute("datetime").startswith("2025-01")
        for e in entries
    )
    save_full_page(browser, artifacts / "timeline-x-january-2025.png")
    shared, shown = browser.current_url, [e.text for e in entries]
    # the URL, opened afresh, shows the same list with the same choices
    browser.get(server + "/")
    browser.get(shared)
    wait_for(browser, "nav.facets")
    assert [e.text for e in browser.find_elements(By.CSS_SELECTOR, "li.entry")] == shown
    chosen = browser.find_elements(By.CSS_SELECTOR, "nav.facets a.chosen")
    assert {c.get_attribute("data-code") for c in chosen} == {"x", "2025", "2025-01"}
    # a chosen value clicked again is dropped
    facet_value(browser, "month", "2025-01").click()
    WebDriverWait(browser, WAIT).until(lambda d: "month=" not in d.current_url)
    assert listed_count(browser) > len(shown)
    assert foreign(requested_urls(browser), server) == []
    assert script_errors(browser) == []


def test_timeline_of_one_body_and_platform(browser: WebDriver, server: str) -> None:
    browser.get(server + "/timeline?authority=stadt-chemnitz&platform=x")
    wait_for(browser, "li.entry")
    entries = browser.find_elements(By.CSS_SELECTOR, "li.entry")
    assert len(entries) >= 4
    assert all("Stadt Chemnitz" in e.text for e in entries)


def test_charts_render_with_their_marks(browser: WebDriver, server: str, artifacts: Path) -> None:
    browser.get(server + "/charts")
    wait_for(browser, "section.chart img")
    images = browser.find_elements(By.CSS_SELECTOR, "section.chart img")
    assert len(images) == 3
    for image in images:
        browser.execute_script("arguments[0].scrollIntoView()", image)
        WebDriverWait(browser, WAIT).until(
            lambda d, i=image: d.execute_script(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", i
            )
        )
        drawn = browser.execute_async_script(
            """
            const done = arguments[arguments.length - 1];
            fetch(arguments[0].src).then(r => r.text())
              .then(t => done(new Set(t.match(/id="mark-[0-9]+"/g) || []).size));
        """,
            image,
        )
        assert drawn == int(image.get_attribute("data-marks")) > 0
    save_full_page(browser, artifacts / "charts.png")
    assert foreign(requested_urls(browser), server) == []
    assert script_errors(browser) == []


def test_entity_page_shows_its_evidence(browser: WebDriver, server: str, artifacts: Path) -> None:
    browser.get(server + CHEMNITZ_DECISION)
    wait_for(browser, "section.evidence")
    evidence = browser.find_element(By.CSS_SELECTOR, "section.evidence")
    assert evidence.is_displayed()
    assert NOWAK_QUOTE in evidence.text
    quote_element = evidence.find_element(By.XPATH, f".//*[contains(., '{NOWAK_QUOTE}')][@lang]")
    assert quote_element.get_attribute("lang").startswith("de")
    browser.save_screenshot(str(artifacts / "entity-evidence.png"))


def cell(browser: WebDriver, authority: str, platform: str):
    return browser.find_element(
        By.CSS_SELECTOR, f'td.cell[data-authority="{authority}"][data-platform="{platform}"]'
    )


def test_matrix_pages_and_facets(browser: WebDriver, server: str, artifacts: Path) -> None:
    browser.get(server + "/matrix")
    wait_for(browser, "table.matrix")
    bodies = listed_count(browser)
    rows = browser.find_elements(By.CSS_SELECTOR, "table.matrix tbody tr")
    assert len(rows) == 50 < bodies  # a page, not the whole graph
    first = rows[0].find_element(By.CSS_SELECTOR, "th").text
    browser.find_element(By.CSS_SELECTOR, "nav.pager a[rel=next]").click()
    WebDriverWait(browser, WAIT).until(lambda d: "page=2" in d.current_url)
    assert browser.find_element(By.CSS_SELECTOR, "table.matrix tbody th").text != first
    # Switzerland, then the cantonal level: rows and counts follow, the page starts again
    for facet, code in (("country", "CH"), ("level", "state")):
        value = facet_value(browser, facet, code)
        promised = int(value.find_element(By.XPATH, "following-sibling::span").text)
        value.click()
        WebDriverWait(browser, WAIT).until(lambda d, c=code: f"={c}" in d.current_url)
        assert "page=" not in browser.current_url
        assert listed_count(browser) == promised
        assert len(browser.find_elements(By.CSS_SELECTOR, "table.matrix tbody tr")) == promised
    # choosing a platform leaves its column only
    facet_value(browser, "platform", "x").click()
    WebDriverWait(browser, WAIT).until(lambda d: "platform=x" in d.current_url)
    columns = browser.find_elements(By.CSS_SELECTOR, "table.matrix thead th")
    assert [c.text for c in columns] == ["Body", "X"]
    save_full_page(browser, artifacts / "matrix-ch-state-x.png")
    shared = browser.current_url
    browser.get(shared)
    wait_for(browser, "table.matrix")
    assert {
        c.get_attribute("data-code")
        for c in browser.find_elements(By.CSS_SELECTOR, "nav.facets a.chosen")
    } == {"CH", "state", "x"}
    assert foreign(requested_urls(browser), server) == []
    assert script_errors(browser) == []


def test_matrix_shows_dresden_stopped_and_chemnitz_restricted(
    browser: WebDriver, server: str, artifacts: Path
) -> None:
    browser.get(server + "/matrix?state=DE-SN")  # Saxony's bodies: one page
    wait_for(browser, "table.matrix")
    dresden = cell(browser, "landeshauptstadt-dresden", "x")
    assert "stopped" in dresden.text
    assert "February 2024" in dresden.text
    assert "status-stopped" in dresden.get_attribute("class")
    assert dresden.find_element(By.CSS_SELECTOR, "time").get_attribute("datetime") == "2024-02"
    chemnitz = cell(browser, "stadt-chemnitz", "x")
    assert "restricted to crises" in chemnitz.text
    assert "status-restricted" in chemnitz.get_attribute("class")
    # colour is not the only signal: the two cells look different *and* say different things
    assert dresden.value_of_css_property("background-color") != chemnitz.value_of_css_property(
        "background-color"
    )
    save_full_page(browser, artifacts / "matrix.png")

    # the plain form (no JavaScript involved) shows an earlier day
    field = browser.find_element(By.ID, "as_of")
    browser.execute_script("arguments[0].value = '2023-06-01'", field)
    browser.find_element(By.CSS_SELECTOR, "form.as-of button[type=submit]").click()
    WebDriverWait(browser, WAIT).until(lambda d: "as_of=2023-06-01" in d.current_url)
    assert "state=DE-SN" in browser.current_url  # the day keeps the filter
    assert "stopped" not in cell(browser, "landeshauptstadt-dresden", "x").text
    browser.save_screenshot(str(artifacts / "matrix-2023-06-01.png"))
    assert foreign(requested_urls(browser), server) == []


def test_a_body_page_shows_its_timeline_chart(
    browser: WebDriver, server: str, artifacts: Path
) -> None:
    browser.get(server + "/id/authority/stadt-chemnitz")
    wait_for(browser, "figure.body-chart img")
    image = browser.find_element(By.CSS_SELECTOR, "figure.body-chart img")
    browser.execute_script("arguments[0].scrollIntoView()", image)
    WebDriverWait(browser, WAIT).until(
        lambda d: d.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0", image
        )
    )
    drawn = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        fetch(arguments[0].src).then(r => r.text())
          .then(t => done(new Set(t.match(/id="mark-[0-9]+"/g) || []).size));
    """,
        image,
    )
    assert drawn == int(image.get_attribute("data-marks")) > 0
    browser.save_screenshot(str(artifacts / "entity-body-chart.png"))
    assert foreign(requested_urls(browser), server) == []
    assert script_errors(browser) == []
