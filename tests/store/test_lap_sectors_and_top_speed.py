"""A real Al Kamel session keeps every lap's sectors and speed-trap top speed through the store
(SQLite and PostgreSQL), checked against the file's own S1/S2/S3 and TOP_SPEED columns read here
with the csv module."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from pitboard.importers import import_alkamel
from pitboard.model import Entry, Lap, Session, SessionKind
from pitboard.store import Store

INDY_R1 = "grcup2025/indianapolis/23_AnalysisEnduranceWithSections_Race 1.CSV"


@pytest.fixture(scope="module")
def indy_r1(real_data: Path) -> Path:
    return real_data / INDY_R1


def _millis(text: str) -> int:
    """`39.316` or `1:02.345` -> ms (the test's own reading of the file)."""
    minutes, _, seconds = text.rpartition(":")
    whole, _, fraction = seconds.partition(".")
    return (int(minutes or 0) * 60 + int(whole)) * 1000 + int(fraction.ljust(3, "0"))


def file_rows(path: Path) -> dict[tuple[str, int], dict[str, str]]:
    """(car, lap) -> the row as the file has it, header names stripped."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = [name.strip() for name in next(reader)]
        rows = [dict(zip(header, (field.strip() for field in row), strict=False)) for row in reader]
    return {(row["NUMBER"], int(row["LAP_NUMBER"])): row for row in rows if row.get("NUMBER")}


def test_indianapolis_race_1_sectors_and_top_speed_round_trip(store: Store, indy_r1: Path) -> None:
    imported = import_alkamel(store, "indy-r1", indy_r1)
    loaded = store.load_session("indy-r1")
    assert loaded.laps == imported.laps
    rows = file_rows(indy_r1)
    assert len(loaded.laps) == len(rows) == 669
    speeds = 0
    for lap in loaded.laps:
        row = rows[(lap.car, lap.number)]
        assert lap.sectors == tuple(
            _millis(row[name]) if row[name] else None for name in ("S1", "S2", "S3")
        )
        if row["TOP_SPEED"]:
            speeds += 1
            assert lap.top_speed == Decimal(row["TOP_SPEED"])
            assert str(lap.top_speed) == row["TOP_SPEED"]  # exactly as published, e.g. 201.1
        else:
            assert lap.top_speed is None
    assert speeds == 669


def test_a_stored_lap_s_sectors_add_up_to_its_time(store: Store, indy_r1: Path) -> None:
    import_alkamel(store, "indy-r1", indy_r1)
    full = [
        lap
        for lap in store.load_session("indy-r1").laps
        if lap.time is not None and lap.sectors and None not in lap.sectors
    ]
    assert len(full) == 668  # one lap of the file has no sector times
    for lap in full:
        assert sum(s for s in lap.sectors if s is not None) == lap.time, lap


def test_a_lap_without_a_speed_trap_reading_keeps_none(store: Store) -> None:
    laps = [
        Lap("7", 1, 90_000, sectors=(30_000, None, 30_000), top_speed=Decimal("249.95")),
        Lap("7", 2, 89_000, sectors=(), top_speed=None),
    ]
    session = Session(SessionKind.PRACTICE, {"7": Entry("7", "Am")}, laps)
    store.save_session("fp1", session)
    loaded = store.load_session("fp1").laps
    assert loaded == laps
    assert str(loaded[0].top_speed) == "249.95"
