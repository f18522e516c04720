"""Sectors on the live tower, end to end: a decoder on each loop (the line, the pits, two sector
loops) sends P3 frames; the feed decodes them into the ingest; the tower JSON carries each car's
last-lap S1/S2/S3 and best sectors with their marks. The expected times are the simulator's own
laps (made from its race plan, not by our lap builder) and the expected marks are worked out here
from those laps with plain min() — not with `rules.sectors`."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

from pitboard.formats.alkamel.analysis import read_analysis
from pitboard.formats.p3 import encode_record, p3_from_passing
from pitboard.live.ingest import Ingest
from pitboard.live.p3feed import P3Feed
from pitboard.live.tower_json import tower_to_json
from pitboard.model import Flag, Lap, Session, SessionKind
from pitboard.model.passing import LiveInput, Passing
from pitboard.rules.live import LiveSession
from pitboard.rules.qualifying import counting_laps
from pitboard.sim import RaceSettings, simulate_race
from pitboard.sim.race import DECODERS
from pitboard.store import open_store

LOOPS = {int(decoder): loop for loop, decoder in DECODERS.items()}
Best = tuple[int | None, ...]


def counts(lap: Lap, index: int) -> bool:
    """Does a race lap's sector set a best (docs/lap-analysis.md, restated): not lap 1's S1
    (timed from the start), not the last sector of a lap ending under red; a deleted lap time
    keeps its sectors."""
    first = lap.number == 1 and index == 0
    return not first and not (lap.flag is Flag.RED and index == len(lap.sectors) - 1)


def expected_rows(laps: list[Lap], classes: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Each car's sectors and marks as the timing screens show them, from `laps` alone (a
    race's): purple (session best), else blue (class best), else green (the car's best)."""

    def best(group: list[Lap]) -> Best:
        width = max((len(lap.sectors) for lap in laps), default=0)
        return tuple(
            min(
                (lap.sectors[i] for lap in group if len(lap.sectors) > i and counts(lap, i)),
                key=lambda t: 2**62 if t is None else t,
                default=None,
            )
            for i in range(width)
        )

    overall = best(laps)
    by_class = {c: best([lap for lap in laps if classes[lap.car] == c]) for c in classes.values()}
    rows = {}
    for car, car_class in classes.items():
        own = [lap for lap in laps if lap.car == car]
        mine = best(own) if own else ()

        def marks(
            times: Best, lap: Lap | None, mine: Best = mine, car_class: str = car_class
        ) -> list[str]:
            out = []
            for i, time in enumerate(times):
                if time is None or (lap is not None and not counts(lap, i)):
                    out.append("none")
                elif time == overall[i]:
                    out.append("session_best")
                elif time == by_class[car_class][i]:
                    out.append("class_best")
                elif time == mine[i]:
                    out.append("personal_best")
                else:
                    out.append("none")
            return out

        last = own[-1] if own else None
        rows[car] = {
            "sectors_ms": list(last.sectors) if last else [],
            "sector_markers": marks(last.sectors, last) if last else [],
            "best_sectors_ms": list(mine),
            "best_sector_markers": marks(mine, None),
        }
    return rows


def shown(tower: dict[str, Any]) -> dict[str, dict[str, Any]]:
    keys = ("sectors_ms", "sector_markers", "best_sectors_ms", "best_sector_markers")
    return {row["number"]: {key: row[key] for key in keys} for row in tower["rows"]}


def feed_p3(ingest: Ingest, feed: P3Feed, inputs: list[LiveInput]) -> None:
    """The inputs in their order: each run of passings as P3 frames in one read of the
    decoder stream, the rest (start, transponders, drivers, flags) as the API submits them."""
    run: list[Passing] = []
    for item in [*inputs, None]:
        if isinstance(item, Passing):
            run.append(item)
            continue
        if run:
            feed.feed(b"".join(encode_record(p3_from_passing(p)) for p in run))
            run = []
        if item is not None:
            ingest.submit([item])


def test_p3_sector_loops_to_the_tower_json(tmp_path: Path) -> None:
    race = simulate_race(RaceSettings(seed=17, cars=12, minutes=12))
    store = open_store(str(tmp_path / "p3.db"))
    store.save_session("r1", Session(SessionKind.RACE, {e.number: e for e in race.entries}))
    ingest = Ingest.open(store, "r1")
    feed = P3Feed(ingest, LOOPS, "p3://test")
    classes = {entry.number: entry.car_class for entry in race.entries}
    thirds = [len(race.inputs) * k // 3 for k in range(4)]
    seen: set[str] = set()
    for start, end in pairwise(thirds):
        feed_p3(ingest, feed, race.inputs[start:end])
        tower = ingest.tower_json()
        truth = _so_far(race.laps, ingest.live.builder.laps)
        assert ingest.live.builder.laps and sorted(ingest.live.builder.laps, key=_key) == truth
        assert shown(tower) == expected_rows(truth, classes)
        seen.update(m for row in tower["rows"] for m in row["sector_markers"])
    assert feed.records > 0 and ingest.feed_errors == 0
    assert len(ingest.live.builder.laps) == len(race.laps)
    assert {"session_best", "personal_best"} <= seen  # purple and green on some last lap
    assert all(len(row["sectors_ms"]) == 3 for row in ingest.tower_json()["rows"] if row["laps"])
    ingest.close()
    store.close()


def _key(lap: Lap) -> tuple[str, int]:
    return lap.car, lap.number


def _so_far(truth: list[Lap], timed: list[Lap]) -> list[Lap]:
    """The simulator's laps that the timing has completed so far, by car and lap number."""
    done = {_key(lap) for lap in timed}
    return sorted((lap for lap in truth if _key(lap) in done), key=_key)


def test_an_imported_wec_race_shows_top_speed_and_best_sectors(real_data: Path) -> None:
    """WEC Fuji 6 h 2024 (Al Kamel analysis with a speed trap): the final tower of the imported
    race shows each car's highest TOP_SPEED and its best sectors over the sectors that count."""
    session = read_analysis(real_data / "wec/2024/fuji_6h.csv", SessionKind.RACE)
    tower = tower_to_json(LiveSession.finished(session).tower())
    counted = [lap for laps in counting_laps(session.laps_by_car()).values() for lap in laps]
    classes = {car: entry.car_class for car, entry in session.entries.items()}
    expected = expected_rows(counted, classes)
    rows = {row["number"]: row for row in tower["rows"]}
    for car, row in rows.items():
        speeds = [lap.top_speed for lap in session.laps if lap.car == car and lap.top_speed]
        assert row["top_speed_kph"] == (str(max(speeds)) if speeds else None), car
        assert row["best_sectors_ms"] == expected[car]["best_sectors_ms"], car
        assert row["best_sector_markers"] == expected[car]["best_sector_markers"], car
    fastest = max(Decimal(row["top_speed_kph"]) for row in rows.values() if row["top_speed_kph"])
    assert Decimal(250) < fastest < Decimal(360)
    assert (
        sum(m == "session_best" for row in rows.values() for m in row["best_sector_markers"]) == 3
    )


def test_over_tcp_with_a_dropped_line_the_sectors_are_the_same(tmp_path: Path) -> None:
    """The P3 feed over real TCP (`test_p3_feed`: garbage, a bad CRC, a dropped connection and
    the RESEND that brings back what was missed): the tower's sectors and marks are still those
    of the simulator's laps."""
    import asyncio

    from tests.live.test_p3_feed import feed_the_race

    ingest, _ = asyncio.run(feed_the_race(tmp_path))
    race = simulate_race(RaceSettings(seed=4, cars=10, minutes=10))  # the race it fed
    truth = _so_far(race.laps, ingest.live.builder.laps)
    assert len(truth) == len(race.laps) == len(ingest.live.builder.laps)
    classes = {entry.number: entry.car_class for entry in race.entries}
    assert shown(ingest.tower_json()) == expected_rows(truth, classes)
    ingest.close()
