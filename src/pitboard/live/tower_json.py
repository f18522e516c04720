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

import json
from typing import Any

from pitboard.model import Gap
from pitboard.model.passing import LapMarker, Tower, TowerRow, TowerSectors
from pitboard.store.journal import encode_payload

Message = dict[str, Any]
_quote = json.encoder.encode_basestring_ascii  # a str as `json.dumps` writes it (ensure_ascii)
# An enum goes as its value (its `_value_`, without `Enum.value`'s descriptor; not looked up by
# the member, which `Enum.__hash__` hashes in Python): the markers', states' and statuses' values
# are plain words, the same text in JSON quotes.


def _gap(gap: Gap | None) -> str | None:
    return None if gap is None else str(gap)


def _text(value: str | None) -> str:
    return "null" if value is None else _quote(value)


def _number(value: int | None) -> str:
    return "null" if value is None else str(value)


def _numbers(values: tuple[int | None, ...]) -> str:
    return "[" + ", ".join(["null" if value is None else str(value) for value in values]) + "]"


def _markers(markers: tuple[LapMarker, ...]) -> str:
    return "[" + ", ".join([f'"{marker._value_}"' for marker in markers]) + "]"


def row_to_json(row: TowerRow) -> Message:
    return _row_json(row, _sectors_json(row.sectors))[0]


def _row_json(
    row: TowerRow, sectors: tuple[Message, str], before: tuple[TowerRow, Message] | None = None
) -> tuple[Message, str]:
    """The row's fields, and their JSON text (`json.dumps` of them, written directly: the
    keys are known, only the values are encoded); `sectors`: the row's `_sectors_json`;
    `before`: the car's row before and its fields, whose gaps' text is kept for the same gaps
    (a `Gap` never changes)."""
    if before is None:
        gap, interval = _gap(row.gap), _gap(row.interval)
        class_gap, class_interval = _gap(row.class_gap), _gap(row.class_interval)
    else:
        old, fields = before
        gap = fields["gap"] if row.gap is old.gap else _gap(row.gap)
        interval = fields["interval"] if row.interval is old.interval else _gap(row.interval)
        class_gap = fields["class_gap"] if row.class_gap is old.class_gap else _gap(row.class_gap)
        class_interval = (
            fields["class_interval"]
            if row.class_interval is old.class_interval
            else _gap(row.class_interval)
        )
    last_marker, best_marker = row.last_lap_marker._value_, row.best_lap_marker._value_
    state, status = row.state._value_, row.status._value_
    fields = {
        "position": row.position,
        "class_position": row.class_position,
        "number": row.number,
        "class": row.car_class,
        "team": row.team,
        "vehicle": row.vehicle,
        "driver": row.driver,
        "laps": row.laps,
        "gap": gap,
        "interval": interval,
        "class_gap": class_gap,
        "class_interval": class_interval,
        "last_lap_ms": row.last_lap,
        "last_lap_marker": last_marker,
        "best_lap_ms": row.best_lap,
        "best_lap_marker": best_marker,
        "state": state,
        "pit_stops": row.pit_stops,
        "lane_from_ms": row.lane_from,
        "stint_from_ms": row.stint_from,
        "stint_laps": row.stint_laps,
        "status": status,
        **sectors[0],
    }
    text = (
        f'{{"position": {row.position}, "class_position": {row.class_position}, '
        f'"number": {_quote(row.number)}, "class": {_quote(row.car_class)}, '
        f'"team": {_quote(row.team)}, "vehicle": {_quote(row.vehicle)}, '
        f'"driver": {_quote(row.driver)}, "laps": {row.laps}, "gap": {_text(gap)}, '
        f'"interval": {_text(interval)}, "class_gap": {_text(class_gap)}, '
        f'"class_interval": {_text(class_interval)}, "last_lap_ms": {_number(row.last_lap)}, '
        f'"last_lap_marker": "{last_marker}", "best_lap_ms": {_number(row.best_lap)}, '
        f'"best_lap_marker": "{best_marker}", "state": "{state}", '
        f'"pit_stops": {row.pit_stops}, "lane_from_ms": {_number(row.lane_from)}, '
        f'"stint_from_ms": {_number(row.stint_from)}, "stint_laps": {row.stint_laps}, '
        f'"status": "{status}", {sectors[1]}}}'
    )
    return fields, text


def sectors_to_json(sectors: TowerSectors) -> Message:
    """The marks go as computed in `rules.sectors` (the page only colours them)."""
    return _sectors_json(sectors)[0]


def _sectors_json(sectors: TowerSectors) -> tuple[Message, str]:
    """The sectors' fields, and their JSON text (without braces: a part of the row's)."""
    speed = None if sectors.top_speed is None else str(sectors.top_speed)
    fields = {
        "sectors_ms": list(sectors.last),
        "sector_markers": [marker._value_ for marker in sectors.last_markers],
        "best_sectors_ms": list(sectors.best),
        "best_sector_markers": [marker._value_ for marker in sectors.best_markers],
        "top_speed_kph": speed,
    }
    text = (
        f'"sectors_ms": {_numbers(sectors.last)}, '
        f'"sector_markers": {_markers(sectors.last_markers)}, '
        f'"best_sectors_ms": {_numbers(sectors.best)}, '
        f'"best_sector_markers": {_markers(sectors.best_markers)}, '
        f'"top_speed_kph": {_text(speed)}'
    )
    return fields, text


def tower_header(tower: Tower) -> Message:
    return {
        "flag": tower.flag.value,
        "elapsed_ms": tower.elapsed,
        "remaining_ms": tower.remaining_time,
        "remaining_laps": tower.remaining_laps,
        "finished": tower.finished,
        "classes": list(tower.classes),
    }


def tower_to_json(tower: Tower) -> Message:
    return {**tower_header(tower), "rows": [row_to_json(row) for row in tower.rows]}


class TowerEncoder:
    """`tower_to_json` that makes a row's JSON again only when the row changed (the same dict
    otherwise: shared by the towers it is in, never changed by their readers), and its sectors'
    only when they changed; `text` writes a message of those rows as `json.dumps` would, each
    row's text made once with its dict."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[TowerRow, Message, str]] = {}
        self._sectors: dict[str, tuple[TowerSectors, tuple[Message, str]]] = {}

    def __call__(self, tower: Tower) -> Message:
        rows: list[Message] = []
        kept_rows, kept_sectors = self._rows, self._sectors
        for row in tower.rows:
            number = row.number
            kept = kept_rows.get(number)
            if kept is None or kept[0] is not row:  # a row is new when it changed (`_row`)
                sectors = kept_sectors.get(number)
                if sectors is None or sectors[0] is not row.sectors:
                    sectors = kept_sectors[number] = row.sectors, _sectors_json(row.sectors)
                before = None if kept is None else (kept[0], kept[1])
                kept = kept_rows[number] = (row, *_row_json(row, sectors[1], before))
            rows.append(kept[1])
        return {**tower_header(tower), "rows": rows}

    def text(self, message: Message) -> str:
        """`json.dumps(message)` for a message whose last key is `rows` (a tower, a snapshot, a
        tower's changes): the rows this encoder made go as the text it made with them."""
        rows = message["rows"]
        if next(reversed(message)) != "rows":
            raise ValueError(f"a tower message ends with its rows, not {next(reversed(message))!r}")
        texts: list[str] = []
        kept_rows = self._rows
        for row in rows:
            kept = kept_rows.get(row["number"])
            texts.append(kept[2] if kept is not None and kept[1] is row else encode_payload(row))
        head = encode_payload({key: value for key, value in message.items() if key != "rows"})
        listed = '"rows": [' + ", ".join(texts) + "]}"
        return head[:-1] + (", " if len(head) > 2 else "") + listed


def tower_changes(before: Message | None, after: Message) -> Message:
    """What a client holding `before` needs to reach `after`: the header and the changed rows."""
    if before is None:
        return {"type": "snapshot", **after}
    old = {row["number"]: row for row in before["rows"]}
    changed = [row for row in after["rows"] if _changed(old.get(row["number"]), row)]
    header = {key: value for key, value in after.items() if key != "rows"}
    return {"type": "changes", **header, "rows": changed}


def _changed(before: Message | None, after: Message) -> bool:
    return before is not after and before != after
