"""The `pitboard` command: a thin layer over the library.

Subcommands live in their own modules and are imported only when run (`COMMANDS` below), so
`classify --json` never loads Rich, the store or the web app. `bench/classify.py` measures the
whole process against a plain csv read.

`main` is the click group (`pitboard.cli.app`), loaded on first use: the console script calls
`main()`, and a plain `pitboard classify FILE [options]` is run by `pitboard.cli.batch` without
click (~25 ms of a 24-hour race's classification); every other command line, `--help` and every
parse error, goes to click.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (pitboard.cli.batch)
if TYPE_CHECKING:
    from typing import Any, NoReturn

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


if TYPE_CHECKING:
    from pitboard.cli.app import main as main
else:

    class _Main:
        """`pitboard.cli.app.main`, the click group, imported when first used: any attribute
        (`CliRunner().invoke(main, ...)`, `main.main(...)`) is the group's. Called with no
        arguments, as the console script does, it first offers the command line to
        `pitboard.cli.batch`, which runs a plain `classify` itself (and then exits)."""

        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            if not args and not kwargs:
                from pitboard.cli.batch import run_without_click

                run_without_click(sys.argv[1:])
            return _group()(*args, **kwargs)

        def __getattr__(self, name: str) -> Any:
            return getattr(_group(), name)

    def _group() -> Any:
        from pitboard.cli.app import main

        return main

    main = _Main()


def fail(error: Exception | str) -> NoReturn:
    """Print one line on stderr and exit 1: how every command reports bad input."""
    import click

    click.echo(f"pitboard: error: {error}", err=True)
    sys.exit(1)
