"""Write data files in one canonical Turtle form, so that diffs show facts, not formatting.

The form is rdflib's ``longturtle`` (one subject block per node, one object per line). rdflib
sorts subjects, predicates and objects by term, so the text does not depend on the input order.
What rdflib's parser drops, the file's comments, `turtle_comments` finds and puts back: the
header at the top, each block's comments directly above its block, the rest at the end.

Prefixes: the project's table (`CANONICAL_PREFIXES`) names its namespaces everywhere; a prefix a
file declares for another namespace keeps its name (so `ex:` is not renamed `ns1:`). rdflib
writes only the prefixes the text uses, so an unused declaration is dropped. A file that uses a
project prefix name for a different namespace is refused with file and line (renaming it
silently would change what the reader sees), as is a file that gives one name two namespaces.
Two names the file gives one namespace: the project's name wins, else the first in sort order.

`canonical_text` checks that its output is a fixed point (read back and written again, it is
unchanged), so that a change in rdflib cannot make ``govsocial format --check`` flap unnoticed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rdflib import Graph

from govsocial.endpoint.rdf_input import RDFInputError, check_syntax, rdf_files, read_bytes
from govsocial.graph.namespaces import BASE, PREFIXES
from govsocial.graph.paths import data_dir
from govsocial.graph.turtle_comments import prefix_declarations, read_layout, with_comments

# One prefix per instance type and per vocabulary scheme: a prefixed name cannot hold "/" in
# its local part, and `decision:dresden-x-stop-posting-2024-02` reads better than a full IRI.
ID_TYPES = (
    "authority",
    "campaign",
    "channel",
    "claim",
    "decision",
    "declaration",
    "observation",
    "organisation",
    "person",
    "post",
    "proposal",
    "source",
    "statement",
)
VOCAB_SCHEMES = {
    "action": "action",
    "authoritykind": "authority-kind",
    "contenttype": "content-type",
    "dateprecision": "date-precision",
    "datequalifier": "date-qualifier",
    "decisionmode": "decision-mode",
    "governmentlevel": "government-level",
    "modality": "modality",
    "platform": "platform",
    "proposalstatus": "proposal-status",
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


def output_prefixes(path: Path, declared: list[tuple[str, str, int]]) -> dict[str, str]:
    """Return the project's prefix table plus the file's own prefixes for other namespaces.

    `declared` holds (name, namespace, line) as the file declares them; a clash raises
    RDFInputError naming the line and what to do.
    """
    own: dict[str, tuple[str, int]] = {}
    for name, namespace, line in declared:
        project = CANONICAL_PREFIXES.get(name)
        if project is not None and project != namespace:
            raise RDFInputError(
                path,
                f"prefix '{name}:' is declared for <{namespace}>, but '{name}:' is the "
                f"project's prefix for <{project}>; declare <{namespace}> under another name "
                "and use that name in this file (canonical.CANONICAL_PREFIXES lists "
                "the project's prefixes)",
                line=line,
            )
        earlier = own.setdefault(name, (namespace, line))
        if earlier[0] != namespace:
            raise RDFInputError(
                path,
                f"prefix '{name}:' is declared again, for <{namespace}>, after naming "
                f"<{earlier[0]}> on line {earlier[1]}; give each namespace its own prefix",
                line=line,
            )
    table = dict(CANONICAL_PREFIXES)
    for name, (namespace, _) in sorted(own.items()):
        if namespace not in table.values():
            table[name] = namespace
    return table


def serialize_graph(graph: Graph, prefixes: dict[str, str] = CANONICAL_PREFIXES) -> str:
    """Serialize a graph as longturtle with a fixed prefix table (unused prefixes left out)."""
    out = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes.items():
        out.bind(prefix, namespace, override=True, replace=True)
    for triple in graph:
        out.add(triple)
    return out.serialize(format="longturtle").strip() + "\n"


def _parse(text: str, path: Path) -> Graph:
    graph = Graph(bind_namespaces="none")
    graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    return graph


def _rewrite(text: str, path: Path) -> str:
    """Return the canonical form of a (syntax-checked) Turtle text."""
    base = path.resolve().as_uri()
    layout = read_layout(text)
    prefixes = output_prefixes(path, prefix_declarations(layout, base))
    return with_comments(serialize_graph(_parse(text, path), prefixes), layout, base)


def canonical_text(path: Path) -> str:
    """Return the canonical text of a Turtle file: comments kept, triples as longturtle.

    Raises RDFInputError (file, line, column) when the file cannot be read or parsed, or
    declares a prefix the canonical form cannot keep.
    """
    path = Path(path)
    if path.suffix.lower() != ".ttl":
        raise RDFInputError(path, "only Turtle (.ttl) files have a canonical form")
    data = read_bytes(path)
    check_syntax(path, data)
    text = _rewrite(data.decode("utf-8"), path)
    # The output, read back and written again, must not change: this catches any order that
    # rdflib would take from the input rather than from the terms themselves, and any comment
    # that would move on a second run.
    if _rewrite(text, path) != text:
        raise NotDeterministicError(f"{path}: canonical output is not stable")
    return text


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
