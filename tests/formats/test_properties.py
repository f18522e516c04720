"""parse ∘ format = id for clock and gap; read ∘ write = id for the lap analysis."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pitboard.formats.alkamel.analysis import FLAG_CODES, read_analysis, write_analysis
from pitboard.model import (
    Entry,
    Flag,
    Gap,
    Lap,
    Session,
    SessionKind,
    format_duration,
    format_gap,
    format_lap_time,
    parse_duration,
    parse_gap,
)

MILLIS = st.integers(min_value=0, max_value=200 * 3600 * 1000)


@given(MILLIS)
def test_parse_format_lap_time(millis: int) -> None:
    assert parse_duration(format_lap_time(millis)) == millis


@given(MILLIS)
def test_parse_format_duration(millis: int) -> None:
    assert parse_duration(format_duration(millis)) == millis


@given(st.integers(0, 99), st.integers(0, 59), st.integers(0, 59), st.integers(0, 999))
def test_format_parse_canonical_text(hours: int, minutes: int, seconds: int, ms: int) -> None:
    text = (
        f"{hours}:{minutes:02d}:{seconds:02d}.{ms:03d}"
        if hours
        else (f"{minutes}:{seconds:02d}.{ms:03d}" if minutes else f"{seconds}.{ms:03d}")
    )
    assert format_lap_time(parse_duration(text)) == text


GAPS = st.one_of(
    st.just(Gap.reference()),
    st.builds(Gap.time, MILLIS),
    st.builds(Gap.behind_by_laps, st.integers(1, 10_000)),
)


@given(GAPS)
def test_parse_format_gap(gap: Gap) -> None:
    assert parse_gap(format_gap(gap)) == gap


@given(st.text(max_size=12))
def test_parse_duration_raises_only_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        assert parse_duration(text) >= 0


@given(st.text(max_size=12))
def test_parse_gap_raises_only_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        parse_gap(text)


# --- read ∘ write = id ------------------------------------------------------------------------

NAME = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=12
).map(str.strip)
CAR = st.text("0123456789ABZ", min_size=1, max_size=3)
TIME = st.none() | MILLIS


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    sectors = draw(st.integers(0, 4))
    cars = draw(st.lists(CAR, min_size=1, max_size=4, unique=True))
    entries = {car: Entry(car, draw(NAME), draw(NAME), draw(NAME)) for car in cars}
    laps = []
    for car in cars:
        for number in range(draw(st.integers(0, 4))):
            driver = draw(NAME)
            laps.append(
                Lap(
                    car=car,
                    number=number,
                    time=draw(TIME),
                    elapsed=draw(TIME),
                    hour=draw(st.none() | st.integers(0, 24 * 3600 * 1000 - 1)),
                    sectors=tuple(draw(TIME) for _ in range(sectors)),
                    in_pit=draw(st.booleans()),
                    pit_time=draw(TIME),
                    driver=driver,
                    driver_number=draw(st.none() | st.integers(0, 5)),
                    flag=draw(st.none() | st.sampled_from(list(FLAG_CODES))),
                    improvement=draw(st.integers(0, 3)),
                )
            )
    return Session(SessionKind.RACE, entries, laps)


def _round_trip(session: Session) -> Session:
    stream = io.StringIO(newline="")
    write_analysis(session, stream)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "laps.csv"
        path.write_text(stream.getvalue(), encoding="utf-8", newline="")
        return read_analysis(path, SessionKind.RACE)


@settings(max_examples=200, deadline=None)
@given(sessions())
def test_read_write_analysis_is_identity_on_laps(session: Session) -> None:
    back = _round_trip(session)
    assert back.laps == session.laps
    for number, entry in back.entries.items():
        original = session.entries[number]
        assert (entry.car_class, entry.team, entry.vehicle) == (
            original.car_class,
            original.team,
            original.vehicle,
        )


def test_write_analysis_looks_like_al_kamel() -> None:
    lap = Lap(
        "7",
        3,
        101_250,
        361_250,
        50_501_250,
        (50_125, 51_125),
        True,
        41_000,
        "Alva",
        1,
        Flag.SAFETY_CAR,
        2,
    )
    stream = io.StringIO()
    write_analysis(Session(SessionKind.RACE, {"7": Entry("7", "Am", "Team", "Car")}, [lap]), stream)
    header, row = stream.getvalue().splitlines()
    assert header.startswith("NUMBER; DRIVER_NUMBER; LAP_NUMBER; LAP_TIME;") and header.endswith(
        ";"
    )
    assert row == (
        "7;1;3;1:41.250;2;B;50.125;0;51.125;0;;6:01.250;14:01:41.250;0:50.125;0:51.125;;Alva;"
        "0:00:41.000;Am;;Team;Car;SF;"
    )


def test_a_code_60_is_written_as_fcy_the_only_al_kamel_neutralisation_code() -> None:
    lap = Lap("7", 3, 101_250, 361_250, flag=Flag.CODE_60)
    stream = io.StringIO()
    write_analysis(Session(SessionKind.RACE, {"7": Entry("7", "Am")}, [lap]), stream)
    assert stream.getvalue().splitlines()[1].endswith(";FCY;")
