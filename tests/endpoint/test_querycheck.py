"""The query text check: escapes, SERVICE detection, size and nesting limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsocial.endpoint.serving.querycheck import Limits, check_query, mask, unescape
from govsocial.endpoint.store.errors import QueryRefused

ALLOWED = "http://allowed.example/sparql"
LIMITS = Limits(service_allowlist=frozenset({ALLOWED}))

REFUSED_SERVICE = {
    "plain": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "lower case": "select * { service <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "silent": "SELECT * { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "u escape": r"SELECT * { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "U escape": r"SELECT * { \U00000053\U00000045RVICE <http://127.0.0.1:9/> { } }",
    "escaped IRI": r"SELECT * { SERVICE \u003Chttp://127.0.0.1:9/> { } }",
    "after a dot": "SELECT * { ?s ?p ?o .SERVICE <http://127.0.0.1:9/> { } }",
    "after a comment": "SELECT * { # note\nSERVICE <http://127.0.0.1:9/> { } }",
    "after a string": 'SELECT * { ?s ?p "x" SERVICE <http://127.0.0.1:9/> { } }',
    "variable endpoint": "SELECT * { BIND(<http://127.0.0.1:9/> AS ?e) SERVICE ?e { } }",
    "prefixed endpoint": "PREFIX e: <http://127.0.0.1:9/> SELECT * { SERVICE e:x { } }",
    "relative IRI": "BASE <http://127.0.0.1:9/> SELECT * { SERVICE <sparql> { } }",
    # a local-name escape `\'` is not the start of a string: what follows is code
    "name escape quote": "PREFIX ex: <http://e/> SELECT * { ?s ex:a\\' SERVICE <http://h/> {} }",
    "name escape hash": "PREFIX ex: <http://e/> SELECT * { ?s ex:a\\# SERVICE <http://h/> {} }",
    "unknown prefix": "SELECT * { SERVICE nope:x { } }",
    "string made by escape": r'SELECT * { ?s ?p "\u0022 . SERVICE <http://127.0.0.1:9/> {} #" }',
}


@pytest.mark.parametrize("query", REFUSED_SERVICE.values(), ids=REFUSED_SERVICE.keys())
def test_service_refused(query: str) -> None:
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(query, LIMITS)


NOT_SERVICE = {
    "in a string": 'SELECT * { ?s ?p "SERVICE <http://127.0.0.1:9/> {}" }',
    "in a long string": "SELECT * { ?s ?p '''x\nSERVICE <http://127.0.0.1:9/> {}''' }",
    "in a comment": "SELECT * { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> {}",
    "in an IRI": "SELECT * { ?s <http://e/SERVICE> ?o }",
    "a variable": "SELECT ?service { ?service ?p ?o }",
    "a prefixed name": "PREFIX ex: <http://e/> SELECT * { ?s ex:SERVICE ?o }",
    "a prefix": "PREFIX service: <http://e/> SELECT * { ?s service:x ?o }",
}


@pytest.mark.parametrize("query", NOT_SERVICE.values(), ids=NOT_SERVICE.keys())
def test_service_word_elsewhere_is_fine(query: str) -> None:
    assert check_query(query, LIMITS) == query


def test_allowlisted_service_passes_by_iri_and_by_prefixed_name() -> None:
    assert check_query(f"SELECT * {{ SERVICE <{ALLOWED}> {{ }} }}", LIMITS)
    assert check_query(
        "PREFIX a: <http://allowed.example/> SELECT * { SERVICE SILENT a:sparql { } }", LIMITS
    )


def test_refusal_says_where_and_what() -> None:
    with pytest.raises(QueryRefused) as caught:
        check_query("SELECT * {\n  SERVICE <http://127.0.0.1:9/> { } }", Limits())
    assert "line 2, column 3" in caught.value.message
    assert "<http://127.0.0.1:9/>" in caught.value.message


def test_engine_gets_the_unescaped_text() -> None:
    # the engine (pyoxigraph) does not unescape: it must receive what was checked
    assert check_query(r'SELECT ("caf\u00E9" AS ?x) {}', LIMITS) == 'SELECT ("café" AS ?x) {}'


@pytest.mark.parametrize("escape", [r"\uD800", r"\U00110000"])
def test_impossible_code_points_refused(escape: str) -> None:
    with pytest.raises(QueryRefused, match="code point"):
        unescape(f'SELECT ("{escape}" AS ?x) {{}}')


def test_deep_nesting_refused_before_the_engine() -> None:
    query = "SELECT * { " + "{" * 3000 + "}" * 3000 + " }"
    with pytest.raises(QueryRefused, match="too complex: brackets nested 3001 deep"):
        check_query(query, Limits())


def test_nesting_inside_strings_does_not_count() -> None:
    query = 'SELECT * { ?s ?p "' + "{" * 500 + '" }'
    assert check_query(query, Limits()) == query


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { FILTER(" + "1+" * 3000 + "1 > 0) }",
        "SELECT * { ?s ?p ?o " + "MINUS { ?s ?p ?o } " * 2500 + "}",
        "SELECT * { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(2500)) + " }",
    ],
    ids=["operator chain", "MINUS chain", "BIND chain"],
)
def test_long_chains_refused(query: str) -> None:
    with pytest.raises(QueryRefused, match="operators and group elements"):
        check_query(query, Limits())


def test_long_values_block_is_fine() -> None:
    query = "SELECT * { VALUES ?x { " + " ".join(str(i) for i in range(10_000)) + " } }"
    assert check_query(query, Limits())


def test_length_limit() -> None:
    with pytest.raises(QueryRefused, match="at most 100"):
        check_query("SELECT * {}" + " " * 100, Limits(max_length=100))


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_mask_keeps_length_and_lines(text: str) -> None:
    masked = mask(text)
    assert len(masked) == len(text)
    # positions in messages stay right: same lines, same columns
    assert [len(line) for line in masked.split("\n")] == [len(line) for line in text.split("\n")]


_PIECES = st.sampled_from(
    [
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        "+",
        "-",
        "*",
        "/",
        "!",
        "|",
        "||",
        "&&",
        "^",
        " ",
        "\n",
        '"',
        "'",
        "<",
        ">",
        "#",
        "\\",
        "a",
        "?x",
        "MINUS",
        "FILTER",
        "SELECT",
        "service",
        "ex:",
        "SERVICE",
        "Optional",
        "bind",
        "UNION",
        "graph",
        "EXISTS",
        "_",
        ":",
        "$",
        "\\u0053",
    ]
)


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_the_shortcut_never_admits_what_the_full_check_refuses(text: str) -> None:
    """check_query skips masking when cheap bounds show a query is far below every limit; with
    small limits random texts land on both sides, and an accepted one must pass the full
    check (mask, then count) too."""
    from govsocial.endpoint.serving import querycheck

    limits = Limits(max_depth=3, max_elements=12)
    try:
        check_query(text, limits)
    except QueryRefused:
        return
    code = mask(unescape(text))
    assert querycheck._depth(code) <= limits.max_depth
    assert len(querycheck._ELEMENTS.findall(code)) <= limits.max_elements
    assert not querycheck._SERVICE.search(code)


def test_the_competency_queries_skip_masking() -> None:
    """The competency and bench queries, 1-3 kB with their PREFIX lines, are admitted by the
    cheap bounds alone (masking such a query costs about 0.5 ms, paid on every request)."""
    from govsocial.endpoint.serving import querycheck

    root = Path(__file__).resolve().parents[2]
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("queries/*.rq"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(root.glob("bench/queries/*.rq"))]
    assert len(texts) >= 30
    assert any(len(text) > Limits().max_elements for text in texts)
    assert all(querycheck._far_below_limits(text, Limits()) for text in texts)
