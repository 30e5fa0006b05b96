"""The `govsocial validate` command: check RDF files against the SHACL shapes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from govsocial import paths
from govsocial.rdfio import RDFInputError
from govsocial.validation.engine import ENGINE_CHOICES, INFERENCE_CHOICES, ShapesError
from govsocial.validation.engine import validate as run_validation
from govsocial.validation.formats import FORMATS, RENDERERS

INFERENCE_HELP = (
    "Entailment applied to the data before validation. 'none' (default): the ontology is still "
    "used, so rdfs:subClassOf counts for sh:targetClass and sh:class. 'rdfs': also add the "
    "types implied by rdfs:domain/range and subproperties. OWL-RL is not offered: it applies "
    "owl:sameAs and merges identities, which multiplied 6 results into 313 on our data."
)

ENGINE_HELP = (
    "'native' runs the shapes as SPARQL queries on an in-memory pyoxigraph store (10^6 "
    "triples in about 30 CPU-seconds) and fails with exit status 2 when it cannot give "
    "pySHACL's results exactly; 'pyshacl' runs pySHACL (the reference; about 80 CPU-seconds "
    "per 10^4 triples); 'auto' runs natively what the compiler covers and the rest, or the "
    "whole run with RDFS inference, with pySHACL."
)


@click.command("validate")
@click.argument("data", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--shapes",
    "shapes_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="SHACL shapes file or folder (repeatable). Default: the project's shapes/.",
)
@click.option(
    "--ontology",
    "ontology_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Ontology and vocabularies, file or folder (repeatable), used as background knowledge "
    "(class hierarchy, concept schemes); their concepts are validated too. Default: ontology/.",
)
@click.option(
    "--inference",
    type=click.Choice(INFERENCE_CHOICES),
    default="none",
    show_default=True,
    help=INFERENCE_HELP,
)
@click.option(
    "--engine",
    type=click.Choice(ENGINE_CHOICES),
    default="auto",
    show_default=True,
    help=ENGINE_HELP,
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for programs, turtle for a sh:ValidationReport, junit for CI.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
def validate(
    data: tuple[Path, ...],
    shapes_paths: tuple[Path, ...],
    ontology_paths: tuple[Path, ...],
    inference: str,
    engine: str,
    output_format: str,
    output: Path | None,
) -> None:
    """Validate DATA (RDF files or folders; default: data/) against the SHACL shapes.

    Exit status: 0 when the data conforms (warnings are shown but do not fail), 1 when there is
    at least one violation, 2 when an input cannot be read (the message names file and line).
    """
    try:
        report = run_validation(
            data_paths=list(data) or [paths.data_dir()],
            shapes_paths=list(shapes_paths) or [paths.shapes_dir()],
            ontology_paths=list(ontology_paths) or [paths.ontology_dir()],
            inference=inference,
            engine=engine,
        )
    except (RDFInputError, ShapesError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)

    rendered = RENDERERS[output_format](report)
    if output is None:
        click.echo(rendered, nl=False)
    else:
        try:
            output.write_text(rendered, encoding="utf-8")
        except OSError as error:
            click.echo(f"error: {output}: cannot write report ({error.strerror})", err=True)
            sys.exit(2)
        click.echo(f"{report.summary()}; report written to {output}", err=True)
    if output_format != "text":
        click.echo(report.summary(), err=True)
    sys.exit(0 if report.conforms else 1)
