"""Practice and qualifying laps for the synthetic weekend: runs of an out-lap, flying laps and an
in-lap. The followed car's best lap is placed between two rivals' best laps so that it lands on
the class position the demo asks for; `classify` then finds that position by itself."""

from __future__ import annotations

import random
from dataclasses import dataclass

from pitboard.model import Entry, Flag, Lap, Session, SessionKind

OUT_LAP_EXTRA = (14_000, 22_000)  # leaving the pit lane at the speed limit
IN_LAP_EXTRA = (9_000, 15_000)
GARAGE_MS = (90_000, 420_000)  # time spent in the garage between two runs


@dataclass(frozen=True, slots=True)
class TimedPlan:
    """One practice or qualifying session to generate."""

    name: str
    kind: SessionKind
    minutes: int
    runs: int  # runs per car
    drivers: tuple[int, ...]  # which driver (index) drives each run, cycled
    slower_ms: int  # over the flat-out pace: track evolution, fuel, traffic
    target: tuple[str, int]  # (car number, class position) the session must give it


def timed_session(
    plan: TimedPlan, entries: list[Entry], paces: dict[str, tuple[int, int]], rng: random.Random
) -> Session:
    car, target = plan.target
    followed = next(e for e in entries if e.number == car)
    best = None
    while best is None:  # again when two rivals' best laps leave no room between them
        laps = [
            lap
            for entry in entries
            if entry.number != car
            for lap in _car_laps(plan, entry, paces[entry.number], rng)
        ]
        best = _target_time(laps, entries, followed, target)
    laps.extend(_car_laps(plan, followed, paces[car], rng, best=best))
    laps.sort(key=lambda lap: (lap.elapsed or 0, lap.car))
    return Session(plan.kind, {e.number: e for e in entries}, laps, name=plan.name)


def _car_laps(
    plan: TimedPlan,
    entry: Entry,
    pace: tuple[int, int],
    rng: random.Random,
    best: int | None = None,
) -> list[Lap]:
    limit = plan.minutes * 60_000
    laps: list[Lap] = []
    elapsed = rng.randrange(0, 240_000)
    for run in range(plan.runs):
        driver = plan.drivers[run % len(plan.drivers)]
        run_laps = _run(plan, entry, pace[driver], driver, elapsed, len(laps), rng)
        if (run_laps[-1].elapsed or 0) > limit:
            break
        laps.extend(run_laps)
        elapsed = (run_laps[-1].elapsed or 0) + rng.randrange(*GARAGE_MS)
    if best is not None:
        laps = _with_best(laps, best)
    return laps


def _run(
    plan: TimedPlan,
    entry: Entry,
    pace: int,
    driver: int,
    start: int,
    done: int,
    rng: random.Random,
) -> list[Lap]:
    flying = rng.randrange(3, 7)
    times = [pace + plan.slower_ms + rng.randrange(0, 1_600) for _ in range(flying)]
    times = [times[0] + rng.randrange(*OUT_LAP_EXTRA), *times, pace + rng.randrange(*IN_LAP_EXTRA)]
    laps, elapsed = [], start
    for index, time in enumerate(times):
        elapsed += time
        out_lap, in_lap = index == 0, index == len(times) - 1
        laps.append(
            Lap(
                car=entry.number,
                number=done + index + 1,
                time=time,
                elapsed=elapsed,
                in_pit=in_lap,
                pit_time=rng.randrange(20_000, 30_000) if out_lap and done else None,
                driver=entry.drivers[driver].name,
                driver_number=driver + 1,
                flag=Flag.GREEN,
            )
        )
    return laps


def _target_time(laps: list[Lap], entries: list[Entry], followed: Entry, target: int) -> int | None:
    """A lap time strictly between the class rivals' (target-1)th and (target)th best laps."""
    in_class = {e.number for e in entries if e.car_class == followed.car_class}
    bests: dict[str, int] = {}
    for lap in laps:
        if lap.car in in_class and lap.time is not None:
            bests[lap.car] = min(bests.get(lap.car, lap.time), lap.time)
    ordered = sorted(bests.values())
    faster, slower = ordered[target - 2], ordered[target - 1]
    return None if slower - faster < 2 else (faster + slower) // 2


def _with_best(laps: list[Lap], best: int) -> list[Lap]:
    """The car's laps with its quickest flying lap set to `best`, every other lap slower."""
    flying = [i for i, lap in enumerate(laps) if lap.pit_time is None and not lap.in_pit]
    flying = [i for i in flying if i > 0 and not laps[i - 1].in_pit]
    chosen = flying[len(flying) // 2]
    shifted: list[Lap] = []
    elapsed = (laps[0].elapsed or 0) - (laps[0].time or 0)
    for index, lap in enumerate(laps):
        time = lap.time or 0
        if index == chosen:
            time = best
        elif time <= best:
            time = best + 150 + (time % 400)
        elapsed += (_garage(laps, index) if index else 0) + time
        shifted.append(retimed(lap, time, elapsed))
    return shifted


def _garage(laps: list[Lap], index: int) -> int:
    """Time between the previous crossing and the start of this lap (a garage stop)."""
    before, lap = laps[index - 1], laps[index]
    return (lap.elapsed or 0) - (before.elapsed or 0) - (lap.time or 0)


def retimed(lap: Lap, time: int, elapsed: int) -> Lap:
    """The lap with a new time and crossing (sectors, time of day and markers dropped)."""
    return Lap(
        car=lap.car,
        number=lap.number,
        time=time,
        elapsed=elapsed,
        in_pit=lap.in_pit,
        pit_time=lap.pit_time,
        driver=lap.driver,
        driver_number=lap.driver_number,
        flag=lap.flag,
    )
