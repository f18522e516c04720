"""The `pitboard` command: a thin layer over the library.

Subcommands live in their own modules and are imported only when run (`COMMANDS` below), so
`classify --json` never loads Rich, the store or the web app. `bench/classify.py` measures the
whole process against a plain csv read.
"""

from __future__ import annotations

import importlib
import sys
from typing import NoReturn

import click

MAIN_HELP = """pitboard — timing & scoring for multi-class GT and endurance racing.

Reads an official timing export (an Al Kamel lap analysis today) and prints the official
classification: per class positions, gaps in the official style, best laps, pit stops and
DNF / NC / DNS / DSQ.

\b
  pitboard classify race-laps.csv                 one table per class
  pitboard classify race-laps.csv --json          the classification as JSON
  pitboard classify race-laps.csv --ruleset wec   Le Mans rules: flag + 70% distance
  pitboard demo                                   a bundled synthetic race

Run `pitboard COMMAND --help` for the details of a command.
"""

# name -> "module:attribute" of a click command; add a line per new command module.
COMMANDS: dict[str, str] = {
    "classify": "pitboard.cli.classify:classify",
    "check": "pitboard.cli.check:check",
    "simulate": "pitboard.cli.live:simulate",
    "ingest": "pitboard.cli.live:ingest",
    "replay": "pitboard.cli.live:replay",
    "demo": "pitboard.cli.classify:demo",
    "report": "pitboard.cli.report:report",
    "import": "pitboard.cli.importing:import_",
    "season": "pitboard.cli.season:season",
    "grid": "pitboard.cli.grid:grid",
    "standings": "pitboard.cli.standings:standings",
    "results": "pitboard.cli.results:results",
    "decision": "pitboard.cli.results:decision",
    "serve": "pitboard.cli.serve:serve",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(
    cls=LazyGroup, help=MAIN_HELP, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(package_name="pitboard")
def main() -> None:
    pass


def fail(error: Exception | str) -> NoReturn:
    """Print one line on stderr and exit 1: how every command reports bad input."""
    click.echo(f"pitboard: error: {error}", err=True)
    sys.exit(1)
