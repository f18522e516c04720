"""Classify a race: most laps first, then the earliest last crossing of the line."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from pitboard.model import (
    CarNumber,
    ClassificationRules,
    ClassificationStatus,
    ClassifiedCar,
    Entry,
    Lap,
    Penalty,
    PositionDropScope,
    Stint,
)
from pitboard.rules import penalties as pen
from pitboard.rules.gaps import race_gap
from pitboard.rules.laps import best_lap
from pitboard.rules.order import car_number_key, number_positions
from pitboard.rules.stints import pit_stops, stints

Status = ClassificationStatus

# Published order: classified cars, then not classified, retired, disqualified, non-starters.
_GROUP = {
    Status.CLASSIFIED: 0,
    Status.NOT_CLASSIFIED: 1,
    Status.DNF: 2,
    Status.DSQ: 3,
    Status.DNS: 4,
}


def classify_race(
    entries: Sequence[Entry],
    laps_by_car: dict[CarNumber, list[Lap]],
    rules: ClassificationRules,
    penalties: Sequence[Penalty] = (),
) -> list[ClassifiedCar]:
    by_car = pen.penalties_by_car(penalties)
    rows = [race_row(e, laps_by_car.get(e.number, []), by_car.get(e.number, [])) for e in entries]
    return rank_race(rows, laps_by_car, rules, by_car)


def rank_race(
    rows: list[ClassifiedCar],
    laps_by_car: Mapping[CarNumber, Sequence[Lap]],
    rules: ClassificationRules,
    by_car: Mapping[CarNumber, list[Penalty]],
) -> list[ClassifiedCar]:
    """Each car's `race_row` (given fresh: they are changed in place) put in order: statuses,
    gaps, positions. Reads only each car's last lap, so its cost does not grow with the race
    (the live session keeps the rows of the cars that did not cross since)."""
    _set_statuses(rows, laps_by_car, rules)
    rows.sort(key=lambda row: _order_key(row, rules))
    # Gaps are those of the order on the road: a position penalty moves a car's row, not its
    # gaps (GR Cup 2025 Road America R2: #72, dropped from P2 to P26, keeps `+2.135`).
    _set_gaps(rows)
    _drop_positions(rows, by_car, rules)
    _send_to_the_back(rows, by_car, rules)
    number_positions(rows)
    return rows


def race_row(entry: Entry, laps: Sequence[Lap], penalties: Sequence[Penalty]) -> ClassifiedCar:
    """One car's facts from its own laps and penalties, before it is ranked."""
    row = ClassifiedCar(position=0, entry=entry, status=Status.CLASSIFIED)
    if not laps:
        row.status = Status.DNS
        return row
    row.deleted_laps = sorted(pen.deleted_laps(penalties))
    row.laps = max(0, laps[-1].number - pen.deducted_laps(penalties))
    row.penalty_time = pen.added_time(penalties)
    last_crossing = laps[-1].elapsed
    row.total_time = None if last_crossing is None else last_crossing + row.penalty_time
    best = best_lap(_timed_laps(laps), set(row.deleted_laps))
    if best is not None:
        row.best_lap, row.best_lap_number = best.time, best.number
    row.pit_stops = pit_stops(laps)
    row.stints = stints(laps)
    if pen.is_disqualified(penalties):
        row.status = Status.DSQ
    return row


def extend_race_row(
    row: ClassifiedCar, laps: Sequence[Lap], counted: int, penalties: Sequence[Penalty]
) -> ClassifiedCar:
    """`race_row(row.entry, laps, penalties)` for a car whose `row` was made from
    `laps[:counted]` and the same penalties: reads only the laps since (its last stint is
    extended, not read again), so a lap costs the same at hour 24 as at hour 1."""
    start = counted - _last_stint_length(row)
    if not _continues(row, laps, counted, start):
        return race_row(row.entry, laps, penalties)
    best_time, best_number = row.best_lap, row.best_lap_number
    best = best_lap(_timed_laps(laps[counted:]), set(row.deleted_laps))
    if best is not None and (best_time is None or (best.time or 0) < best_time):
        best_time, best_number = best.time, best.number
    last_crossing = laps[-1].elapsed
    return ClassifiedCar(  # every field given: the row's gaps (not ranked yet) are shared
        position=0,
        entry=row.entry,
        status=row.status,
        laps=max(0, laps[-1].number - pen.deducted_laps(penalties)),
        total_time=None if last_crossing is None else last_crossing + row.penalty_time,
        gap_first=row.gap_first,
        gap_previous=row.gap_previous,
        best_lap=best_time,
        best_lap_number=best_number,
        pit_stops=row.pit_stops + pit_stops(laps[counted - 1 :]),
        stints=_extend_stints(row.stints, laps, counted),
        penalty_time=row.penalty_time,
        deleted_laps=row.deleted_laps,
    )


def _extend_stints(before: list[Stint], laps: Sequence[Lap], counted: int) -> list[Stint]:
    """`stints(laps)` from `before = stints(laps[:counted])`: the stints from the last counted
    lap on, the first of them joined to the last stint before (that lap ends it), so a lap
    costs the laps since, not its stint's."""
    last, (head, *rest) = before[-1], stints(laps[counted - 1 :])
    time = last.time + head.time - (laps[counted - 1].time or 0)  # that lap is in both
    return [*before[:-1], Stint(last.driver, last.first_lap, head.last_lap, time), *rest]


def _last_stint_length(row: ClassifiedCar) -> int:
    """How many laps the row's last stint has, if they are numbered one by one (-1: none)."""
    if not row.stints:
        return -1
    return row.stints[-1].last_lap - row.stints[-1].first_lap + 1


def _continues(row: ClassifiedCar, laps: Sequence[Lap], counted: int, start: int) -> bool:
    """Is `laps[start:counted]` the row's last stint, so that the row can be extended?"""
    if row.status is Status.DNS or not 0 <= start < counted <= len(laps):
        return False
    last = row.stints[-1]
    return laps[start].number == last.first_lap and laps[counted - 1].number == last.last_lap


def _timed_laps(laps: Sequence[Lap]) -> list[Lap]:
    """The laps that can be a race's fastest lap: not the first (it starts behind the line or
    from the rolling start), not an in-lap (it ends in the pit lane). In every IMSA 2021/2023
    and GR Cup 2025 official result, no fastest lap is a first lap or an in-lap."""
    return [lap for lap in laps if lap.number > 1 and not lap.in_pit]


def finish_time(laps_by_car: Mapping[CarNumber, Sequence[Lap]]) -> int | None:
    """When the chequered flag fell: the winner's last crossing (most laps, then earliest)."""
    finishers = [(-laps[-1].number, laps[-1].elapsed) for laps in laps_by_car.values() if laps]
    timed = [(n, t) for n, t in finishers if t is not None]
    return min(timed)[1] if timed else None


def _set_statuses(
    rows: list[ClassifiedCar],
    laps_by_car: Mapping[CarNumber, Sequence[Lap]],
    rules: ClassificationRules,
) -> None:
    flag_time = finish_time(laps_by_car)
    racing = [r for r in rows if r.status not in (Status.DNS, Status.DSQ)]
    overall_max = max((r.laps for r in racing), default=0)
    class_max: dict[str, int] = {}
    for row in racing:
        car_class = row.entry.car_class
        class_max[car_class] = max(class_max.get(car_class, 0), row.laps)
    # the fewest laps classified (laps < share * reference <=> laps < ceil(share * reference))
    fewest_overall = math.ceil(rules.minimum_distance * overall_max)
    fewest_in_class = {
        name: math.ceil(rules.minimum_distance * most) for name, most in class_max.items()
    }
    for row in racing:
        last = laps_by_car[row.number][-1].elapsed
        took_flag = flag_time is not None and last is not None and last >= flag_time
        fewest = (
            fewest_in_class[row.entry.car_class]
            if rules.minimum_distance_per_class
            else fewest_overall
        )
        if not took_flag:
            row.status = Status.DNF
        elif row.laps < fewest:
            row.status = Status.NOT_CLASSIFIED


def _order_key(
    row: ClassifiedCar, rules: ClassificationRules
) -> tuple[int, int, int, int, int, str]:
    """Group, most laps, earliest finish; cars without a lap by number (`01` before `1`)."""
    group = _GROUP[row.status]
    if row.status is Status.DNF and not rules.chequered_flag_required:
        group = 0  # a retired car is ranked by distance among the finishers
    time = row.total_time if row.total_time is not None else 2**62
    if row.status is not Status.DNS:
        return group, -row.laps, time, 0, 0, ""
    return group, -row.laps, time, *car_number_key(row.number)


def _drop_positions(
    rows: list[ClassifiedCar],
    by_car: Mapping[CarNumber, list[Penalty]],
    rules: ClassificationRules,
) -> None:
    """Move each car down its penalty places (within its class when the ruleset says so)."""
    for number, penalties in by_car.items():
        places = pen.dropped_positions(penalties)
        index = next((i for i, row in enumerate(rows) if row.number == number), None)
        if not places or index is None:
            continue
        row = rows.pop(index)
        target = index
        remaining = places
        while remaining and target < len(rows):
            same_class = rows[target].entry.car_class == row.entry.car_class
            if rules.position_drop_scope is PositionDropScope.OVERALL or same_class:
                remaining -= 1
            target += 1
        rows.insert(target, row)


def _send_to_the_back(
    rows: list[ClassifiedCar],
    by_car: Mapping[CarNumber, list[Penalty]],
    rules: ClassificationRules,
) -> None:
    """Move each car sent to the back behind the last car of its group, in road order."""
    for row in [row for row in rows if pen.sent_to_the_back(by_car.get(row.number, []))]:
        rows.remove(row)
        group = _order_key(row, rules)[0]
        last = max(
            (i for i, other in enumerate(rows) if _order_key(other, rules)[0] == group), default=-1
        )
        rows.insert(last + 1, row)


def _set_gaps(rows: list[ClassifiedCar]) -> None:
    if not rows:
        return
    leader = rows[0]
    for ahead, row in zip([None, *rows], rows, strict=False):
        if ahead is None:
            continue
        row.gap_first = race_gap(row.laps, row.total_time, leader.laps, leader.total_time)
        row.gap_previous = race_gap(row.laps, row.total_time, ahead.laps, ahead.total_time)
