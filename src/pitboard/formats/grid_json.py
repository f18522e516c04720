"""An entry list and a starting grid as JSON: one serializer each, used by `pitboard grid show
--json` and by the site (`/sessions/{key}/entries.json`, `/sessions/{key}/grid.json`)."""

from __future__ import annotations

from typing import Any

from pitboard.model import Entry
from pitboard.model.grid import GridSlot


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    return {
        "number": entry.number,
        "class": entry.car_class,
        "team": entry.team,
        "vehicle": entry.vehicle,
        "drivers": [
            {"name": d.name, "category": d.category, "country": d.country} for d in entry.drivers
        ],
    }


def grid_slot_to_dict(slot: GridSlot) -> dict[str, Any]:
    return {
        "position": slot.position,
        "number": slot.number,
        "class": slot.entry.car_class,
        "class_position": slot.class_position,
        "team": slot.entry.team,
        "drivers": slot.entry.driver_names,
        "starting_driver": slot.driver or None,
        "qualifying_position": slot.qualifying_position,
        "time_ms": slot.time,
        "penalty_places": slot.penalty_places,
        "pit_lane": slot.pit_lane,
    }
