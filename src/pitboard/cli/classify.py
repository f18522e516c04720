"""`pitboard classify` and `pitboard demo`: a session's laps to its classification.

The work is `pitboard.cli.batch.classify_command`, which the console script also runs without
click for a plain command line. Imports are lazy: `classify --json` never loads Rich, and only
the readers it uses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from pitboard.cli.batch import DEFAULT_RULESET, classify_command, print_json
from pitboard.cli.batch import SESSION_KINDS as SESSION_KINDS  # other commands take it from here

F = TypeVar("F", bound=Callable[..., object])

CLASSIFY_HELP = """Classify a session from its lap file.

FILE is an Al Kamel lap analysis (`23_Analysis…`, `…EnduranceWithSections…`, IMSA
`*-laps.csv`): `;` or `,` separated, with or without a BOM.

\b
Session kind (--session): unless given, guessed from the file name:
  - 'race' anywhere -> race (so a "qualifying race" is a race);
  - else 'qual' or 'Q1', 'Q2', … -> qualifying;
  - else 'practice', 'FP', 'test' or 'warm' -> practice;
  - else a race.

A race is ordered by laps, then the earlier last crossing of the line; qualifying and practice
by the best valid lap (docs/classification.md).

Rulesets (--ruleset) are TOML files shipped with pitboard: {rulesets} (docs/rulesets.md).

Penalties (--penalties): a TOML file of `[[penalty]]` tables, one per stewards' decision:
time, laps, positions, dsq or delete_lap (docs/penalties.md).

Prints one table per class, or with --json the classification in the published order:
{{"version": 2, "session": {{kind, cars, laps, classes}}, "classification": [{{position,
number, class, class_position, status, laps, total_time_ms, gap_first, gap_previous,
class_gap, class_interval, best_lap_ms, …}}]}} (docs/classification.md).
Times are integer milliseconds; gaps are text as the official results print them.
Bad input exits with status 1 and one line naming the file, line and column.
"""


def _rulesets_help() -> str:
    from pitboard.rules.rulesets import available_rulesets

    return ", ".join(available_rulesets())


def _ruleset_choice() -> click.Choice[str]:
    from pitboard.rules.rulesets import available_rulesets

    return click.Choice(available_rulesets())


def ruleset_option(help_text: str) -> Callable[[F], F]:
    """`--ruleset NAME` (a shipped ruleset, `default` by default), as every command takes it."""
    return click.option(
        "--ruleset",
        type=_ruleset_choice(),
        default=DEFAULT_RULESET,
        show_default=True,
        help=help_text,
    )


@click.command(help=CLASSIFY_HELP.format(rulesets=_rulesets_help()), no_args_is_help=True)
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--session",
    "kind",
    type=click.Choice(SESSION_KINDS),
    help="Session kind; default: guessed from the file name (see above).",
)
@ruleset_option("Classification rules of the series.")
@click.option(
    "--penalties",
    type=click.Path(path_type=Path),
    help="TOML file of stewards' decisions to apply (docs/penalties.md).",
)
@click.option("--class", "car_class", help="Show only this class (e.g. GTD, Pro-Am).")
@click.option("--json", "as_json", is_flag=True, help="Print the classification as JSON.")
def classify(
    file: Path,
    kind: str | None,
    ruleset: str,
    penalties: Path | None,
    car_class: str | None,
    as_json: bool,
) -> None:
    classify_command(file, kind, ruleset, penalties, car_class, as_json)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the classification as JSON.")
def demo(as_json: bool) -> None:
    """Classify the bundled synthetic race and print it.

    A GT4-style one-hour race of our own invention (no real cars or drivers): Silver, Pro-Am
    and Am classes, two drivers a car, one mandatory pit stop with a driver change inside the
    pit window, a full-course yellow, retirements and a non-starter. Always the same race.
    """
    from pitboard.demo import demo_session
    from pitboard.rules import classify as classify_session
    from pitboard.rules.results_table import results_table
    from pitboard.rules.rulesets import load_ruleset

    session = demo_session()
    rules = load_ruleset("gt4-europe")
    result = results_table(classify_session(session, rules), rules, laps=session.laps)
    if as_json:
        print_json(result)
        return
    from pitboard.cli.tables import print_classification

    print_classification(result, title=f"{session.name} (synthetic data)")
