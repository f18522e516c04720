"""`pitboard standings SEASON`: the standings of `pitboard.reports.standings` (the service the
site shows too), as a terminal table or JSON.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from pitboard.cli import fail

if TYPE_CHECKING:
    from pitboard.reports.standings import Table
    from pitboard.store import Store


def season_tables(store: Store, season: str, car_class: str | None, teams: bool) -> list[Table]:
    """The tables of `season` to print: drivers' (or teams'), of `car_class` when given."""
    from pitboard.reports.standings import season_standings

    who = "teams" if teams else "drivers"
    found = season_standings(store, season)
    if not found.tables:
        fail(f"season {season!r} has no published results")
    if teams and not any(t.who == "teams" for t in found.tables):
        from pitboard.rules.championships import load_team_championship

        record = found.season
        load_team_championship(record.championship or record.series, record.year)  # says why
        fail(f"season {season!r}: teams' standings need stored race results with teams")
    tables = [
        t for t in found.tables if t.who == who and (car_class is None or t.car_class == car_class)
    ]
    if not tables:
        fail(f"season {season!r} has no published results in class {car_class}")
    return tables


def _rows(table: Table) -> list[dict[str, object]]:
    """The JSON rows: `driver` (or, for a teams' table, `team`) named as the data names it."""
    from pitboard.reports.standings import points_text

    who = "team" if table.who == "teams" else "driver"
    return [
        {
            "position": row.position,
            who: row.driver,
            "points": points_text(row.points),
            "wins": row.wins,
        }
        for row in table.rows
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
            tables = season_tables(store, season, car_class, teams)
    except PitboardError as error:
        fail(error)
    if as_json:
        rows = {table.car_class: _rows(table) for table in tables}
        shown = next(iter(rows.values())) if len(rows) == 1 else rows
        click.echo(json.dumps(shown, ensure_ascii=False))
        return
    for table in tables:
        _print(season, table)


def _print(season: str, table: Table) -> None:
    """One line a crew (drivers with the same results in the same car), as on the site."""
    from rich.console import Console
    from rich.table import Table as Grid

    from pitboard.reports.standings import points_text, rank_text

    whose = "teams'" if table.who == "teams" else "drivers'"
    grid = Grid(title=f"{season} {whose} standings — {table.car_class}")
    who = "Team" if table.who == "teams" else "Driver"
    for name, justify in (("Pos", "right"), (who, "left"), ("Points", "right")):
        grid.add_column(name, justify=justify)  # type: ignore[arg-type]
    grid.add_column("Wins", justify="right")
    for crew in table.crews:
        grid.add_row(
            rank_text(crew.rank, crew.tied),
            " / ".join(crew.names),
            points_text(crew.standing.points),
            str(crew.standing.wins),
        )
    console = Console()
    console.print(grid)
    for why in table.ties:
        console.print(f"  {why}", highlight=False)


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
