"""Multi-class standings: race classifications + a championship ruleset -> per class, the
drivers' and the teams' standings.

Every driver of a car scores the car's class points (with `shared_drives = "full"`); only
classified finishers score; a driver short of the ruleset's minimum drive time scores nothing;
a car not eligible (none of its drivers registered) scores nothing and, with `pass_down`, leaves
its place to the cars behind it. Round N is the N-th classification of the list.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal

from pitboard.model import (
    ChampionshipRules,
    Classification,
    ClassificationStatus,
    ClassifiedCar,
    ScoredResult,
)
from pitboard.model.championship import ClassStandings
from pitboard.rules.standings import compute_standings


def class_standings(
    races: Sequence[Classification],
    rules: ChampionshipRules,
    *,
    registered: Collection[str] | None = None,
    qualifying: Mapping[int, Classification] | None = None,
    distances: Mapping[int, Decimal] | None = None,
) -> dict[str, ClassStandings]:
    """Drivers' and teams' standings of every class that took part in `races`.

    `registered`: the drivers entered for the championship (None: everyone); `qualifying`:
    round -> the session whose class winners take the pole point; `distances`: round -> share
    of the scheduled distance covered (for reduced points in short races).
    """
    drivers, teams = class_results(races, rules, registered=registered, qualifying=qualifying)
    return rank_by_class(drivers, teams, rules, distances)


def rank_by_class(
    drivers: Sequence[ScoredResult],
    teams: Sequence[ScoredResult],
    rules: ChampionshipRules,
    distances: Mapping[int, Decimal] | None = None,
) -> dict[str, ClassStandings]:
    """The standings of every class of `class_results`' drivers and teams (for a caller that
    keeps the scored results too, e.g. to play them forward)."""
    classes = sorted({r.car_class for r in drivers})
    return {
        name: ClassStandings(
            name,
            tuple(compute_standings(_of(drivers, name), rules, distances)),
            tuple(compute_standings(_of(teams, name), rules, distances)),
        )
        for name in classes
    }


def class_results(
    races: Sequence[Classification],
    rules: ChampionshipRules,
    *,
    registered: Collection[str] | None = None,
    qualifying: Mapping[int, Classification] | None = None,
) -> tuple[list[ScoredResult], list[ScoredResult]]:
    """Every driver's and every team's result of `races` as the points rules see them (each
    with its class); `class_standings` ranks them, `title_permutations` plays them forward."""
    drivers: list[ScoredResult] = []
    teams: list[ScoredResult] = []
    for round_, race in enumerate(races, start=1):
        poles = _class_winners(qualifying.get(round_) if qualifying else None)
        fastest = _fastest_in_class(race.rows)
        for car in race.rows:
            flags = (car.number in poles, car.number in fastest)
            crew = scored_drivers(car, rules, rules.season, round_, registered, flags)
            drivers.extend(crew)
            teams.append(_team_result(car, rules.season, round_, crew, flags))
    return drivers, teams


def _of(results: Sequence[ScoredResult], car_class: str) -> list[ScoredResult]:
    return [r for r in results if r.car_class == car_class]


def crew_of(car: ClassifiedCar) -> list[str]:
    """The car's drivers: its entry's crew, then anyone else who drove a stint."""
    names = list(car.entry.driver_names)
    names += [s.driver for s in car.stints if s.driver not in names]
    return names or [car.number]


def scored_drivers(
    car: ClassifiedCar,
    rules: ChampionshipRules,
    season: int,
    round_: int,
    registered: Collection[str] | None = None,
    flags: tuple[bool, bool] = (False, False),
) -> list[ScoredResult]:
    """One result per driver of `car` in one race, as the points rules see it."""
    crew = crew_of(car)
    classified = car.status is ClassificationStatus.CLASSIFIED
    driven = car.drive_times()
    return [
        ScoredResult(
            season=season,
            round=round_,
            driver=name,
            position=car.class_position if classified and car.class_position else None,
            classified=classified,
            shared=len(crew),
            pole=flags[0],
            fastest_lap=flags[1],
            car=car.number,
            car_class=car.entry.car_class,
            eligible=registered is None or name in registered,
            drove_enough=rules.min_drive_time is None
            or driven.get(name, 0) >= rules.min_drive_time,
        )
        for name in crew
    ]


def _team_result(
    car: ClassifiedCar,
    season: int,
    round_: int,
    crew: list[ScoredResult],
    flags: tuple[bool, bool],
) -> ScoredResult:
    """The car's result for its team: it scores when any of its drivers may score."""
    first = crew[0]
    return ScoredResult(
        season=season,
        round=round_,
        driver=car.entry.team or car.number,
        position=first.position,
        classified=first.classified,
        pole=flags[0],
        fastest_lap=flags[1],
        car=car.number,
        car_class=first.car_class,
        eligible=any(r.eligible for r in crew),
    )


def _class_winners(session: Classification | None) -> set[str]:
    """Pole position in each class: the class leader of the qualifying classification."""
    if session is None:
        return set()
    return {
        row.number
        for row in session.rows
        if row.class_position == 1 and row.status is ClassificationStatus.CLASSIFIED
    }


def _fastest_in_class(rows: Sequence[ClassifiedCar]) -> set[str]:
    """The car (cars, on equal times) with the best lap of each class."""
    best: dict[str, int] = {}
    for row in rows:
        if row.best_lap is not None:
            current = best.get(row.entry.car_class)
            best[row.entry.car_class] = (
                row.best_lap if current is None else min(current, row.best_lap)
            )
    return {
        row.number
        for row in rows
        if row.best_lap is not None and row.best_lap == best[row.entry.car_class]
    }
