"""The query UI page: vendored YASGUI, our endpoint, the competency queries as named tabs."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask.testing import FlaskClient

from govsocial.site.views.ui import load_examples, read_example


def ui_config(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="ui-config">(.*?)</script>', html, re.S)
    assert match, "no UI configuration in the page"
    return json.loads(match.group(1))


def test_examples_are_the_competency_queries(client: FlaskClient, project_root: Path) -> None:
    html = client.get("/ui").get_data(as_text=True)
    config = ui_config(html)
    files = sorted((project_root / "queries").glob("*.rq"))
    assert len(config["examples"]) == len(files) == 29  # 22-29: the wider graph (issue 14)
    first = config["examples"][0]
    assert first["name"] == (
        "Which authorities stopped posting on X, when, and with what stated reasons?"
    )
    assert first["query"] == files[0].read_text(encoding="utf-8")
    assert all(
        not e["name"].startswith("#") and e["name"].endswith("?") for e in config["examples"]
    )


def test_endpoint_is_ours_and_nothing_loads_from_elsewhere(client: FlaskClient) -> None:
    html = client.get("/ui", base_url="http://localhost:8080").get_data(as_text=True)
    assert ui_config(html)["endpoint"] == "http://localhost:8080/sparql"
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/yasgui/yasgui.min.js" in sources
    assert "/static/vendor/yasgui/yasgui.min.css" in sources
    assert [
        s
        for s in sources
        if s.startswith(("http:", "https:", "//")) and "creativecommons.org/licenses" not in s
    ] == []
    # the LOV completers are removed and prefix.cc is never configured
    assert "delete Yasqe.Autocompleters.property" in html
    assert "prefixCcApi = null" in html


def test_vendored_files_are_served(client: FlaskClient) -> None:
    with client.get("/static/vendor/yasgui/yasgui.min.js") as script:
        assert script.status_code == 200
        assert b"Yasgui" in script.data[:2000]
    for path in ("/static/vendor/yasgui/yasgui.min.css", "/static/views.css"):
        with client.get(path) as response:  # closed: the file handle must not leak
            assert response.status_code == 200


def test_shared_query_is_shown_without_javascript(client: FlaskClient) -> None:
    page = client.get("/ui", query_string={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"})
    text = page.get_data(as_text=True)
    assert "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1" in text
    assert "/sparql?query=SELECT%20%3Fs" in text


def test_examples_reread_when_a_file_changes(tmp_path: Path) -> None:
    (tmp_path / "02-b.rq").write_text("# Question: Second?\nASK {}\n", encoding="utf-8")
    (tmp_path / "01-a.rq").write_text("# no question line\nASK {}\n", encoding="utf-8")
    names = [e.name for e in load_examples(tmp_path)]
    assert names == ["01-a", "Second?"]
    (tmp_path / "03-c.rq").write_text("# Question: Third?\nASK {}\n", encoding="utf-8")
    assert [e.name for e in load_examples(tmp_path)][-1] == "Third?"
    assert load_examples(tmp_path / "missing") == ()
    assert read_example(tmp_path / "02-b.rq").file == "02-b.rq"
