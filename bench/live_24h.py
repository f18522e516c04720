"""The cost of one live input, tower built, across a whole 24-hour race (issue 14).

A simulated 62-car, 24-hour race (`pitboard.sim`: twin transponders, strays, network reordering)
is fed to `LiveSession`s. Race time is fast-forwarded (inputs applied, no tower) up to each
window; the window is the --inputs inputs that end at 1 h, 6 h, 12 h and 24 h of race time. For
each input of a window, in the same run and on the same state:

  live      - `apply(input)` then `tower()`: what the live fold does per input (the
              classification from the rows it keeps, only the cars that lapped made again)
  baseline  - the same `apply(input)`, then the tower over `classify(session())`: a full
              re-classification of all the laps so far (the path before the incremental one),
              its sectors marked against bests found again from all the laps

The two run on two sessions fed the same inputs, one after the other over a window: the live
pass first, keeping each tower, then the baseline pass, which compares its tower with the live
one for the same input (they must be equal). Interleaved on one session, each live input ran
just after a full re-classification had walked every lap and made a tower's worth of garbage,
and so paid for a cold cache and for collecting the baseline's objects: 195 -> 538 µs from
1 h to 24 h, where the live path alone is flat (a live process never re-classifies between
two inputs). Printed per window: laps so far, mean and p99 of each in µs, and baseline / live.
The live figure should stay flat from 1 h to 24 h; the baseline grows with the laps.

With --calls nothing is timed: the live path's Python function calls per input are counted
(cProfile) in each window instead, a figure that the other jobs on a shared machine do not move.

    .venv/bin/python bench/live_24h.py [--cars 62] [--hours 24] [--inputs 300] [--seed 1] \
        [--calls] [--docs]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import pstats
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pitboard.model import Session, SessionKind
from pitboard.model.passing import LiveInput, Micros, Tower
from pitboard.rules import classify
from pitboard.rules.live import LiveSession
from pitboard.rules.sectors import SectorBests, class_of
from pitboard.sim import RaceSettings, simulate_race

HOUR_US: Micros = 3_600_000_000
WINDOW_HOURS = (1, 6, 12, 24)


@dataclass(frozen=True, slots=True)
class Window:
    hours: int
    laps: int
    live: list[float]  # seconds an input
    baseline: list[float]


def p99(values: Sequence[float]) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * 0.99))]


def window_end(inputs: Sequence[LiveInput], start: Micros, hours: int) -> int:
    """The index of the first input at or after `hours` of race time (the end if none)."""
    limit = start + hours * HOUR_US
    for index, item in enumerate(inputs):
        if (getattr(item, "timestamp", None) or 0) >= limit:
            return index
    return len(inputs)


def measure(
    live: LiveSession, base: LiveSession, items: Sequence[LiveInput]
) -> tuple[list[float], list[float]]:
    """Per input: apply + tower on `live`, then apply + tower over a full classify on `base`
    (a second session in the same state), in two passes; every pair of towers compared."""
    clock = time.perf_counter
    live.tower()  # the rows of the cars that lapped during the fast-forward: not a window's cost
    gc.collect()
    fast: list[float] = []
    towers: list[Tower] = []
    for item in items:
        t0 = clock()
        live.apply(item)
        towers.append(live.tower())
        fast.append(clock() - t0)
    gc.collect()
    slow: list[float] = []
    for item, tower in zip(items, towers, strict=True):
        t0 = clock()
        base.apply(item)
        session = base.session()
        full = batch_sectors(base.tower_of(classify(session, base.rules, base.penalties)), session)
        slow.append(clock() - t0)
        if tower != full:
            raise SystemExit(f"live tower differs from the batch one after {base.inputs} inputs")
    return fast, slow


def batch_sectors(tower: Tower, session: Session) -> Tower:
    """`tower` with each row's sectors marked against bests found from all the laps at once."""
    bests = SectorBests(race=session.kind is SessionKind.RACE)
    for lap in session.laps:
        bests.add(lap, class_of(session, lap.car))
    laps = session.laps_by_car()
    rows = tuple(
        dataclasses.replace(
            row,
            sectors=bests.tower(
                row.number, row.car_class, laps[row.number][-1] if laps.get(row.number) else None
            ),
        )
        for row in tower.rows
    )
    return dataclasses.replace(tower, rows=rows)


def count_calls(live: LiveSession, items: Sequence[LiveInput]) -> float:
    """Python function calls per input of `apply(input)` then `tower()`."""
    live.tower()
    profile = cProfile.Profile()
    profile.enable()
    for item in items:
        live.apply(item)
        live.tower()
    profile.disable()
    calls: int = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
    return calls / max(1, len(items))


def run(cars: int, hours: int, per_window: int, seed: int, calls: bool = False) -> list[Window]:
    began = time.perf_counter()
    race = simulate_race(RaceSettings(seed=seed, cars=cars, minutes=hours * 60))
    start = min(getattr(item, "timestamp", None) or 2**62 for item in race.inputs)
    print(
        f"simulated {cars} cars, {hours} h: {len(race.inputs):,} inputs, {len(race.laps):,} laps "
        f"({time.perf_counter() - began:.1f} s)"
    )
    live, base = LiveSession(race.entries), LiveSession(race.entries)
    sessions = (live,) if calls else (live, base)
    applied = 0
    windows: list[Window] = []
    for mark in (h for h in WINDOW_HOURS if h <= hours):
        end = window_end(race.inputs, start, mark)
        first = max(applied, end - per_window)
        for item in race.inputs[applied:first]:  # fast-forward: no tower
            for session in sessions:
                session.apply(item)
        if calls:
            per_input = count_calls(live, race.inputs[first:end])
            print(f"{mark:>6} h {len(live.builder.laps):>7,} laps: {per_input:,.0f} calls an input")
        else:
            fast, slow = measure(live, base, race.inputs[first:end])
            windows.append(Window(mark, len(live.builder.laps), fast, slow))
        applied = end
    return windows


@dataclass(frozen=True, slots=True)
class Summary:
    """One window's figures in µs, computed once for the terminal and the docs block."""

    hours: int
    laps: int
    inputs: int
    live_mean: float
    live_p99: float
    base_mean: float
    base_p99: float

    @property
    def ratio(self) -> float:
        return self.base_mean / self.live_mean


def summarise(windows: Sequence[Window]) -> tuple[list[Summary], float, float]:
    """Each window's summary, and live / baseline growth from the first window to the last."""
    rows = [
        Summary(
            w.hours,
            w.laps,
            len(w.live),
            statistics.fmean(w.live) * 1e6,
            p99(w.live) * 1e6,
            statistics.fmean(w.baseline) * 1e6,
            p99(w.baseline) * 1e6,
        )
        for w in windows
    ]
    first, last = rows[0], rows[-1]
    return rows, last.live_mean / first.live_mean, last.base_mean / first.base_mean


def report(windows: Sequence[Window]) -> None:
    rows, growth, base_growth = summarise(windows)
    print(
        f"{'window':>8} {'laps':>7} {'inputs':>6} | {'live mean':>9} {'p99':>8} | "
        f"{'baseline mean':>13} {'p99':>8} | {'ratio':>6}"
    )
    for r in rows:
        print(
            f"{r.hours:>6} h {r.laps:>7,} {r.inputs:>6} | {r.live_mean:>7.0f}µs "
            f"{r.live_p99:>6.0f}µs | {r.base_mean:>11.0f}µs {r.base_p99:>6.0f}µs"
            f" | {r.ratio:>5.1f}×"
        )
    print(
        f"live {rows[-1].hours} h / {rows[0].hours} h: {growth:.2f}× "
        f"(baseline {base_growth:.2f}×); all towers equal to the batch one"
    )


def markdown(windows: Sequence[Window], cars: int, hours: int) -> str:
    """The docs block: the same figures as `report`, as a table."""
    rows, growth, base_growth = summarise(windows)
    lines = [
        f"{cars} cars, {hours} h simulated race; per window the {rows[0].inputs} inputs "
        "ending at that hour of race time. *live*: `apply` + `tower()`; *baseline*: the same "
        "`apply` + the tower over a full `classify` of all laps so far (its sector bests found "
        "again from all laps). Every tower was equal to the batch one.",
        "",
        "| window | laps so far | live mean | live p99 | baseline mean | baseline p99 "
        "| baseline / live |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.hours} h | {r.laps:,} | {r.live_mean:,.0f} µs | {r.live_p99:,.0f} µs "
        f"| {r.base_mean:,.0f} µs | {r.base_p99:,.0f} µs | {r.ratio:.1f}× |"
        for r in rows
    ]
    lines += [
        "",
        f"Live at {rows[-1].hours} h / {rows[0].hours} h: **{growth:.2f}×** (baseline "
        f"{base_growth:.2f}×).",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cars", type=int, default=62)
    parser.add_argument("--hours", type=int, default=24)
    parser.add_argument("--inputs", type=int, default=300, help="inputs measured a window")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--calls", action="store_true", help="count function calls, no timing")
    parser.add_argument("--docs", action="store_true", help="write docs/benchmarks-live.md")
    args = parser.parse_args()
    windows = run(args.cars, args.hours, args.inputs, args.seed, args.calls)
    if windows:
        report(windows)
        if args.docs:
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script
            from bench.docs_block import write_block

            body = markdown(windows, args.cars, args.hours)
            print(f"wrote {write_block('benchmarks-live.md', 'live-24h', body)}")


if __name__ == "__main__":
    main()
