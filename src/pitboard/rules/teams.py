"""Teams' (F1 constructors') results from the drivers' results: one result per car.

A car shared by several drivers is one result for its team (`shared` = its number of drivers,
so the points table's `shared_drives` says what it is worth: F1 1958 on, nothing). A car whose
drivers a round's override bars from scoring (`no_points`: a Formula 2 car, a car not entered
for points) scores nothing for its team either; when the override says `reallocate` it is not
eligible, so its place passes down. Rounds in `skip_rounds` are no part of the championship
(the Indianapolis 500 for the constructors: left out). With `best_car_only` only the team's
best-placed car of a race scores: those cars stay as finishes for count-back but score
nothing (`drove_enough` false: nobody moves up). `compute_standings` then ranks the teams.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from pitboard.model import ChampionshipRules, ScoredResult

CarKey = tuple[int, bool, str, str, int | None]  # round, sprint, team, car, position
RaceKey = tuple[int, bool, str]  # round, sprint, team


def team_results(results: Iterable[ScoredResult], rules: ChampionshipRules) -> list[ScoredResult]:
    """Each car's result as its team's (`driver` = the team): drivers of one car merged."""
    barred = {(o.round, driver): o.reallocate for o in rules.overrides for driver in o.no_points}
    cars: dict[CarKey, ScoredResult] = {}
    for row in results:
        if not row.team or row.round in rules.skip_rounds:
            continue
        key = (row.round, row.sprint, row.team, row.car, row.position)
        seen = cars.get(key)
        bar = None if row.sprint else barred.get((row.round, row.driver))
        scores = row.drove_enough and bar is None
        cars[key] = replace(
            row,
            driver=row.team,
            shared=1 if seen is None else seen.shared + 1,
            fastest_lap=row.fastest_lap or (seen is not None and seen.fastest_lap),
            pole=row.pole or (seen is not None and seen.pole),
            eligible=(row.eligible and not bar) or (seen is not None and seen.eligible),
            drove_enough=scores or (seen is not None and seen.drove_enough),
        )
    rows = list(cars.values())
    return _best_cars(rows) if rules.best_car_only else rows


def _best_cars(rows: list[ScoredResult]) -> list[ScoredResult]:
    """Per race, only the team's best-placed car that may score keeps its points."""
    best: dict[RaceKey, ScoredResult] = {}
    for row in rows:
        if row.classified and row.position is not None and row.eligible and row.drove_enough:
            key = (row.round, row.sprint, row.team)
            held = best.get(key)
            if held is None or (held.position or 0) > row.position:
                best[key] = row
    return [
        row if best.get((row.round, row.sprint, row.team)) is row else _no_points(row)
        for row in rows
    ]


def _no_points(row: ScoredResult) -> ScoredResult:
    return replace(row, drove_enough=False, fastest_lap=False, pole=False)
