"""Classify a race: most laps first, then the earliest last crossing of the line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pitboard.model import (
    CarNumber,
    ClassificationRules,
    ClassificationStatus,
    ClassifiedCar,
    Entry,
    Gap,
    Lap,
    PositionDropScope,
    Stint,
)
from pitboard.rules import penalties as pen
from pitboard.rules.gaps import race_gap
from pitboard.rules.laps import best_lap
from pitboard.rules.order import car_number_key, positions
from pitboard.rules.stints import pit_stops, stints, stops_and_stints

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (pitboard.cli.batch)
if TYPE_CHECKING:
    from pitboard.model import Penalty  # a type only: a run without penalties never makes it

Status = ClassificationStatus
OrderKey = tuple[int, int, int, int, int, str]  # `_order_keys`

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
    *,
    running: bool = False,
) -> list[ClassifiedCar]:
    by_car = pen.penalties_by_car(penalties)
    rows = [race_row(e, laps_by_car.get(e.number, []), by_car.get(e.number, [])) for e in entries]
    return rank_race(rows, laps_by_car, rules, by_car, running=running)


def rank_race(
    rows: list[ClassifiedCar],
    laps_by_car: Mapping[CarNumber, Sequence[Lap]],
    rules: ClassificationRules,
    by_car: Mapping[CarNumber, list[Penalty]],
    *,
    running: bool = False,
) -> list[ClassifiedCar]:
    """Each car's `race_row` put in order: statuses, gaps, positions. A row never ranked
    (position 0: fresh from `race_row` or `extend_race_row`) is given its ranking in place; a
    row from a ranking before (which others may hold) is returned itself when its ranking is the
    same, else a copy, its gaps the same objects while they are the same. Reads only each car's
    last lap, so its cost does not grow with the race (the live session keeps the ranked rows
    and extends those of the cars that crossed since). While the race is `running` no car has
    taken the flag, so none is retired or short of the distance yet: the order is the road's."""
    statuses = _running(rows) if running else _statuses(rows, laps_by_car, rules)
    keys = _order_keys(rows, statuses, rules)
    order = sorted(range(len(rows)), key=keys.__getitem__)
    # Gaps are those of the order on the road: a position penalty moves a car's row, not its
    # gaps (GR Cup 2025 Road America R2: #72, dropped from P2 to P26, keeps `+2.135`).
    gaps = _gaps(rows, order)
    if by_car:
        _drop_positions(order, rows, by_car, rules)
        _send_to_the_back(order, rows, keys, by_car)
    ranked = [rows[at] for at in order]
    for place, (position, class_position) in zip(order, positions(ranked), strict=True):
        row, status, (gap_first, gap_previous) = rows[place], statuses[place], gaps[place]
        if (
            row.position != position
            or row.class_position != class_position
            or row.status is not status
            or row.gap_first is not gap_first
            or row.gap_previous is not gap_previous
        ):
            if row.position:  # ranked before: it may be held elsewhere
                row = ranked[position - 1] = row.copy()
            row.position, row.class_position, row.status = position, class_position, status
            row.gap_first, row.gap_previous = gap_first, gap_previous
    return ranked


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
    row.pit_stops, row.stints = stops_and_stints(laps)
    if pen.is_disqualified(penalties):
        row.status = Status.DSQ
    return row


def extend_race_row(
    row: ClassifiedCar, laps: Sequence[Lap], counted: int, penalties: Sequence[Penalty]
) -> ClassifiedCar:
    """`race_row(row.entry, laps, penalties)` for a car whose `row` was made from
    `laps[:counted]` and the same penalties: reads only the laps since (its last stint is
    extended, not read again), so a lap costs the same at hour 24 as at hour 1. `row` may be
    ranked: its status and gaps are carried on (`rank_race` sets them again, its gaps kept
    while they are the same)."""
    start = counted - _last_stint_length(row)
    if not _continues(row, laps, counted, start):
        return race_row(row.entry, laps, penalties)
    best_time, best_number = row.best_lap, row.best_lap_number
    best = best_lap(_timed_laps(laps[counted:]), set(row.deleted_laps))
    if best is not None and (best_time is None or (best.time or 0) < best_time):
        best_time, best_number = best.time, best.number
    last_crossing = laps[-1].elapsed
    return ClassifiedCar(  # every field given; position 0: not ranked (`rank_race` sets it)
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


def _running(rows: Sequence[ClassifiedCar]) -> list[Status]:
    """Each row's status before the flag: `race_row`'s DNS and DSQ kept, every other car
    classified (still racing)."""
    return [
        row.status if row.status is Status.DNS or row.status is Status.DSQ else Status.CLASSIFIED
        for row in rows
    ]


def _statuses(
    rows: Sequence[ClassifiedCar],
    laps_by_car: Mapping[CarNumber, Sequence[Lap]],
    rules: ClassificationRules,
) -> list[Status]:
    """Each row's status: `race_row`'s DNS and DSQ kept; a car that did not take the flag
    retired; one short of the minimum distance not classified."""
    flag_time = finish_time(laps_by_car)
    racing = [r for r in rows if r.status is not Status.DNS and r.status is not Status.DSQ]
    overall_max = max((r.laps for r in racing), default=0)
    class_max: dict[str, int] = {}
    for row in racing:
        car_class = row.entry.car_class
        if row.laps > class_max.get(car_class, -1):
            class_max[car_class] = row.laps
    # the fewest laps classified (laps < share * reference <=> laps < ceil(share * reference)),
    # in integers: ceil(p / q * most) == -(-p * most // q)
    share, over = rules.minimum_distance.numerator, rules.minimum_distance.denominator
    fewest_overall = -(-share * overall_max // over)
    fewest_in_class = {name: -(-share * most // over) for name, most in class_max.items()}
    per_class = rules.minimum_distance_per_class
    statuses: list[Status] = []
    for row in rows:
        status = row.status
        if status is not Status.DNS and status is not Status.DSQ:
            last = laps_by_car[row.entry.number][-1].elapsed
            fewest = fewest_in_class[row.entry.car_class] if per_class else fewest_overall
            if flag_time is None or last is None or last < flag_time:
                status = Status.DNF
            elif row.laps < fewest:
                status = Status.NOT_CLASSIFIED
            else:
                status = Status.CLASSIFIED
        statuses.append(status)
    return statuses


def _order_keys(
    rows: Sequence[ClassifiedCar], statuses: Sequence[Status], rules: ClassificationRules
) -> list[OrderKey]:
    """Group, most laps, earliest finish; cars without a lap by number (`01` before `1`)."""
    keys: list[OrderKey] = []
    retired = 2 if rules.chequered_flag_required else 0  # else ranked by distance as finishers
    for row, status in zip(rows, statuses, strict=True):
        group = retired if status is Status.DNF else _GROUP[status]
        time = row.total_time if row.total_time is not None else 2**62
        if status is not Status.DNS:
            keys.append((group, -row.laps, time, 0, 0, ""))
        else:
            keys.append((group, -row.laps, time, *car_number_key(row.entry.number)))
    return keys


def _gaps(
    rows: Sequence[ClassifiedCar], order: Sequence[int]
) -> dict[int, tuple[Gap | None, Gap | None]]:
    """Each row's gap to the first and to the row ahead in `order` (by index in `rows`), the
    row's own gaps kept while they are the same."""
    gaps: dict[int, tuple[Gap | None, Gap | None]] = {}
    if not order:
        return gaps
    leader = rows[order[0]]
    first, previous = leader.gap_first, leader.gap_previous
    reference = first if first is not None and first.is_reference else _REFERENCE
    interval = previous if previous is not None and previous.is_reference else _REFERENCE
    gaps[order[0]] = reference, interval
    laps, time = leader.laps, leader.total_time
    ahead_laps, ahead_time = laps, time
    for at in order[1:]:
        row = rows[at]
        gaps[at] = (
            race_gap(row.laps, row.total_time, laps, time, row.gap_first),
            race_gap(row.laps, row.total_time, ahead_laps, ahead_time, row.gap_previous),
        )
        ahead_laps, ahead_time = row.laps, row.total_time
    return gaps


def _drop_positions(
    order: list[int],
    rows: Sequence[ClassifiedCar],
    by_car: Mapping[CarNumber, list[Penalty]],
    rules: ClassificationRules,
) -> None:
    """Move each car (its index in `rows`) down its penalty places in `order` (within its
    class when the ruleset says so)."""
    for number, penalties in by_car.items():
        places = pen.dropped_positions(penalties)
        if not places:
            continue
        index = next((i for i, at in enumerate(order) if rows[at].number == number), None)
        if index is None:
            continue
        moved = order.pop(index)
        car_class = rows[moved].entry.car_class
        target = index
        remaining = places
        while remaining and target < len(order):
            same_class = rows[order[target]].entry.car_class == car_class
            if rules.position_drop_scope is PositionDropScope.OVERALL or same_class:
                remaining -= 1
            target += 1
        order.insert(target, moved)


def _send_to_the_back(
    order: list[int],
    rows: Sequence[ClassifiedCar],
    keys: Sequence[OrderKey],
    by_car: Mapping[CarNumber, list[Penalty]],
) -> None:
    """Move each car sent to the back behind the last car of its group (the first of its
    `keys`), in road order."""
    for moved in [at for at in order if pen.sent_to_the_back(by_car.get(rows[at].number, []))]:
        order.remove(moved)
        group = keys[moved][0]
        last = max((i for i, at in enumerate(order) if keys[at][0] == group), default=-1)
        order.insert(last + 1, moved)


_REFERENCE = Gap.reference()  # the leader's gaps (a `Gap` never changes: shared)
