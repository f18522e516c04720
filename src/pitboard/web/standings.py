"""Championship standings per class, drivers and teams, from the published race results.

Points are computed by `pitboard.rules` (never stored): each race scores by class position under
the series' championship rules when pitboard ships them, else under the points most GT series use
(25-18-15-12-10-8-6-4-2-1, every driver of a car scoring in full). A race counts once it has a
published result.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any

from pitboard.model import (
    ChampionshipRules,
    PitboardError,
    PointsSystem,
    SessionKind,
    SharedDrive,
    Standing,
)
from pitboard.rules.championships import load_championship
from pitboard.rules.class_standings import class_standings
from pitboard.rules.standings import explain_tie
from pitboard.store import Season, Store
from pitboard.web.calendar import load_rounds
from pitboard.web.results import ResultCache, SessionResult, load_result

GT_POINTS = tuple(Decimal(p) for p in (25, 18, 15, 12, 10, 8, 6, 4, 2, 1))


@dataclass(frozen=True, slots=True)
class Race:
    """One race of the season that counts: its place in the season and its published result."""

    index: int  # 1, 2, ... in season order
    label: str  # e.g. "R2 Race 1"
    event: str
    result: SessionResult


@dataclass(frozen=True, slots=True)
class Table:
    """Standings of one class, for drivers or for teams, with the tie-breaks in words."""

    car_class: str
    who: str  # "drivers" or "teams"
    rows: list[Standing]
    ties: list[str]


def championship_rules(season: Season) -> tuple[ChampionshipRules, str]:
    """The season's rules, and where they come from (shown under the standings)."""
    try:
        rules = load_championship(season.series, season.year)
        return rules, rules.source or "the series' championship rules"
    except PitboardError:
        system = PointsSystem(positions=GT_POINTS, shared_drives=SharedDrive.FULL)
        rules = ChampionshipRules(name=season.name, season=season.year, race=system)
        return rules, "25-18-15-12-10-8-6-4-2-1 per class, every driver of a car in full"


def season_races(store: Store, season: str, cache: ResultCache | None = None) -> list[Race]:
    """The season's races with laps and a published result, in calendar order."""
    races: list[Race] = []
    for round_ in load_rounds(store, season):
        ordinal = 0
        for scheduled in round_.sessions:
            if scheduled.info.kind is not SessionKind.RACE or not scheduled.has_laps:
                continue
            ordinal += 1
            result = load_result(store, scheduled.key, cache=cache)
            if result.version is None:
                continue
            label = f"R{round_.event.round} {scheduled.info.name or f'Race {ordinal}'}"
            races.append(Race(len(races) + 1, label, round_.event.key, result))
    return races


def standings_tables(races: list[Race], season: Season) -> list[Table]:
    """Drivers' then teams' standings of each class, in the classes' order of the results."""
    rules, _ = championship_rules(season)
    by_class = class_standings([race.result.classification for race in races], rules)
    order = list(dict.fromkeys(c for r in races for c in r.result.classification.classes))
    tables = []
    for car_class in [c for c in order if c in by_class]:
        found = by_class[car_class]
        for who, rows in (("drivers", list(found.drivers)), ("teams", list(found.teams))):
            tables.append(Table(car_class, who, rows, _ties(rows)))
    return tables


def _ties(rows: list[Standing]) -> list[str]:
    """Why each pair level on points is ordered as it is (crew-mates with the very same results
    are one line in the table, not a tie to explain)."""
    heads = [group[0] for group in crews(rows)]
    return [
        explain_tie(above, below)
        for above, below in pairwise(heads)
        if above.points == below.points and above.points > 0
    ]


def crews(rows: list[Standing]) -> list[list[Standing]]:
    """Rows with the same position and the same score in every race: one crew (crew-mates level
    with another crew are listed by name, so they need not be neighbours). Scoreless rows stay
    one a line: nothing shows they shared a car."""
    groups: list[list[Standing]] = []
    for row in rows:
        mates = next(
            (g for g in groups if g[0].position == row.position and g[0].rounds == row.rounds),
            None,
        )
        if mates is not None and row.points > 0:
            mates.append(row)
        else:
            groups.append([row])
    return groups


def _crew_json(
    group: list[Standing], groups: list[list[Standing]], labels: dict[int, str]
) -> dict[str, Any]:
    first = group[0]
    level = sum(1 for other in groups if other[0].position == first.position)
    return {
        "position": first.position,
        "names": [row.driver for row in group],
        "points": str(first.points),
        "wins": first.wins,
        "tied": level > 1,
        "races": {labels.get(r.round, str(r.round)): str(r.points) for r in first.rounds},
    }


def table_json(table: Table, races: list[Race]) -> dict[str, Any]:
    labels = {race.index: race.label for race in races}
    groups = crews(table.rows)
    return {
        "class": table.car_class,
        "of": table.who,
        "rows": [
            {
                "position": row.position,
                "name": row.driver,
                "points": str(row.points),
                "wins": row.wins,
                "tied": row.tied,
                "races": [
                    {"race": labels.get(r.round, str(r.round)), "points": str(r.points)}
                    for r in row.rounds
                ],
            }
            for row in table.rows
        ],
        "crews": [_crew_json(group, groups, labels) for group in groups],
        "tie_breaks": table.ties,
    }
