"""A result as JSON: the one serializer of result rows and stewards' decisions, used by
`pitboard classify --json` (a versioned contract, docs/classification.md) and by the site
(`/sessions/{id}.json`)."""

from __future__ import annotations

from pitboard.model import Gap
from pitboard.rules.results_table import ResultRow, ResultTable, lap_time_text
from pitboard.rules.sectors import Mark

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (pitboard.cli.batch)
if TYPE_CHECKING:  # decisions are the site's: `classify --json` does not load them
    from datetime import datetime
    from typing import Any

    from pitboard.model.decision import Decision

# The contract's version: 2 added class_gap, class_interval, best_lap, pit_stop_laps,
# stints[].last_lap; `position`/`class_position` are null for a car the ruleset lists unranked.
# 3 added laps_led, grid_position, places_gained, average_speed_kph (null where unknown).
# 4 added best_sectors_ms, sector_class_best, ideal_lap_ms, top_speed_kph.
CONTRACT_VERSION = 4


def classification_to_dict(table: ResultTable) -> dict[str, Any]:
    return {
        "version": CONTRACT_VERSION,
        "session": {
            "kind": table.kind.value,
            "cars": len(table.rows),
            "laps": table.lap_count,
            "classes": table.classes,
        },
        "classification": [row_to_dict(row) for row in table.rows],
    }


def _gap(gap: Gap | None) -> str | None:
    return None if gap is None else str(gap)


def row_to_dict(row: ResultRow) -> dict[str, Any]:
    car, entry = row.car, row.entry
    return {
        "position": row.position,
        "number": entry.number,
        "class": entry.car_class,
        "class_position": row.class_position,
        "status": car.status.value,
        "laps": car.laps,
        "total_time_ms": car.total_time,
        "gap_first": _gap(row.gap),
        "gap_previous": _gap(row.interval),
        "class_gap": _gap(row.class_gap),
        "class_interval": _gap(row.class_interval),
        "best_lap_ms": car.best_lap,
        "best_lap": lap_time_text(car.best_lap) or None,
        "best_lap_number": car.best_lap_number,
        "pit_stops": row.pit_stops,
        "pit_stop_laps": [{"lap": s.lap, "time_ms": s.time} for s in car.pit_stops],
        "pit_time_ms": car.pit_time,
        "penalty_time_ms": car.penalty_time,
        "drivers": entry.driver_names,
        "team": entry.team,
        "vehicle": entry.vehicle,
        "stints": [
            {
                "driver": s.driver,
                "first_lap": s.first_lap,
                "last_lap": s.last_lap,
                "laps": s.laps,
                "time_ms": s.time,
            }
            for s in car.stints
        ],
        "drive_time_ms": car.drive_times(),
        "laps_led": row.laps_led,
        "grid_position": row.grid_position,
        "places_gained": row.places_gained,
        "average_speed_kph": None if row.average_speed is None else str(row.average_speed),
        "best_sectors_ms": list(row.best_sectors),
        "sector_class_best": [marked is Mark.BEST for marked in row.sector_marks],
        "ideal_lap_ms": row.ideal_lap,
        "top_speed_kph": None if row.top_speed is None else str(row.top_speed),
    }


def decision_to_dict(decision: Decision, zone: str = "UTC") -> dict[str, Any]:
    penalty = decision.penalty
    return {
        "id": decision.id,
        "car": penalty.car,
        "kind": penalty.kind.value,
        "time_ms": penalty.millis,
        "laps": penalty.laps,
        "positions": penalty.positions,
        "lap": penalty.lap,
        "reason": penalty.reason,
        "decided_by": decision.decided_by,
        "decided_at": decision.decided_at.isoformat(),
        "result_version": decision.result_version,
        "summary": decision_summary(decision),
        "text": decision_text(decision, zone),
    }


def decision_summary(decision: Decision) -> str:
    """`Car 21: 5 s time penalty — track limits`."""
    penalty = decision.penalty
    what = {
        "time": f"{(penalty.millis or 0) / 1000:g} s time penalty",
        "laps": f"{penalty.laps} lap(s) deducted",
        "positions": f"{penalty.positions} place(s) back",
        "back": "to the back",
        "dsq": "disqualified",
        "delete_lap": f"lap {penalty.lap} deleted",
    }.get(penalty.kind.value, penalty.kind.value)
    return f"Car {penalty.car}: {what} — {penalty.reason}"


def decision_text(decision: Decision, zone: str = "UTC") -> str:
    """`Car 21: 5 s time penalty — track limits (Stewards, 2023-07-16 16:02 CEST)`: the time
    in the event's zone."""
    when = local_stamp(decision.decided_at, zone)
    return f"{decision_summary(decision)} ({decision.decided_by}, {when})"


def local_stamp(moment: datetime, zone: str = "UTC") -> str:
    """An aware moment in the zone `2023-09-24 16:05 CEST` (UTC for an unknown zone)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        where = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        where = ZoneInfo("UTC")
    return moment.astimezone(where).strftime("%Y-%m-%d %H:%M %Z")
