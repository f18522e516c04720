"""The `pitboard` command: a thin layer over the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pitboard.model import Classification, PitboardError, SessionKind

KINDS = [kind.value for kind in SessionKind]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pitboard")
def main() -> None:
    """pitboard — timing & scoring, official results and championships for GT and endurance
    racing."""


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--session",
    "kind",
    type=click.Choice(KINDS),
    help="Session kind. Default: guessed from the file name — 'race' anywhere means a race "
    "(so a 'qualifying race' is a race), then 'qual'/'Q1' qualifying, then 'practice'/'FP'/"
    "'test'/'warm' practice; a name with none of these is taken as a race.",
)
@click.option(
    "--penalties",
    type=click.Path(path_type=Path),
    help="TOML file of stewards' decisions to apply (see docs/penalties.md).",
)
@click.option("--class", "car_class", help="Show only this class (e.g. GTD, Pro-Am).")
@click.option("--ruleset", default="default", show_default=True, help="Classification ruleset.")
@click.option("--json", "as_json", is_flag=True, help="Print the classification as JSON.")
def classify(
    file: Path,
    kind: str | None,
    penalties: Path | None,
    car_class: str | None,
    ruleset: str,
    as_json: bool,
) -> None:
    """Classify a session from its lap file (Al Kamel lap analysis, any separator).

    Prints one table per class, or with --json the whole classification in the published order.
    """
    try:
        result = _classify(file, kind, penalties, ruleset)
    except PitboardError as error:
        _fail(error)
    if car_class is not None:
        if car_class not in result.classes:
            _fail(f"no class {car_class!r} in {file} (classes: {', '.join(result.classes)})")
        result.rows = result.by_class(car_class)
        result.classes = [car_class]
    if as_json:
        from pitboard.formats.results_json import classification_to_dict

        json.dump(classification_to_dict(result), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        from pitboard.cli_tables import print_classification

        print_classification(result, title=file.name)


def _classify(file: Path, kind: str | None, penalties: Path | None, ruleset: str) -> Classification:
    from pitboard.formats.penalties import read_penalties
    from pitboard.formats.registry import read_session
    from pitboard.rules import classify as classify_session
    from pitboard.rules.rulesets import load_ruleset

    session = read_session(file, SessionKind(kind) if kind else None)
    decisions = read_penalties(penalties) if penalties else []
    return classify_session(session, load_ruleset(ruleset), decisions)


def _fail(error: PitboardError | str) -> None:
    click.echo(f"pitboard: error: {error}", err=True)
    sys.exit(1)


@main.command()
def demo() -> None:
    """Classify the bundled synthetic race (invented cars and drivers) and print the tables."""
    from pitboard.cli_tables import print_classification
    from pitboard.demo import demo_session
    from pitboard.rules import classify as classify_session
    from pitboard.rules.rulesets import load_ruleset

    session = demo_session()
    result = classify_session(session, load_ruleset("default"))
    print_classification(result, title=f"{session.name} (synthetic data)")
