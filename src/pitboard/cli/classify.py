"""`pitboard classify` and `pitboard demo`: a session's laps to its classification.

Imports are lazy: `classify --json` never loads Rich, and only the readers it uses.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from pitboard.cli import fail

if TYPE_CHECKING:
    from pitboard.rules.results_table import ResultTable

# The values of pitboard.model.SessionKind, spelled out so that `--help` loads no model code
# (tests/test_cli.py keeps the two in step).
SESSION_KINDS = ("race", "qualifying", "practice")
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
        "--ruleset", type=_ruleset_choice(), default="default", show_default=True, help=help_text
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
    result = _classify_orfail(file, kind, penalties, ruleset)
    if car_class is not None:
        result = _keep_class(result, car_class, file)
    if as_json:
        _print_json(result)
    else:
        from pitboard.cli.tables import print_classification

        print_classification(result, title=file.name)


def _classify_orfail(
    file: Path, kind: str | None, penalties: Path | None, ruleset: str
) -> ResultTable:
    from pitboard.model import PitboardError

    try:
        return _classify(file, kind, penalties, ruleset)
    except PitboardError as error:
        fail(error)


def _classify(file: Path, kind: str | None, penalties: Path | None, ruleset: str) -> ResultTable:
    from pitboard.formats.registry import read_session
    from pitboard.model import FormatError, Penalty, SessionKind
    from pitboard.rules import classify as classify_session
    from pitboard.rules.results_table import results_table
    from pitboard.rules.rulesets import load_ruleset

    rules = load_ruleset(ruleset)
    decisions: list[Penalty] = []
    if penalties is not None:
        from pitboard.formats.penalties import read_penalties

        decisions = read_penalties(penalties)
    session = read_session(file, SessionKind(kind) if kind else None, sectors=False)
    if not session.entries and not session.laps:
        raise FormatError(
            "no cars and no laps after the header: nothing to classify", path=str(file)
        )
    classification = classify_session(session, rules, decisions)
    return results_table(classification, rules, laps=session.laps)


def _keep_class(result: ResultTable, car_class: str, file: Path) -> ResultTable:
    from dataclasses import replace

    if car_class not in result.classes:
        fail(f"no class {car_class!r} in {file} (classes: {', '.join(result.classes)})")
    return replace(result, rows=result.by_class(car_class), classes=[car_class])


def _print_json(result: ResultTable) -> None:
    import json

    from pitboard.formats.results_json import classification_to_dict

    json.dump(classification_to_dict(result), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


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
        _print_json(result)
        return
    from pitboard.cli.tables import print_classification

    print_classification(result, title=f"{session.name} (synthetic data)")
