"""The click group of `pitboard`: the commands of `COMMANDS`, each imported when first run.

`from pitboard.cli import main` is the way in (it loads this module when first used).
"""

from __future__ import annotations

import importlib

import click

from pitboard.cli import COMMANDS, MAIN_HELP


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
