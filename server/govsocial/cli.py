"""The `govsocial` command line: each subcommand lives in the module of its job."""

from __future__ import annotations

import importlib

import click

# name -> "module:attribute" of a click command; imported lazily so `--help` stays fast
# and a missing optional piece cannot break the other commands.
COMMANDS = {
    "validate": "govsocial.graph.validation.command:validate",
    "lint": "govsocial.graph.lint.command:lint_command",
    "format": "govsocial.graph.canonical:format_command",
    "stats": "govsocial.graph.stats:stats_command",
    "serve": "govsocial.serve_command:serve",
    "generate": "govsocial.graph.generate.command:generate_command",
    "load": "govsocial.load_command:load_command",
    "check-sources": "govsocial.graph.sourcecheck.command:check_sources_command",
    "import": "govsocial.graph.importing.command:import_command",
    "summary": "govsocial.graph.curation:summary_command",
    "table": "govsocial.graph.claims_table:table_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)


@click.group(cls=LazyGroup)
@click.version_option(package_name="govsocial-kg")
def cli() -> None:
    """govsocial-kg: validate and serve the knowledge graph of authorities on social media."""


def main() -> None:
    cli()
