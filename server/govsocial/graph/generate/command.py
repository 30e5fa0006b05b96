"""`govsocial generate`: write a synthetic data set of about N triples."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from govsocial.graph.generate.generator import MIN_TRIPLES, generate
from govsocial.graph.generate.writer import FORMATS


def _count(text: str) -> int:
    """Read a count such as 1000000, 1e6 or 1_000_000."""
    try:
        value = float(text.replace("_", "")) if "e" in text.lower() else int(text.replace("_", ""))
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a number (e.g. 100000 or 1e5)") from None
    if value != int(value) or value < MIN_TRIPLES:
        raise click.BadParameter(f"must be a whole number of at least {MIN_TRIPLES}")
    return int(value)


@click.command("generate")
@click.option(
    "--triples",
    "-n",
    required=True,
    help="About how many triples (within 1%), e.g. 1000000 or 1e6.",
)
@click.option(
    "--out",
    "-o",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write.",
)
@click.option(
    "--seed",
    default=0,
    show_default=True,
    type=int,
    help="Random seed: the same seed and size give the same bytes.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output syntax (default: from the file suffix, .nt or else Turtle).",
)
def generate_command(triples: str, out: Path, seed: int, fmt: str | None) -> None:
    """Write synthetic data in the govsocial ontology (every slug 'syn-'; not facts).

    Thousands of authorities of every kind with their structure, spokespersons, channels,
    follower time series, dated platform decisions with reasons and statements, campaigns and
    sources, all passing the project's SHACL shapes.
    """
    n = _count(triples)
    fmt = fmt or ("nt" if out.suffix == ".nt" else "ttl")
    show = sys.stderr.isatty()
    with (
        out.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as stream,
        click.progressbar(length=n, label="generating", file=sys.stderr, hidden=not show) as bar,
    ):
        done = 0

        def progress(triples_written: int) -> None:
            nonlocal done
            bar.update(min(n, triples_written) - done)
            done = min(n, triples_written)

        summary = generate(stream, n, seed=seed, fmt=fmt, progress=progress if show else None)
        bar.update(n - done)  # the closing header node; the count may end a little past n
    click.echo(
        f"{out}: {summary.triples} triples, {summary.authorities} authorities, "
        f"{summary.channels} channels (seed {seed}, {fmt})",
        err=True,
    )
