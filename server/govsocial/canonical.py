"""Write data files in one canonical Turtle form, so that diffs show facts, not formatting.

The form is rdflib's ``longturtle`` (one subject block per node, one object per line), with a
fixed prefix table and the file's leading comment block kept above it. Comments further down are
not kept (the parser drops them), so a file says what it holds in its header. rdflib sorts
subjects, predicates and objects by term; `canonical_text` also checks that its output is a fixed
point (read back and written again, it is unchanged), so that a change in rdflib cannot make
``govsocial format --check`` flap unnoticed. The tests check independence of the input order.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rdflib import Graph

from govsocial.namespaces import BASE, PREFIXES
from govsocial.paths import data_dir, rdf_files
from govsocial.rdfio import RDFInputError, check_syntax, read_bytes

# One prefix per instance type and per vocabulary scheme: a prefixed name cannot hold "/" in
# its local part, and `decision:dresden-x-stop-posting-2024-02` reads better than a full IRI.
ID_TYPES = (
    "authority", "campaign", "channel", "claim", "decision", "observation", "organisation",
    "person", "post", "source", "statement",
)
VOCAB_SCHEMES = {
    "action": "action",
    "authoritykind": "authority-kind",
    "contenttype": "content-type",
    "dateprecision": "date-precision",
    "decisionmode": "decision-mode",
    "modality": "modality",
    "platform": "platform",
    "purpose": "purpose",
    "reason": "reason",
    "role": "role",
    "sourcetype": "source-type",
    "speechmode": "speech-mode",
}
CANONICAL_PREFIXES: dict[str, str] = {
    **PREFIXES,
    **{kind: f"{BASE}id/{kind}/" for kind in ID_TYPES},
    **{prefix: f"{BASE}vocab/{scheme}/" for prefix, scheme in VOCAB_SCHEMES.items()},
}


class NotDeterministicError(RuntimeError):
    """The serializer gave different text for the same graph."""


def leading_comments(text: str) -> list[str]:
    """Return the comment lines at the top of a Turtle text (blank lines inside kept)."""
    block: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            block.append(line.rstrip())
        elif stripped == "" and block:
            block.append("")
        elif stripped:
            break
    while block and block[-1] == "":
        block.pop()
    return block


def serialize_graph(graph: Graph) -> str:
    """Serialize a graph as longturtle with the canonical prefix table."""
    out = Graph(bind_namespaces="none")
    for prefix, namespace in CANONICAL_PREFIXES.items():
        out.bind(prefix, namespace, override=True, replace=True)
    for triple in graph:
        out.add(triple)
    return out.serialize(format="longturtle").strip() + "\n"


def _parse(text: str, path: Path) -> Graph:
    graph = Graph(bind_namespaces="none")
    graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    return graph


def canonical_text(path: Path) -> str:
    """Return the canonical text of a Turtle file: its comment header, then longturtle.

    Raises RDFInputError (file, line, column) when the file cannot be read or parsed.
    """
    path = Path(path)
    if path.suffix.lower() != ".ttl":
        raise RDFInputError(path, "only Turtle (.ttl) files have a canonical form")
    data = read_bytes(path)
    check_syntax(path, data)
    text = data.decode("utf-8")
    body = serialize_graph(_parse(text, path))
    # The output, read back and written again, must not change: this catches any order that
    # rdflib would take from the input rather than from the terms themselves.
    if serialize_graph(_parse(body, path)) != body:
        raise NotDeterministicError(f"{path}: longturtle output is not stable")
    header = leading_comments(text)
    return ("\n".join(header) + "\n\n" if header else "") + body


def is_canonical(path: Path) -> bool:
    """Tell whether a file's text equals its canonical text."""
    return read_bytes(Path(path)).decode("utf-8") == canonical_text(path)


@click.command("format")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 listing files not canonical.")
def format_command(paths: tuple[Path, ...], check: bool) -> None:
    """Rewrite Turtle data files in canonical form (default: every file in data/).

    Exit codes: 0 all canonical (or rewritten), 1 with --check when a file is not canonical,
    2 when a file cannot be read or parsed.
    """
    # Folders expand to their Turtle files; a file named explicitly is always checked, so a
    # wrong suffix is reported rather than skipped.
    files: list[Path] = []
    for root in paths or (data_dir(),):
        files.extend(rdf_files(root, suffixes={".ttl"}) if root.is_dir() else [root])
    not_canonical: list[Path] = []
    unreadable = False
    for path in files:
        try:
            wanted = canonical_text(path)
            current = read_bytes(path).decode("utf-8", errors="replace")
        except RDFInputError as error:
            click.echo(f"error: {error}", err=True)
            unreadable = True
            continue
        if current == wanted:
            continue
        if check:
            not_canonical.append(path)
            click.echo(f"not canonical: {path}")
        else:
            path.write_text(wanted, encoding="utf-8")
            click.echo(f"formatted: {path}")
    if unreadable:
        sys.exit(2)
    if not_canonical:
        click.echo(
            f"{len(not_canonical)} file(s) not canonical; run `govsocial format` to fix", err=True
        )
        sys.exit(1)
