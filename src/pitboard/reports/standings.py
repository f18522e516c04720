"""A season's championship standings: the one service the site and `pitboard standings` show.

Points are computed by `pitboard.rules` from the stored results, never stored:

- a season imported from Ergast (published rows, drivers by driverRef) is scored as published
  (`importers.load_ergast_results` + `rules.standings.compute_standings`);
- any other season scores each race's latest published result by class position
  (`rules.class_standings`).

The rules are the season's championship ruleset (`Season.championship`, else its series) for its
year; a season pitboard ships no ruleset for scores 25-18-15-12-10-8-6-4-2-1 per class, every
driver of a car in full.

Drivers with the same results in the same cars are one crew (one line on the site, one row of
the terminal table); ranks and ties read the same everywhere (`rank_text`: `1`, `5=`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import pairwise

from pitboard.importers.ergast import CAR_CLASS, load_ergast_results
from pitboard.model import (
    ChampionshipRules,
    Classification,
    PitboardError,
    PointsSystem,
    ScoredResult,
    SessionKind,
    SharedDrive,
    Standing,
)
from pitboard.rules.championships import load_championship, load_team_championship
from pitboard.rules.class_standings import class_results, crew_of, rank_by_class
from pitboard.rules.standings import compute_standings, explain_tie
from pitboard.rules.teams import team_results
from pitboard.store import Season, Store

GT_POINTS = tuple(Decimal(p) for p in (25, 18, 15, 12, 10, 8, 6, 4, 2, 1))
GT_SOURCE = "25-18-15-12-10-8-6-4-2-1 per class, every driver of a car in full"


@dataclass(frozen=True, slots=True)
class Race:
    """A race that counts: its round of the standings, a label, and its session."""

    index: int  # the round the standings number it by
    label: str  # e.g. "R2 Race 1"
    session: str


@dataclass(frozen=True, slots=True)
class Crew:
    """One line of a table: drivers (or a team) with the same results in the same cars."""

    rank: int
    tied: bool  # level with another line
    names: tuple[str, ...]
    standing: Standing  # the first driver's row (points, wins, rounds)


@dataclass(frozen=True, slots=True)
class Table:
    """Standings of one class, for drivers or for teams, with the tie-breaks in words."""

    car_class: str
    who: str  # "drivers" or "teams"
    rows: list[Standing]  # one per driver (display names), as ranked
    crews: list[Crew]
    ties: list[str]


Cars = dict[str, tuple[tuple[int, str], ...]]  # driver (or team) -> (round, car number), ...


@dataclass(frozen=True, slots=True)
class SeasonStandings:
    season: Season
    source: str  # where the points rules come from, in words
    races: list[Race]
    tables: list[Table]
    rules: ChampionshipRules
    # per class (in the tables' order), every driver's results as the rules scored them: what
    # the title permutations play forward, without classifying the races again
    scored: dict[str, list[ScoredResult]]
    names: dict[str, str]  # driver key -> display name (Ergast's driverRef); {} otherwise
    cars: Cars  # who shared a car ({} for a season scored from published rows)
    remaining: list[int]  # the rounds still to run (numbered as `races` are)
    sprints: list[int]  # those of them with a sprint


CENT = Decimal("0.01")


def rank_text(rank: int, tied: bool) -> str:
    """A position in a table: `3`, or `5=` when level with another line."""
    return f"{rank}=" if tied else str(rank)


def points_text(points: Decimal) -> str:
    """`48`, `13.5`, `4.14`: to the hundredth, without trailing zeros."""
    text = format(points.quantize(CENT), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def championship_rules(season: Season) -> tuple[ChampionshipRules, str]:
    """The season's rules, and where they come from (shown under the standings)."""
    try:
        rules = load_championship(season.championship or season.series, season.year)
        return rules, rules.source or "the series' championship rules"
    except PitboardError:
        system = PointsSystem(positions=GT_POINTS, shared_drives=SharedDrive.FULL)
        return ChampionshipRules(name=season.name, season=season.year, race=system), GT_SOURCE


def season_standings(
    store: Store, key: str, classified: Callable[[str], Classification] | None = None
) -> SeasonStandings:
    """Drivers' and teams' standings of every class of season `key`. `classified`: a race
    session's latest published result (default: the store rebuilds it; the site passes its
    cache, so a page classifies each race once, shared with the results pages)."""
    season = store.load_season(key)
    rules, source = championship_rules(season)
    results, names = load_ergast_results(store, key)
    if results:
        ranked = compute_standings(results, rules)
        rows = [replace(r, driver=names.get(r.driver, r.driver)) for r in ranked]
        calendar = _races(store, key, published_rows=True)
        races = calendar.races
        tables = [_table(CAR_CLASS, "drivers", rows, {})]
        teams = _constructors(season, results, names)
        tables += [_table(CAR_CLASS, "teams", teams, {})] if teams else []
        scored = {CAR_CLASS: results}
        rounds = (calendar.remaining, calendar.sprints)
        return SeasonStandings(season, source, races, tables, rules, scored, names, {}, *rounds)
    calendar = _races(store, key, published_rows=False)
    races = calendar.races
    load = classified or (lambda session: store.load_classification(session).classification)
    classifications = [load(race.session) for race in races]
    cars = cars_of(classifications)
    drivers, team_rows = class_results(classifications, rules)
    by_class = rank_by_class(drivers, team_rows, rules)
    order = [
        c for c in dict.fromkeys(c for f in classifications for c in f.classes) if c in by_class
    ]
    tables = [
        _table(name, who, list(rows), cars)
        for name in order
        for who, rows in (("drivers", by_class[name].drivers), ("teams", by_class[name].teams))
    ]
    scored = {name: [r for r in drivers if r.car_class == name] for name in order}
    rounds = (calendar.remaining, calendar.sprints)
    return SeasonStandings(season, source, races, tables, rules, scored, {}, cars, *rounds)


def _constructors(
    season: Season, results: list[ScoredResult], names: dict[str, str]
) -> list[Standing]:
    """An Ergast season's constructors' standings, by its era's `[teams]` rules (none before
    1958, or without teams in the rows)."""
    if not any(result.team for result in results):
        return []
    try:
        rules = load_team_championship(season.championship or season.series, season.year)
    except PitboardError:
        return []
    ranked = compute_standings(team_results(results, rules), rules)
    return [replace(r, driver=names.get(r.driver, r.driver)) for r in ranked]


@dataclass(frozen=True, slots=True)
class _Calendar:
    races: list[Race]  # with a published result
    remaining: list[int]  # the rounds still to run, numbered as `races` number theirs
    sprints: list[int]  # those of `remaining` with a sprint (Ergast's `…-sprint` sessions)


def _races(store: Store, key: str, *, published_rows: bool) -> _Calendar:
    """The season's races with a published result, in calendar order, and the rounds still to
    run. Ergast rounds number the races by their event's round (a round is still to run when
    none of its races is published); otherwise each race is a round (1, 2, ...) and every race
    not yet published is one round more."""
    races: list[Race] = []
    unpublished = 0
    remaining: list[int] = []
    sprints: list[int] = []
    for event in store.load_events(key):
        ordinal = 0
        keys: list[str] = []
        published = False
        for info in store.load_sessions(event.key):
            if info.kind is not SessionKind.RACE:
                continue
            ordinal += 1
            keys.append(info.key)
            if not store.load_result_history(info.key):
                unpublished += 1
                continue
            published = True
            label = f"R{event.round} {info.name or f'Race {ordinal}'}"
            index = event.round if published_rows else len(races) + 1
            races.append(Race(index, label, info.key))
        if published_rows and keys and not published:
            remaining.append(event.round)
            if any(k.endswith("-sprint") for k in keys):
                sprints.append(event.round)
    if not published_rows:
        remaining = list(range(len(races) + 1, len(races) + unpublished + 1))
    return _Calendar(races, remaining, sprints)


def cars_of(races: list[Classification]) -> Cars:
    """Each driver's (and team's) cars, race by race: who shared a car."""
    cars: dict[str, list[tuple[int, str]]] = {}
    for index, race in enumerate(races, start=1):
        for car in race.rows:
            for name in {*crew_of(car), car.entry.team or car.number}:
                cars.setdefault(name, []).append((index, car.number))
    return {name: tuple(found) for name, found in cars.items()}


def _table(car_class: str, who: str, rows: list[Standing], cars: Cars) -> Table:
    found = crews(rows, cars)
    heads = [crew.standing for crew in found]
    ties = [
        explain_tie(above, below)
        for above, below in pairwise(heads)
        if above.points == below.points and above.points > 0
    ]
    return Table(car_class, who, rows, found, ties)


def crews(rows: list[Standing], cars: Cars) -> list[Crew]:
    """Rows with the same position, the same score in every race and the same cars are one
    crew; crews are ranked among themselves (1, 2, 3, 4=, 4=, 6)."""
    groups: list[list[Standing]] = []
    for row in rows:
        mine = cars.get(row.driver)
        mates = next(
            (
                g
                for g in groups
                if mine
                and g[0].position == row.position
                and g[0].rounds == row.rounds
                and cars.get(g[0].driver) == mine
            ),
            None,
        )
        if mates is not None:
            mates.append(row)
        else:
            groups.append([row])
    ranks: list[int] = []
    for index, group in enumerate(groups):
        level = index > 0 and groups[index - 1][0].position == group[0].position
        ranks.append(ranks[-1] if level else index + 1)
    return [
        Crew(rank, ranks.count(rank) > 1, tuple(r.driver for r in group), group[0])
        for rank, group in zip(ranks, groups, strict=True)
    ]
