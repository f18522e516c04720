"""`pitboard standings SEASON`: the drivers' standings computed from the stored results.

Imported published results (Ergast) are scored as they were published; seasons timed by
pitboard are scored from each race's latest result version. Points always come from the
championship rules (`pitboard.rules.championships`), never from a points column.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

import click

from pitboard.cli import fail

if TYPE_CHECKING:
    from pitboard.model import Standing
    from pitboard.store import Store

CENT = Decimal("0.01")


def format_points(points: Decimal) -> str:
    """`48`, `13.5`, `4.14`: to the hundredth, without trailing zeros."""
    text = format(points.quantize(CENT), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def season_standings(
    store: Store, season: str, car_class: str | None, teams: bool = False
) -> tuple[dict[str, list[Standing]], dict[str, str]]:
    """The drivers' (or teams') standings of `season` by class (only `car_class` when given),
    and display names."""
    from pitboard.importers.ergast import CAR_CLASS, load_ergast_results
    from pitboard.rules.championships import load_championship, load_team_championship
    from pitboard.rules.class_standings import class_standings
    from pitboard.rules.standings import compute_standings
    from pitboard.rules.teams import team_results

    record = store.load_season(season)
    series = getattr(record, "championship", "") or record.series
    rules = load_championship(series, record.year)
    results, names = load_ergast_results(store, season)
    if results and teams:  # F1 constructors, by the era's [teams] rules
        team_rules = load_team_championship(series, record.year)
        tables = {CAR_CLASS: compute_standings(team_results(results, team_rules), team_rules)}
    elif results:
        tables = {CAR_CLASS: compute_standings(results, rules)}
    else:
        races = [published.classification for published in store.load_season_results(season)]
        tables = {
            name: list(c.teams if teams else c.drivers)
            for name, c in class_standings(races, rules).items()
        }
    if car_class is not None:
        tables = {name: rows for name, rows in tables.items() if name == car_class}
    if not tables:
        where = f" in class {car_class}" if car_class else ""
        raise_missing = f"season {season!r} has no published results{where}"
        fail(raise_missing)
    return tables, names


def _rows(
    standings: list[Standing], names: dict[str, str], who: str = "driver"
) -> list[dict[str, object]]:
    return [
        {
            "position": row.position,
            who: names.get(row.driver, row.driver),
            "points": format_points(row.points),
            "wins": row.wins,
        }
        for row in standings
    ]


@click.command()
@click.argument("season")
@click.option("--class", "car_class", help="Only this class (e.g. Silver, Pro-Am, GT4).")
@click.option("--json", "as_json", is_flag=True, help="Print the standings as JSON.")
@click.option("--teams", is_flag=True, help="The teams' standings instead of the drivers'.")
@click.option(
    "--permutations",
    is_flag=True,
    help="Who can still win the title (per class) and what each needs, before the next round.",
)
def standings(
    season: str, car_class: str | None, as_json: bool, teams: bool, permutations: bool
) -> None:
    """Drivers' standings of SEASON (e.g. f1-1988), computed from the stored results.

    --json prints [{"position": 1, "driver": "Forename Surname", "points": "48", "wins": 3}, …]
    (with --teams, "team" in place of "driver": for F1 the constructor as in constructors.csv):
    points as a string holding a decimal number (one list per class, keyed by class, when the
    season has several classes and no --class is given). Drivers on equal points are explained
    (count-back) under the table. --permutations says, per class, who can still win the title
    and what each needs (--json: [{"position", "driver", "points", "can_win", "clinched",
    "needs"}, …]). The database is PITBOARD_DB, else ./pitboard.db."""
    from pitboard.model import PitboardError
    from pitboard.store import open_store

    if permutations:
        _permutations(season, car_class, as_json)
        return

    try:
        with open_store() as store:
            tables, names = season_standings(store, season, car_class, teams)
    except PitboardError as error:
        fail(error)
    if as_json:
        who = "team" if teams else "driver"
        rows = {name: _rows(table, names, who) for name, table in tables.items()}
        shown = next(iter(rows.values())) if len(rows) == 1 else rows
        click.echo(json.dumps(shown, ensure_ascii=False))
        return
    for name, table in tables.items():
        _print(season, name, table, names, "teams'" if teams else "drivers'")


def _print(
    season: str, car_class: str, table: list[Standing], names: dict[str, str], whose: str
) -> None:
    from rich.console import Console
    from rich.table import Table

    from pitboard.rules.standings import explain_tie

    title = f"{season} {whose} standings — {car_class}"
    grid = Table(title=title)
    who = "Team" if whose == "teams'" else "Driver"
    for name, justify in (("Pos", "right"), (who, "left"), ("Points", "right")):
        grid.add_column(name, justify=justify)  # type: ignore[arg-type]
    grid.add_column("Wins", justify="right")
    for row in table:
        tie = "=" if row.tied else ""
        grid.add_row(
            f"{tie}{row.position}",
            names.get(row.driver, row.driver),
            format_points(row.points),
            str(row.wins),
        )
    console = Console()
    console.print(grid)
    for above, below in pairwise(table):
        if above.points == below.points and above.points > 0:
            named = [replace(r, driver=names.get(r.driver, r.driver)) for r in (above, below)]
            console.print(f"  {explain_tie(*named)}", highlight=False)


def _permutations(season: str, car_class: str | None, as_json: bool) -> None:
    from pitboard.cli.permutations import chances_json, chances_lines, season_permutations
    from pitboard.model import PitboardError
    from pitboard.store import open_store

    try:
        with open_store() as store:
            tables, names, remaining = season_permutations(store, season, car_class)
    except PitboardError as error:
        fail(error)
    if not tables:
        fail(f"season {season!r} has no published results")
    if as_json:
        rows = {name: chances_json(table, names) for name, table in tables.items()}
        click.echo(json.dumps(next(iter(rows.values())) if len(rows) == 1 else rows))
        return
    for name, table in tables.items():
        click.echo("\n".join(chances_lines(season, name, table, names, len(remaining))))
