"""Hypothesis strategies for hostile HTTP requests: queries, parameters, headers, bodies, paths.

Queries come from a small SPARQL grammar (valid and nearly valid) and from mutations of the
project's competency queries (queries/*.rq), so the engine sees both deep real queries and
their broken neighbours.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"
COMPETENCY = tuple(p.read_text(encoding="utf-8") for p in sorted(QUERIES_DIR.glob("*.rq")))

# -- a grammar-ish SPARQL generator ---------------------------------------------------------------

VARIABLES = st.sampled_from(["?s", "?p", "?o", "?x", "$y", "?n", "?g", "?long_variable_name"])
IRIS = st.sampled_from(
    [
        "<http://example.org/alice>",
        "<http://example.org/knows>",
        "<urn:p:next>",
        "<urn:n:1>",
        "<http://www.w3.org/2000/01/rdf-schema#label>",
        "<>",
        "<#frag>",
        "<relative/iri>",
        "rdfs:label",
        "ex:knows",
        "a",
        "<file:///etc/passwd>",
        "<http://127.0.0.1:1/x>",
    ]
)
LITERALS = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=False).map(repr).filter(lambda s: "inf" not in s),
    st.text(max_size=20).map(
        lambda t: (
            '"'
            + t.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            + '"'
        )
    ),
    st.sampled_from(
        [
            '"x"@en',
            '"x"@not-a-valid-tag-',
            '"abc"^^<http://www.w3.org/2001/XMLSchema#integer>',
            '"1"^^xsd:boolean',
            "true",
            '"""multi\nline"""',
            "'single'",
            '"\\u0000"',
            '"\\U0010FFFF"',
        ]
    ),
)
FUNCTIONS = st.sampled_from(
    [
        "STR",
        "LANG",
        "DATATYPE",
        "BOUND",
        "IRI",
        "BNODE",
        "STRLEN",
        "UCASE",
        "LCASE",
        "ABS",
        "CEIL",
        "ROUND",
        "isIRI",
        "isLiteral",
        "ENCODE_FOR_URI",
        "MD5",
        "SHA512",
        "YEAR",
        "STRUUID",
        "xsd:integer",
        "xsd:dateTime",
        "xsd:double",
        "<http://example.org/unknown-function>",
    ]
)
TERMS = st.one_of(VARIABLES, IRIS, LITERALS)


def expressions() -> st.SearchStrategy[str]:
    return st.recursive(
        TERMS,
        lambda inner: st.one_of(
            st.tuples(
                inner,
                st.sampled_from(
                    ["+", "-", "*", "/", "=", "!=", "<", ">=", "&&", "||", "IN", "NOT IN"]
                ),
                inner,
            ).map(
                lambda t: (
                    f"({t[0]} {t[1]} {t[2]})" if "IN" not in t[1] else f"({t[0]} {t[1]} ({t[2]}))"
                )
            ),
            st.tuples(FUNCTIONS, inner).map(lambda t: f"{t[0]}({t[1]})"),
            st.tuples(inner, inner).map(lambda t: f"REGEX(STR({t[0]}), STR({t[1]}))"),
            st.tuples(inner, inner).map(lambda t: f"CONCAT({t[0]}, {t[1]})"),
            st.tuples(inner, inner, inner).map(lambda t: f"IF({t[0]}, {t[1]}, {t[2]})"),
            st.tuples(inner, inner).map(lambda t: f"COALESCE({t[0]}, {t[1]})"),
            inner.map(lambda e: f"!{e}"),
        ),
        max_leaves=8,
    )


PATHS = st.recursive(
    IRIS.filter(lambda i: i != "a" and i != "<>"),
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda t: f"({t[0]}|{t[1]})"),
        st.tuples(inner, inner).map(lambda t: f"({t[0]}/{t[1]})"),
        st.tuples(inner, st.sampled_from(["*", "+", "?"])).map(lambda t: f"({t[0]}){t[1]}"),
        inner.map(lambda p: f"^{p}"),
        inner.map(lambda p: f"!({p})"),
    ),
    max_leaves=4,
)


def group_patterns() -> st.SearchStrategy[str]:
    triple = st.tuples(st.one_of(VARIABLES, IRIS), st.one_of(VARIABLES, IRIS, PATHS), TERMS).map(
        lambda t: f"{t[0]} {t[1]} {t[2]} ."
    )
    leaf = st.one_of(
        triple,
        expressions().map(lambda e: f"FILTER({e})"),
        st.tuples(expressions(), VARIABLES).map(lambda t: f"BIND({t[0]} AS {t[1]})"),
        st.tuples(VARIABLES, st.lists(TERMS, max_size=4)).map(
            lambda t: f"VALUES {t[0]} {{ {' '.join(t[1])} }}"
        ),
    )
    return st.recursive(
        st.lists(leaf, min_size=0, max_size=4).map(" ".join),
        lambda inner: st.one_of(
            st.tuples(inner, inner).map(lambda t: f"{{ {t[0]} }} UNION {{ {t[1]} }}"),
            inner.map(lambda g: f"OPTIONAL {{ {g} }}"),
            inner.map(lambda g: f"MINUS {{ {g} }}"),
            st.tuples(VARIABLES, inner).map(lambda t: f"GRAPH {t[0]} {{ {t[1]} }}"),
            inner.map(lambda g: f"FILTER NOT EXISTS {{ {g} }}"),
            inner.map(lambda g: f"{{ SELECT * WHERE {{ {g} }} LIMIT 5 }}"),
            st.tuples(inner, inner).map(" ".join),
        ),
        max_leaves=6,
    )


@st.composite
def grammar_queries(draw: st.DrawFn) -> str:
    """A SPARQL query from the grammar: mostly valid, sometimes not (unknown prefixes, ...)."""
    prologue = draw(
        st.sampled_from(
            [
                "",
                "PREFIX ex: <http://example.org/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-"
                "schema#>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n",
                "BASE <http://x/>\n",
            ]
        )
    )
    where = draw(group_patterns())
    form = draw(
        st.sampled_from(
            [
                "SELECT",
                "SELECT DISTINCT",
                "ASK",
                "CONSTRUCT",
                "DESCRIBE",
                "SELECT (COUNT(*) AS ?c)",
                "SELECT ?s (SAMPLE(?o) AS ?x)",
            ]
        )
    )
    modifiers = draw(
        st.sampled_from(
            [
                "",
                " LIMIT 10",
                " ORDER BY ?s",
                " GROUP BY ?s",
                " OFFSET 3 LIMIT 2",
                " LIMIT -1",
                " ORDER BY DESC(?o)",
            ]
        )
    )
    if form == "ASK":
        return f"{prologue}ASK {{ {where} }}"
    if form == "CONSTRUCT":
        return f"{prologue}CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}{modifiers}"
    if form == "DESCRIBE":
        return f"{prologue}DESCRIBE ?s WHERE {{ {where} }}{modifiers}"
    projection = "" if "(" in form else " *"
    return f"{prologue}{form}{projection} WHERE {{ {where} }}{modifiers}"


@st.composite
def mutated_queries(draw: st.DrawFn) -> str:
    """A competency query, cut, spliced, with characters inserted or doubled."""
    text = draw(st.sampled_from(COMPETENCY))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 40)))
        operation = draw(st.sampled_from(["delete", "insert", "duplicate", "truncate", "swap"]))
        if operation == "delete":
            text = text[:i] + text[j:]
        elif operation == "insert":
            junk = draw(
                st.one_of(
                    st.text(max_size=8),
                    st.sampled_from(
                        [
                            "{",
                            "}",
                            "(",
                            ")",
                            "\\u00",
                            "\\U0000",
                            "\\",
                            '"',
                            "'",
                            "<",
                            "#",
                            "\x00",
                            "\ud7ff",
                            "SERVICE <http://x/>",
                            "?",
                            "$",
                            ";",
                        ]
                    ),
                )
            )
            text = text[:i] + junk + text[i:]
        elif operation == "duplicate":
            text = text[:j] + text[i:j] * draw(st.integers(2, 6)) + text[j:]
        elif operation == "truncate":
            text = text[:i]
        else:
            text = text[:i] + text[j:] + text[i:j]
    return text


QUERIES = st.one_of(grammar_queries(), mutated_queries(), st.text(max_size=200))

# -- requests -------------------------------------------------------------------------------------

METHODS = st.sampled_from(
    ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "TRACE"]
)
PATH_PARTS = st.sampled_from(
    [
        "/sparql",
        "/id/",
        "/id/authority/landeshauptstadt-dresden",
        "/vocab/",
        "/vocab/platform/x",
        "/ontology",
        "/ontology.ttl",
        "/dumps/",
        "/dumps/SHA256SUMS",
        "/static/",
        "/static/site.css",
        "/ui",
        "/matrix",
        "/timeline",
        "/health",
        "/.well-known/void",
        "/",
        "/..",
        "/%2e%2e/",
        "/id/..%2f..%2f",
        "/dumps/../../etc/passwd",
        "/static/../",
        "/%ff",
        "/%",
        "/%zz",
        "/ä/€",
        "/\u202e",
        "//",
        "/sparql/",
        "/SPARQL",
    ]
)
PATHS_RANDOM = st.tuples(
    PATH_PARTS,
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
).map(lambda t: t[0] + t[1])
MEDIA = st.sampled_from(
    [
        "*/*",
        "text/html",
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
        "image/png",
        "text/*",
        "application/*",
        "",
        ";",
        "*/*;q=x",
        "text/html;q=0",
        "text/turtle;q=0.5, */*;q=0.1",
        "x" * 5000,
        "text/csv;charset=utf-16",
        ",,,,",
        "a/b/c",
        "\u00e4/\u00f6",
    ]
)
ACCEPT = st.lists(MEDIA, max_size=4).map(", ".join)
CHARSETS = st.sampled_from(
    [
        "utf-8",
        "UTF8",
        "latin-1",
        "utf-16",
        "utf-32",
        "ascii",
        "",
        '"utf-8"',
        "x-unknown",
        "utf-8; charset=latin-1",
        "ебц",
    ]
)
CONTENT_TYPES = st.one_of(
    st.tuples(
        st.sampled_from(
            [
                "application/x-www-form-urlencoded",
                "application/sparql-query",
                "application/sparql-update",
                "text/plain",
                "multipart/form-data",
                "application/json",
                "",
            ]
        ),
        CHARSETS,
    ).map(lambda t: f"{t[0]}; charset={t[1]}" if t[1] else t[0]),
    st.just("multipart/form-data; boundary=x"),
    st.text(max_size=40),
)
PARAM_NAMES = st.sampled_from(
    [
        "query",
        "format",
        "default-graph-uri",
        "named-graph-uri",
        "update",
        "using-graph-uri",
        "as_of",
        "from",
        "to",
        "platform",
        "authority",
        "q",
        "",
        "query[]",
        "%ff",
    ]
)
PARAM_VALUES = st.one_of(
    QUERIES,
    st.text(max_size=50),
    MEDIA,
    st.sampled_from(
        [
            "json",
            "xml",
            "csv",
            "turtle",
            "nt",
            "jsonld",
            "2024-01-01",
            "9999-99-99",
            "-1",
            "0" * 500,
        ]
    ),
)
PARAMS = st.lists(st.tuples(PARAM_NAMES, PARAM_VALUES), max_size=4)
BODIES = st.one_of(
    st.binary(max_size=300),
    QUERIES.map(lambda q: q.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b"query=%ff%fe",
            b"query=%",
            b"query=%zz",
            b"query=" + b"%c3" * 50,
            b"\xef\xbb\xbfSELECT * {}",
            b"\xff\xfeS\x00E\x00",
            b"query=ASK{}&query=ASK{}",
            b"&" * 2000,
            b"=" * 100,
            b"update=CLEAR ALL",
            b"query=ASK%20%7B%7D%00",
        ]
    ),
)
EXTRA_HEADERS = st.dictionaries(
    st.sampled_from(
        [
            "If-None-Match",
            "If-Modified-Since",
            "Accept-Encoding",
            "Accept-Language",
            "Origin",
            "Access-Control-Request-Method",
            "Range",
            "X-Forwarded-For",
            "X-Forwarded-Host",
            "Cookie",
            "Content-Encoding",
        ]
    ),
    st.one_of(
        st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
        st.sampled_from(
            [
                "gzip",
                "br;q=x",
                "*",
                'W/"x"',
                "Thu, 01 Jan 1970 00:00:00 GMT",
                "bytes=0-1,5-",
                "bytes=99999999-",
                "x" * 4000,
            ]
        ),
    ),
    max_size=3,
)
