"""A classification as JSON: the `pitboard classify --json` contract."""

from __future__ import annotations

from typing import Any

from pitboard.model import Classification, ClassifiedCar


def classification_to_dict(classification: Classification) -> dict[str, Any]:
    return {
        "session": {
            "kind": classification.kind.value,
            "cars": len(classification.rows),
            "laps": classification.lap_count,
            "classes": classification.classes,
        },
        "classification": [_row(row) for row in classification.rows],
    }


def _row(row: ClassifiedCar) -> dict[str, Any]:
    return {
        "position": row.position,
        "number": row.number,
        "class": row.entry.car_class,
        "class_position": row.class_position,
        "status": row.status.value,
        "laps": row.laps,
        "total_time_ms": row.total_time,
        "gap_first": str(row.gap_first) if row.gap_first is not None else None,
        "gap_previous": str(row.gap_previous) if row.gap_previous is not None else None,
        "best_lap_ms": row.best_lap,
        "best_lap_number": row.best_lap_number,
        "pit_stops": len(row.pit_stops),
        "pit_time_ms": row.pit_time,
        "penalty_time_ms": row.penalty_time,
        "drivers": row.entry.driver_names,
        "team": row.entry.team,
        "vehicle": row.entry.vehicle,
        "stints": [
            {"driver": s.driver, "first_lap": s.first_lap, "laps": s.laps, "time_ms": s.time}
            for s in row.stints
        ],
        "drive_time_ms": row.drive_times(),
    }
