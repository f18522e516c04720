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

RaceKey = tuple[int, int, bool]  # season, round, sprint


def award_points(
    results: Iterable[ScoredResult],
    rules: ChampionshipRules,
    distances: Mapping[int, Decimal] | None = None,
) -> list[tuple[ScoredResult, Decimal]]:
    """Each result with the points it earns; computed from positions, never read from a sheet.

    `distances` (round -> share of the scheduled distance covered) selects the short-race scale.
    """
    rows = list(results)
    fastest = Counter(_key(r) for r in rows if r.fastest_lap)
    poles = Counter(_key(r) for r in rows if r.pole)
    awarded: list[tuple[ScoredResult, Decimal]] = []
    for row in rows:
        system = rules.sprint if row.sprint else rules.race
        if system is None:
            awarded.append((row, ZERO))
            continue
        override = (
            None if row.sprint else rules.override(row.round, (distances or {}).get(row.round))
        )
        if override is not None and row.driver in override.no_points:
            awarded.append((row, ZERO))
            continue
        row_for_points = _reallocated(row, override, rows)
        points = _position_points(row_for_points, system, override)
        points += _fastest_lap_points(row, system, override, fastest[_key(row)])
        points += _pole_points(row, system, poles[_key(row)])
        awarded.append((row, points))
    return awarded


def _reallocated(
    row: ScoredResult, override: RaceOverride | None, rows: list[ScoredResult]
) -> ScoredResult:
    """With `reallocate`, a finisher moves up one place for each non-scoring car ahead."""
    if override is None or not override.reallocate or row.position is None:
        return row
    ahead = {
        r.position
        for r in rows
        if _key(r) == _key(row)
        and r.driver in override.no_points
        and r.position is not None
        and r.position < row.position
    }
    return replace(row, position=row.position - len(ahead))


def _key(row: ScoredResult) -> RaceKey:
    return (row.season, row.round, row.sprint)


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
