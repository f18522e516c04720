"""Points for each result of a season, from finishing positions and the season's rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal

from pitboard.model import (
    ChampionshipRules,
    PointsSystem,
    RaceOverride,
    ScoredResult,
    SharedDrive,
)
from pitboard.model.championship import ZERO

RaceKey = tuple[int, int, bool, str]  # season, round, sprint, class


def award_points(
    results: Iterable[ScoredResult],
    rules: ChampionshipRules,
    distances: Mapping[int, Decimal] | None = None,
) -> list[tuple[ScoredResult, Decimal]]:
    """Each result with the points it earns; computed from positions, never read from a sheet.

    `distances` (round -> share of the scheduled distance covered) selects the short-race scale.
    A result scores nothing when it is not eligible, when its driver did not drive long enough,
    or when an override names its driver; with `pass_down` (or an override's `reallocate`) the
    finishers behind a car that may not score move up one place for the points.
    """
    return [
        (row, place + bonus) for row, place, bonus in award_points_parts(results, rules, distances)
    ]


def award_points_parts(
    results: Iterable[ScoredResult],
    rules: ChampionshipRules,
    distances: Mapping[int, Decimal] | None = None,
) -> list[tuple[ScoredResult, Decimal, Decimal]]:
    """`award_points`, each result's points in two parts: for its place, and its bonus (fastest
    lap and pole), for rules that count them apart (`count_each_car`)."""
    rows = list(results)
    fastest = Counter(_key(r) for r in rows if r.fastest_lap)
    poles = Counter(_key(r) for r in rows if r.pole)
    vacated = _vacated_places(rows, rules, distances)
    barred = _barred_crew(rows, rules, distances)
    awarded: list[tuple[ScoredResult, Decimal, Decimal]] = []
    for row in rows:
        system = rules.sprint if row.sprint else rules.race
        override = _override(row, rules, distances)
        if system is None or not _may_score(row, override):
            awarded.append((row, ZERO, ZERO))
            continue
        row_for_points = _moved_up(row, vacated.get(_key(row), ()))
        share = barred[(_key(row), row.position, row.car)]
        if share and row.shared > share:
            row_for_points = replace(row_for_points, shared=row.shared - share)
        points = _position_points(row_for_points, system, override)
        bonus = _fastest_lap_points(row, system, override, fastest[_key(row)])
        bonus += _pole_points(row, system, poles[_key(row)])
        awarded.append((row, points, bonus))
    return awarded


def _override(
    row: ScoredResult, rules: ChampionshipRules, distances: Mapping[int, Decimal] | None
) -> RaceOverride | None:
    return None if row.sprint else rules.override(row.round, (distances or {}).get(row.round))


def _may_score(row: ScoredResult, override: RaceOverride | None) -> bool:
    named = override is not None and row.driver in override.no_points
    return row.eligible and row.drove_enough and not named


def _vacated_places(
    rows: list[ScoredResult], rules: ChampionshipRules, distances: Mapping[int, Decimal] | None
) -> dict[RaceKey, tuple[int, ...]]:
    """Per race, the classified places held by cars whose points pass to those behind."""
    places: dict[RaceKey, set[int]] = {}
    scoring: dict[RaceKey, set[int]] = {}  # a place with any eligible driver is not vacated
    for row in rows:
        if row.position is None or not row.classified:
            continue
        override = _override(row, rules, distances)
        reallocate = override is not None and override.reallocate
        named = reallocate and override is not None and row.driver in override.no_points
        if named or ((rules.pass_down or reallocate) and not row.eligible):
            places.setdefault(_key(row), set()).add(row.position)
        elif row.eligible:
            scoring.setdefault(_key(row), set()).add(row.position)
    return {key: tuple(sorted(held - scoring.get(key, set()))) for key, held in places.items()}


def _barred_crew(
    rows: list[ScoredResult], rules: ChampionshipRules, distances: Mapping[int, Decimal] | None
) -> Counter[tuple[RaceKey, int | None, str]]:
    """Per shared car, how many of its drivers an override bars from scoring: the car's points
    are split among the others only (1957 British GP: Collins barred, Trintignant scores 4th's 3).
    """
    barred: Counter[tuple[RaceKey, int | None, str]] = Counter()
    for row in rows:
        override = _override(row, rules, distances)
        if row.shared > 1 and override is not None and row.driver in override.no_points:
            barred[(_key(row), row.position, row.car)] += 1
    return barred


def _moved_up(row: ScoredResult, vacated: tuple[int, ...]) -> ScoredResult:
    """A finisher moves up one place for each vacated place ahead of it."""
    if not vacated or row.position is None:
        return row
    ahead = sum(1 for place in vacated if place < row.position)
    return replace(row, position=row.position - ahead) if ahead else row


def _key(row: ScoredResult) -> RaceKey:
    return (row.season, row.round, row.sprint, row.car_class)


def _position_points(
    row: ScoredResult, system: PointsSystem, override: RaceOverride | None
) -> Decimal:
    if not row.classified or row.position is None:
        return ZERO
    table = override.positions if override and override.positions is not None else None
    if table is not None:
        base = table[row.position - 1] if row.position <= len(table) else ZERO
    else:
        base = system.for_position(row.position)
    if override is not None:
        base *= override.factor
    return _share(base, row.shared, system.shared_drives)


def _share(points: Decimal, drivers: int, rule: SharedDrive) -> Decimal:
    if drivers <= 1 or rule is SharedDrive.FULL:
        return points
    if rule is SharedDrive.NONE:
        return ZERO
    return points / drivers


def _fastest_lap_points(
    row: ScoredResult, system: PointsSystem, override: RaceOverride | None, holders: int
) -> Decimal:
    if not row.fastest_lap or not system.fastest_lap or holders == 0:
        return ZERO
    if override is not None and not override.fastest_lap:
        return ZERO
    if system.fastest_lap_classified and not row.classified:
        return ZERO
    top = system.fastest_lap_top
    if top is not None and (row.position is None or not row.classified or row.position > top):
        return ZERO
    return system.fastest_lap / holders


def _pole_points(row: ScoredResult, system: PointsSystem, holders: int) -> Decimal:
    if not row.pole or not system.pole or holders == 0:
        return ZERO
    return system.pole / holders
