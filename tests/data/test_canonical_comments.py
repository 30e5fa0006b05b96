"""The canonical form keeps a file's comments and its own prefixes (issue 13)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from govsocial.endpoint.rdf_input import RDFInputError
from govsocial.graph import canonical
from govsocial.graph.canonical import canonical_text, format_command, serialize_graph
from govsocial.graph.turtle_comments import read_layout

PREFIXES = """\
@prefix gso: <https://w3id.org/govsocial/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
A = """\
# About a: first line,
# second line.
<https://w3id.org/govsocial/id/authority/a> a gso:Authority ; rdfs:label "A" .
"""
B = """\
# About b.
<https://w3id.org/govsocial/id/authority/b> a gso:Authority ; rdfs:label "B" .
"""
C = """\
# About c.
<https://w3id.org/govsocial/id/authority/c> a gso:Authority ; rdfs:label "C" .
"""

# Every kind of place a comment can be, and `#` where it is no comment at all.
TRICKY = """\
# The header.

@prefix ex: <http://example.org/> . # said of the prefix: joins the header

# A section title, a blank line above its block: attached to the block below.

# Directly above ex:b.
ex:b ex:page <http://example.org/page#fragment> ;
    # inside ex:b, between its predicates
    ex:note "a # in a short string" , 'single # quoted' ;  # after a predicate
    ex:long \"\"\"long string
# this line is in the string\"\"\" , '''also # long''' ;
    ex:escaped "quote \\" # then hash" ;
    ex:name ex:with\\#hash .  # after ex:b's final dot

# Directly above ex:a.
ex:a ex:p ex:b .

[ ex:p ex:a ] ex:p "a blank node" .  # of a blank node: no name to find it by
# At the end of the file.
"""
TRICKY_COMMENTS = [
    "# The header.",
    "# said of the prefix: joins the header",
    "# A section title, a blank line above its block: attached to the block below.",
    "# Directly above ex:b.",
    "# inside ex:b, between its predicates",
    "# after a predicate",
    "# after ex:b's final dot",
    "# Directly above ex:a.",
    "# of a blank node: no name to find it by",
    "# At the end of the file.",
]
EX = "http://example.org/"
AUTHORITY = "https://w3id.org/govsocial/id/authority/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def write(folder: Path, text: str, name: str = "sample.ttl") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def comments_of(text: str) -> list[str]:
    """The comments of a Turtle text in file order, as the scanner finds them."""
    layout = read_layout(text)
    in_blocks = [comment for statement in layout.statements for comment in statement.comments]
    return [comment.text for comment in layout.header + in_blocks + layout.trailer]


def line_above(text: str, subject: str) -> str:
    lines = text.splitlines()
    return lines[lines.index(subject) - 1]


def test_comments_above_blocks_survive_reordering(tmp_path: Path) -> None:
    outputs = set()
    for order in itertools.permutations([A, B, C]):
        text = canonical_text(write(tmp_path, PREFIXES + "\n".join(order)))
        outputs.add(text)
        assert text.index("authority:a") < text.index("authority:b") < text.index("authority:c")
        assert line_above(text, "authority:a") == "# second line."
        assert "# About a: first line,\n# second line.\nauthority:a\n" in text
        assert line_above(text, "authority:b") == "# About b."
        assert line_above(text, "authority:c") == "# About c."
    assert len(outputs) == 1, "the canonical text depends on the input order"


def test_every_comment_is_kept_and_placed(tmp_path: Path) -> None:
    text = canonical_text(write(tmp_path, TRICKY))
    assert comments_of(text) == [
        "# The header.",
        "# said of the prefix: joins the header",
        "# Directly above ex:a.",
        "# A section title, a blank line above its block: attached to the block below.",
        "# Directly above ex:b.",
        "# inside ex:b, between its predicates",
        "# after a predicate",
        "# after ex:b's final dot",
        "# of a blank node: no name to find it by",
        "# At the end of the file.",
    ]
    assert text.startswith("# The header.\n\n# said of the prefix: joins the header\n\nPREFIX ")
    assert line_above(text, "ex:a") == "# Directly above ex:a."
    assert line_above(text, "ex:b") == "# after ex:b's final dot"
    assert text.endswith(
        "\n.\n\n# of a blank node: no name to find it by\n# At the end of the file.\n"
    )


def test_without_directives_the_top_comments_are_header_or_first_blocks(tmp_path: Path) -> None:
    text = canonical_text(
        write(
            tmp_path,
            f"""\
# The header, a blank line below it.

# Directly above b, the first block.
<{AUTHORITY}b> <{LABEL}> "B" .
# Directly above a.
<{AUTHORITY}a> <{LABEL}> "A" .
""",
        )
    )
    assert text.startswith("# The header, a blank line below it.\n\nPREFIX ")
    assert line_above(text, "authority:b") == "# Directly above b, the first block."
    assert line_above(text, "authority:a") == "# Directly above a."


def test_hash_in_iris_strings_and_names_is_not_a_comment(tmp_path: Path) -> None:
    assert comments_of(TRICKY) == TRICKY_COMMENTS
    path = write(tmp_path, TRICKY)
    text = canonical_text(path)
    assert sorted(comments_of(text)) == sorted(TRICKY_COMMENTS)
    # the literals and IRIs holding `#` are what they were
    before = Graph().parse(path, format="turtle")
    after = Graph().parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    assert isomorphic(after, before)
    b = URIRef(EX + "b")
    assert set(after.objects(b, URIRef(EX + "note"))) == {
        Literal("a # in a short string"),
        Literal("single # quoted"),
    }
    assert set(after.objects(b, URIRef(EX + "long"))) == {
        Literal("long string\n# this line is in the string"),
        Literal("also # long"),
    }
    assert after.value(b, URIRef(EX + "escaped")) == Literal('quote " # then hash')
    assert after.value(b, URIRef(EX + "page")) == URIRef(EX + "page#fragment")
    assert after.value(b, URIRef(EX + "name")) == URIRef(EX + "with#hash")


def test_file_prefix_keeps_its_name(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
@prefix ex: <http://example.org/vocab/> .
@prefix unused: <http://unused.example.org/> .
@prefix g: <https://w3id.org/govsocial/ontology#> .
ex:thing a g:Authority ; ex:size 3 .
""",
    )
    text = canonical_text(path)
    assert "PREFIX ex: <http://example.org/vocab/>\n" in text
    assert "\nex:thing\n" in text
    assert "ns1" not in text
    assert "unused" not in text, "an unused prefix is dropped"
    assert "a gso:Authority" in text, "the project's name wins for the project's namespace"


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ("@prefix gso: <http://example.org/other#> .", "'gso:' is the project's prefix for"),
        ("@prefix ex: <http://example.org/two/> .", "'ex:' is declared again"),
    ],
)
def test_conflicting_prefix_is_refused_with_line(
    tmp_path: Path, declaration: str, message: str
) -> None:
    path = write(
        tmp_path,
        f"""\
# header
@prefix ex: <http://example.org/one/> .
ex:a ex:p ex:b .
{declaration}
ex:c ex:p ex:d .
""",
    )
    with pytest.raises(RDFInputError) as caught:
        canonical_text(path)
    assert caught.value.line == 4
    assert message in caught.value.message
    assert "name" in caught.value.message  # says what to do: use (another) name
    result = CliRunner().invoke(format_command, ["--check", str(path)])
    assert result.exit_code == 2
    assert f"{path}: line 4: prefix" in result.output


@pytest.mark.parametrize("text", [TRICKY, PREFIXES + C + A + B])
def test_canonical_text_with_comments_is_a_fixed_point(tmp_path: Path, text: str) -> None:
    once = canonical_text(write(tmp_path, text))
    assert canonical_text(write(tmp_path, once)) == once


def test_format_check_passes_on_a_file_that_lost_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, TRICKY)
    runner = CliRunner()
    checked = runner.invoke(format_command, ["--check", str(path)])
    assert checked.exit_code == 1
    assert f"not canonical: {path}" in checked.output
    assert runner.invoke(format_command, [str(path)]).exit_code == 0
    formatted = path.read_text(encoding="utf-8")
    assert sorted(comments_of(formatted)) == sorted(TRICKY_COMMENTS)
    again = runner.invoke(format_command, ["--check", str(path)])
    assert again.exit_code == 0, again.output
    assert path.read_text(encoding="utf-8") == formatted


def test_output_that_changes_when_written_again_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = itertools.count()
    serialize = canonical.serialize_graph
    monkeypatch.setattr(
        canonical,
        "serialize_graph",
        lambda graph, prefixes: serialize(graph, prefixes) + f"<{EX}s> <{EX}run> {next(runs)} .\n",
    )
    with pytest.raises(canonical.NotDeterministicError):
        canonical_text(write(tmp_path, TRICKY))


# -- property: the scanner finds no comment in rdflib's text of any literal, and one block each --

TEXTS = st.text(alphabet=st.sampled_from(list("ab #\"'\\\n\r\t<>.;,[]()")), max_size=20)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), TEXTS), min_size=1, max_size=6))
def test_scanner_reads_any_literal_whole(pairs: list[tuple[str, str]]) -> None:
    graph = Graph()
    for subject, text in pairs:
        graph.add((URIRef(AUTHORITY + subject), URIRef(LABEL), Literal(text)))
    written = serialize_graph(graph)
    layout = read_layout(written)
    assert comments_of(written) == []
    assert [statement.subject for statement in layout.statements] == [
        f"authority:{subject}" for subject in sorted({subject for subject, _ in pairs})
    ]
