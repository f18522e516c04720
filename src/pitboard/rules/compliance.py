"""Rule-compliance checks read off the timing: drive time per driver, the mandatory stop (its
pit window and its minimum time in the pit lane) and stint length.

`check(session, rules)` returns every breach it finds (an empty list: none), each with its
evidence: the laps and the times measured against the limit. The checks only read laps, so
they measure what the timekeeper's lap analysis shows:

- a driver's time is the sum of the lap times credited to them (the out-lap, and so the stop,
  goes to the driver who takes over; see `rules.lap_analysis.drive_times`);
- a stop is made when the in-lap ends (the car crosses the line in the pit lane), timed from
  the start of the session (`Lap.elapsed`); its pit-lane time is `PIT_TIME` on the out-lap;
- a stint (for `max_stint`) runs from one stop to the next, whoever drives;
- a car that did not take the chequered flag is not held to a minimum (drive time, stops):
  it retired before it could meet it. Without flags at the line, a car that crossed the line
  after the winner finished took the flag.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from pitboard.model import (
    CarNumber,
    Flag,
    Lap,
    Millis,
    Penalty,
    PenaltyKind,
    Session,
    SessionKind,
    format_lap_time,
)
from pitboard.model.season import PitWindow
from pitboard.rules.lap_analysis import counted_laps, drive_times


@dataclass(frozen=True, slots=True)
class ComplianceRules:
    """What the sporting regulations ask of each car; None: no such rule."""

    name: str = "default"
    min_drive_time: Millis | None = None  # each driver who drove, over the session
    max_drive_time: Millis | None = None  # each driver, over the session
    # (limit, period): no driver may drive more than `limit` within any `period` (IMSA 4 h in 6 h)
    max_drive_in_period: tuple[Millis, Millis] | None = None
    mandatory_stops: int = 0  # stops each car must make (in the window, when there is one)
    stop_needs_driver_change: bool = False  # a mandatory stop must hand over to another driver
    pit_window: tuple[Millis, Millis] | None = None  # (opens, closes), from the session start
    min_pit_time: Millis | None = None  # time in the pit lane of each mandatory stop
    max_stint: Millis | None = None  # from one stop to the next


def with_pit_window(rules: ComplianceRules, window: PitWindow) -> ComplianceRules:
    """The rules with the mandatory stops of a season file's race session (its `pit_window`)."""
    return dataclasses.replace(
        rules,
        pit_window=(window.opens, window.closes),
        mandatory_stops=window.stops,
        stop_needs_driver_change=window.driver_change,
    )


class Check(enum.Enum):
    MIN_DRIVE_TIME = "min_drive_time"
    MAX_DRIVE_TIME = "max_drive_time"
    MAX_DRIVE_IN_PERIOD = "max_drive_in_period"
    MANDATORY_STOPS = "mandatory_stops"
    MIN_PIT_TIME = "min_pit_time"
    MAX_STINT = "max_stint"


@dataclass(frozen=True, slots=True)
class Breach:
    car: CarNumber
    check: Check
    message: str
    laps: tuple[int, ...] = ()  # the evidence: laps involved
    measured: Millis | None = None
    limit: Millis | None = None
    driver: str = ""


@dataclass(frozen=True, slots=True)
class _Stop:
    in_lap: Lap
    out_lap: Lap


def check(session: Session, rules: ComplianceRules) -> list[Breach]:
    """Every breach of `rules` in a race, car by car in entry order; the rules are those of
    a race, so practice and qualifying have none."""
    if session.kind is not SessionKind.RACE:
        return []
    breaches: list[Breach] = []
    by_car = {car: laps for car, laps in counted_laps(session).items() if laps}
    finishers = _finishers(by_car)
    for car, laps in by_car.items():
        breaches += check_car(car, laps, rules, finished=car in finishers)
    return breaches


def _finishers(by_car: dict[CarNumber, list[Lap]]) -> set[CarNumber]:
    """The cars that took the flag: their last lap carries it, or, in a file without flags at
    the line, they crossed the line after the winner finished (the winner included)."""
    if any(laps[-1].flag is Flag.CHEQUERED for laps in by_car.values()):
        return {car for car, laps in by_car.items() if laps[-1].flag is Flag.CHEQUERED}
    last = {car: (laps[-1].number, laps[-1].elapsed) for car, laps in by_car.items()}
    timed = [(-number, at) for number, at in last.values() if at is not None]
    if not timed:
        return set(by_car)
    finish = min(timed)[1]
    return {car for car, (_, at) in last.items() if at is None or at >= finish}


def check_car(
    car: CarNumber, laps: Sequence[Lap], rules: ComplianceRules, *, finished: bool = True
) -> list[Breach]:
    """The breaches of one car; `finished`: it took the flag, so minimums apply."""
    found = _drive_time_breaches(car, laps, rules, finished)
    found += _period_breaches(car, laps, rules)
    found += _stop_breaches(car, laps, rules, finished)
    found += _stint_breaches(car, laps, rules)
    return found


def _drive_time_breaches(
    car: CarNumber, laps: Sequence[Lap], rules: ComplianceRules, finished: bool
) -> list[Breach]:
    found = []
    for driver, time in drive_times(laps).items():
        driven = tuple(lap.number for lap in laps if lap.driver == driver)
        low, high = rules.min_drive_time, rules.max_drive_time
        if finished and low is not None and time < low:
            text = f"{_who(driver)} drove {_t(time)}, under the minimum {_t(low)}"
            found.append(Breach(car, Check.MIN_DRIVE_TIME, text, driven, time, low, driver))
        if high is not None and time > high:
            text = f"{_who(driver)} drove {_t(time)}, over the maximum {_t(high)}"
            found.append(Breach(car, Check.MAX_DRIVE_TIME, text, driven, time, high, driver))
    return found


def _period_breaches(car: CarNumber, laps: Sequence[Lap], rules: ComplianceRules) -> list[Breach]:
    if rules.max_drive_in_period is None:
        return []
    limit, period = rules.max_drive_in_period
    found = []
    for driver in drive_times(laps):
        mine = [lap for lap in laps if lap.driver == driver and _timed(lap)]
        time, window = _most_in_period(mine, period)
        if time > limit:
            text = (
                f"{_who(driver)} drove {_t(time)} within {_t(period)} "
                f"(laps {window[0]}-{window[-1]}), over the maximum {_t(limit)}"
            )
            found.append(Breach(car, Check.MAX_DRIVE_IN_PERIOD, text, window, time, limit, driver))
    return found


def _most_in_period(laps: Sequence[Lap], period: Millis) -> tuple[Millis, tuple[int, ...]]:
    """The most driving time (whole laps) inside any `period`, and those laps.

    Only laps wholly inside the period count, so a lap cut by its edge is left out: the
    measure never overstates the time driven."""
    best: tuple[Millis, tuple[int, ...]] = (0, ())
    end = 0
    total = 0
    for start, first in enumerate(laps):
        opens = _start(first)
        while end < len(laps) and _end(laps[end]) <= opens + period:
            total += _duration(laps[end])
            end += 1
        if end > start and total > best[0]:
            best = (total, tuple(lap.number for lap in laps[start:end]))
        if end > start:
            total -= _duration(first)
        else:
            end = start + 1
    return best


def _stop_breaches(
    car: CarNumber, laps: Sequence[Lap], rules: ComplianceRules, finished: bool
) -> list[Breach]:
    if rules.mandatory_stops <= 0:
        return []
    stops = _stops(laps)
    counting = [stop for stop in stops if _counts_as_mandatory(stop, rules)]
    found = []
    window = rules.pit_window
    ran_past_window = window is None or (laps[-1].elapsed or 0) >= window[1]
    if finished and ran_past_window and len(counting) < rules.mandatory_stops:
        found.append(_missing_stop(car, stops, counting, rules))
    for stop in counting[: rules.mandatory_stops]:
        pit_time = stop.out_lap.pit_time
        low = rules.min_pit_time
        if low is not None and pit_time is not None and pit_time < low:
            text = (
                f"mandatory stop on lap {stop.in_lap.number}: {_t(pit_time)} in the pit lane, "
                f"under the minimum {_t(low)}"
            )
            evidence = (stop.in_lap.number, stop.out_lap.number)
            found.append(Breach(car, Check.MIN_PIT_TIME, text, evidence, pit_time, low))
    return found


def _missing_stop(
    car: CarNumber, stops: Sequence[_Stop], counting: Sequence[_Stop], rules: ComplianceRules
) -> Breach:
    needed = rules.mandatory_stops
    what = "with a driver change " if rules.stop_needs_driver_change else ""
    where = ""
    if rules.pit_window is not None:
        opens, closes = rules.pit_window
        where = f"in the window {_t(opens)}-{_t(closes)} "
    made = ", ".join(
        f"lap {stop.in_lap.number} at {_t(stop.in_lap.elapsed or 0)}" for stop in stops
    )
    text = (
        f"{len(counting)} of {needed} mandatory stop(s) {what}{where}(stops made: {made or 'none'})"
    )
    laps = tuple(stop.in_lap.number for stop in stops)
    return Breach(car, Check.MANDATORY_STOPS, text, laps, len(counting), needed)


def _stint_breaches(car: CarNumber, laps: Sequence[Lap], rules: ComplianceRules) -> list[Breach]:
    if rules.max_stint is None:
        return []
    found = []
    first = 0
    for index, lap in enumerate(laps):
        if lap.in_pit or index == len(laps) - 1:
            run = laps[first : index + 1]
            time = sum(_duration(one) for one in run)
            if time > rules.max_stint:
                numbers = (run[0].number, run[-1].number)
                text = (
                    f"stint laps {numbers[0]}-{numbers[1]} lasted {_t(time)}, "
                    f"over the maximum {_t(rules.max_stint)}"
                )
                found.append(
                    Breach(
                        car, Check.MAX_STINT, text, numbers, time, rules.max_stint, run[0].driver
                    )
                )
            first = index + 1
    return found


def _stops(laps: Sequence[Lap]) -> list[_Stop]:
    return [_Stop(lap, following) for lap, following in pairwise(laps) if lap.in_pit]


def _counts_as_mandatory(stop: _Stop, rules: ComplianceRules) -> bool:
    if rules.stop_needs_driver_change and stop.in_lap.driver == stop.out_lap.driver:
        return False
    if rules.pit_window is None:
        return True
    opens, closes = rules.pit_window
    at = stop.in_lap.elapsed
    return at is not None and opens <= at <= closes


def describe_laps(numbers: Sequence[int]) -> str:
    """`(1, 2, 3, 7)` -> `1-3, 7`: a breach's laps as a reader scans them."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def _timed(lap: Lap) -> bool:
    return lap.elapsed is not None and lap.time is not None


def _start(lap: Lap) -> Millis:
    return (lap.elapsed or 0) - (lap.time or 0)


def _end(lap: Lap) -> Millis:
    return lap.elapsed or 0


def _duration(lap: Lap) -> Millis:
    return lap.time or 0


def _who(driver: str) -> str:
    return driver or "an unnamed driver"


def _t(millis: Millis) -> str:
    return format_lap_time(millis)


# What race control is offered for each breach (docs/rulesets.md, "Proposed penalties"): time
# that can be made good is a time penalty of the difference; a missing stop or a driver short of
# the minimum drive time cannot, and is a disqualification.
_TIME_OVER = {Check.MAX_DRIVE_TIME, Check.MAX_DRIVE_IN_PERIOD, Check.MAX_STINT}


def proposed_penalty(breach: Breach) -> Penalty:
    """The penalty race control may decide for `breach` in one step (it may decide another)."""
    reason = f"{breach.check.value.replace('_', ' ')}: {breach.message}"
    if breach.measured is not None and breach.limit is not None:
        if breach.check is Check.MIN_PIT_TIME:
            millis = breach.limit - breach.measured
            return Penalty(breach.car, PenaltyKind.TIME, millis=millis, reason=reason)
        if breach.check in _TIME_OVER:
            millis = breach.measured - breach.limit
            return Penalty(breach.car, PenaltyKind.TIME, millis=millis, reason=reason)
    return Penalty(breach.car, PenaltyKind.DISQUALIFICATION, reason=reason)
