"""The tower as JSON for the WebSocket stream and the API (times in ms, gaps as printed).

The stint clock and the time in the pit lane go as the race-clock time they began
(`stint_from_ms`, `lane_from_ms`); the page counts them against the header's `elapsed_ms`. So a
row changes only when its car's timing does, and a crossing sends a few rows, not the tower.
Sectors go with their marks (`sector_markers`, `best_sector_markers`: `session_best`,
`class_best`, `personal_best` or `none`, as `rules.sectors` gives them); a car that beats a
sector best changes the rows of the cars whose marks it takes.
`TowerEncoder` keeps each row's JSON while the row stays the same, so a tower costs the rows that
changed (and `tower_changes` finds the others by identity).
"""

from __future__ import annotations

from typing import Any

from pitboard.model import Gap
from pitboard.model.passing import Tower, TowerRow, TowerSectors


def _gap(gap: Gap | None) -> str | None:
    return None if gap is None else str(gap)


def row_to_json(row: TowerRow) -> dict[str, Any]:
    """The row's fields (each enum's `_value_`: its value, without `Enum.value`'s descriptor)."""
    return {
        "position": row.position,
        "class_position": row.class_position,
        "number": row.number,
        "class": row.car_class,
        "team": row.team,
        "vehicle": row.vehicle,
        "driver": row.driver,
        "laps": row.laps,
        "gap": _gap(row.gap),
        "interval": _gap(row.interval),
        "class_gap": _gap(row.class_gap),
        "class_interval": _gap(row.class_interval),
        "last_lap_ms": row.last_lap,
        "last_lap_marker": row.last_lap_marker._value_,
        "best_lap_ms": row.best_lap,
        "best_lap_marker": row.best_lap_marker._value_,
        "state": row.state._value_,
        "pit_stops": row.pit_stops,
        "lane_from_ms": row.lane_from,
        "stint_from_ms": row.stint_from,
        "stint_laps": row.stint_laps,
        "status": row.status._value_,
        **sectors_to_json(row.sectors),
    }


def sectors_to_json(sectors: TowerSectors) -> dict[str, Any]:
    """The marks go as computed in `rules.sectors` (the page only colours them)."""
    return {
        "sectors_ms": list(sectors.last),
        "sector_markers": [marker._value_ for marker in sectors.last_markers],
        "best_sectors_ms": list(sectors.best),
        "best_sector_markers": [marker._value_ for marker in sectors.best_markers],
        "top_speed_kph": None if sectors.top_speed is None else str(sectors.top_speed),
    }


def tower_header(tower: Tower) -> dict[str, Any]:
    return {
        "flag": tower.flag.value,
        "elapsed_ms": tower.elapsed,
        "remaining_ms": tower.remaining_time,
        "remaining_laps": tower.remaining_laps,
        "finished": tower.finished,
        "classes": list(tower.classes),
    }


def tower_to_json(tower: Tower) -> dict[str, Any]:
    return {**tower_header(tower), "rows": [row_to_json(row) for row in tower.rows]}


class TowerEncoder:
    """`tower_to_json` that makes a row's JSON again only when the row changed (the same dict
    otherwise: shared by the towers it is in, never changed by their readers)."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[TowerRow, dict[str, Any]]] = {}

    def __call__(self, tower: Tower) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        for row in tower.rows:
            kept = self._rows.get(row.number)
            if kept is None or (kept[0] is not row and kept[0] != row):
                kept = self._rows[row.number] = (row, row_to_json(row))
            rows.append(kept[1])
        return {**tower_header(tower), "rows": rows}


def tower_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    """What a client holding `before` needs to reach `after`: the header and the changed rows."""
    if before is None:
        return {"type": "snapshot", **after}
    old = {row["number"]: row for row in before["rows"]}
    changed = [row for row in after["rows"] if _changed(old.get(row["number"]), row)]
    header = {key: value for key, value in after.items() if key != "rows"}
    return {"type": "changes", **header, "rows": changed}


def _changed(before: dict[str, Any] | None, after: dict[str, Any]) -> bool:
    return before is not after and before != after
