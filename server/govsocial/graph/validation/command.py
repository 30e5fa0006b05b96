"""The `govsocial validate` command: check RDF files against the SHACL shapes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from govsocial.endpoint.rdf_input import RDFInputError
from govsocial.graph.validation.failures import InputFailure, unreadable_inputs
from govsocial.graph.validation.project import Project, find_project
from govsocial.graph.validation.report import SEVERITIES
from govsocial.graph.validation.report_formats import (
    FAILURE_RENDERERS,
    FORMATS,
    RENDERERS,
    failure_text,
)
from govsocial.graph.validation.validator import (
    ENGINE_CHOICES,
    INFERENCE_CHOICES,
    ShapesError,
    expand,
)
from govsocial.graph.validation.validator import validate as run_validation

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

PROJECT_DATA_HELP = (
    "With DATA given, also load the project's data (data/ of --project) so that references to "
    "the bodies, people and channels it defines resolve; only results about nodes your files "
    "describe are reported. A project file is left out when one of yours has its path "
    "(data/registry/people.ttl edited in a fork). --without-project-data validates your files "
    "on their own."
)

PROJECT_HELP = (
    "The govsocial-kg folder whose ontology/, shapes/ and data/ are the defaults. Default: "
    "GOVSOCIAL_HOME, else the working directory or this package's checkout if either is one, "
    "else the copy installed with the package (pip install of the repository)."
)

SEVERITY_HELP = (
    "List results of this severity and graver ones only: 'violation' hides warnings and infos "
    "(they are still counted in the summary). Does not change the exit status."
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
    "(class hierarchy, concept schemes); their concepts are validated too. Default: the "
    "project's ontology/.",
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
    help="Write the report to this file instead of standard output (json and junit write it "
    "also when an input cannot be read).",
)
@click.option(
    "--with-project-data/--without-project-data",
    "with_project_data",
    default=True,
    show_default=True,
    help=PROJECT_DATA_HELP,
)
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=PROJECT_HELP,
)
@click.option(
    "--severity",
    type=click.Choice(list(SEVERITIES)),
    default="info",
    show_default=True,
    help=SEVERITY_HELP,
)
def validate(
    data: tuple[Path, ...],
    shapes_paths: tuple[Path, ...],
    ontology_paths: tuple[Path, ...],
    inference: str,
    engine: str,
    output_format: str,
    output: Path | None,
    with_project_data: bool,
    project_dir: Path | None,
    severity: str,
) -> None:
    """Validate DATA (RDF files or folders; default: the project's data/) against the shapes.

    Given DATA (a contributor's files), the project's data is loaded with it, so references to
    existing bodies resolve, and only results about nodes of DATA are reported.

    Exit status: 0 when the data conforms (warnings are shown but do not fail), 1 when there is
    at least one violation, 2 when an input cannot be read (the message names file and line).
    """
    project = find_project(project_dir)
    data_paths = list(data) or [project.data]
    try:
        report = run_validation(
            data_paths=data_paths,
            shapes_paths=list(shapes_paths) or [project.shapes],
            ontology_paths=list(ontology_paths) or [project.ontology],
            inference=inference,
            engine=engine,
            context_paths=_project_data(project, data) if with_project_data else [],
        )
    except RDFInputError as error:
        _fail(unreadable_inputs(error, data_paths), output_format, output)
    except ShapesError as error:
        _fail([InputFailure(None, str(error))], output_format, output)

    report = report.at_least(SEVERITIES[severity])
    _write(RENDERERS[output_format](report), output)
    if output is not None:
        click.echo(f"{report.summary()}; report written to {output}", err=True)
    elif output_format != "text":
        click.echo(report.summary(), err=True)
    sys.exit(0 if report.conforms else 1)


def _project_data(project: Project, data: tuple[Path, ...]) -> list[Path]:
    """Return the project's data files to load with DATA (none when DATA is the default)."""
    if not data:
        return []
    files = project.data_files(replaced_by=expand(data))
    if not files and not project.data.is_dir():
        click.echo(
            f"note: no project data at {project.data}; your files are validated alone", err=True
        )
    return files


def _fail(failures: list[InputFailure], output_format: str, output: Path | None) -> NoReturn:
    """Name each failure on stderr; json and junit also write them as their report."""
    for failure in failures:
        click.echo(f"error: {failure_text(failure)}", err=True)
    renderer = FAILURE_RENDERERS.get(output_format)
    if renderer is not None:
        _write(renderer(failures), output)
    sys.exit(2)


def _write(rendered: str, output: Path | None) -> None:
    if output is None:
        click.echo(rendered, nl=False)
        return
    try:
        output.write_text(rendered, encoding="utf-8")
    except OSError as error:
        click.echo(f"error: {output}: cannot write report ({error.strerror})", err=True)
        sys.exit(2)
