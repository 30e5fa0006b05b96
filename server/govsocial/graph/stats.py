"""Count what the knowledge graph holds: triples, and instances per class."""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import click
from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from govsocial.endpoint.rdf_input import RDFInputError, rdf_files
from govsocial.graph.canonical import CANONICAL_PREFIXES
from govsocial.graph.paths import default_graph_files
from govsocial.graph.rdfio import load_graph


@dataclass
class GraphStats:
    """Triple count, per-file triple counts and instance counts per class of one graph."""

    triples: int
    files: dict[str, int] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {"triples": self.triples, "files": self.files, "classes": self.classes}


def compact(iri: Node) -> str:
    """Shorten an IRI with the canonical prefix table (longest namespace wins)."""
    text = str(iri)
    best = ""
    for prefix, namespace in CANONICAL_PREFIXES.items():
        if text.startswith(namespace) and len(namespace) > len(CANONICAL_PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{text[len(CANONICAL_PREFIXES[best]) :]}" if best else text


def graph_stats(paths: list[Path]) -> GraphStats:
    """Load the files and count triples, triples per file and instances per class."""
    graph = Graph()
    files: dict[str, int] = {}
    for path in paths:
        before = len(graph)
        load_graph([path], into=graph)
        # Triples already present from an earlier file are not counted twice.
        files[str(path)] = len(graph) - before
    types = graph.objects(None, RDF.type)
    counts = Counter(compact(cls) for cls in types if isinstance(cls, URIRef))
    classes = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return GraphStats(triples=len(graph), files=files, classes=classes)


def render_table(stats: GraphStats) -> str:
    """Render the counts as a plain-text table."""
    width = max([len("class"), *(len(name) for name in stats.classes)])
    lines = [
        f"triples: {stats.triples}",
        "",
        f"{'class':<{width}}  instances",
        f"{'-' * width}  ---------",
    ]
    lines += [f"{name:<{width}}  {count:>9}" for name, count in stats.classes.items()]
    return "\n".join(lines)


@click.command("stats")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Plain-text table or JSON.",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def stats_command(output_format: str, paths: tuple[Path, ...]) -> None:
    """Print the number of triples and instances per class of the default graph (or PATHS).

    Exit code 2 when a file cannot be read or parsed.
    """
    files = rdf_files(*paths) if paths else default_graph_files()
    try:
        stats = graph_stats(files)
    except RDFInputError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    if output_format == "json":
        click.echo(json.dumps(stats.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_table(stats))
