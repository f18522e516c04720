"""The caution periods on the session page: shaded bands (one colour per kind) on the charts whose
x axis is laps or time, the track status strip with its legend, and the laps each car ran under
caution in the stints table.

Expected values come from the laps built here or from the real file read with the csv module.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import real_data_dir, unavailable
from pitboard.formats.alkamel.analysis import read_analysis
from pitboard.model import Classification, Entry, Flag, Lap, Session, SessionKind
from pitboard.rules.classify import classify
from pitboard.rules.track_status import TrackPeriod, track_periods
from pitboard.store import open_store
from pitboard.web import create_app
from pitboard.web.charts import (
    gap_chart,
    lap_chart,
    lap_times_chart,
    stint_chart,
    track_status_strip,
)

G, FCY, SC, C60, RED, END = (
    Flag.GREEN,
    Flag.FCY,
    Flag.SAFETY_CAR,
    Flag.CODE_60,
    Flag.RED,
    Flag.CHEQUERED,
)
# Lap n of car "1" ends under FLAGS[n - 1]; car "2" follows 2 s behind under the same flag.
FLAGS = [G, G, FCY, FCY, G, SC, SC, SC, G, C60, G, RED, G, END]


def _race(flags: list[Flag]) -> tuple[Session, Classification]:
    laps = [
        Lap(car, n, 60_000, n * 60_000 + delay, flag=flag, driver=f"Driver {car}")
        for n, flag in enumerate(flags, start=1)
        for car, delay in (("1", 0), ("2", 2_000))
    ]
    session = Session(
        SessionKind.RACE,
        entries={car: Entry(car, "GT3") for car in ("1", "2")},
        laps=laps,
    )
    return session, classify(session)


def _bands(svg: str) -> list[tuple[str, str, str]]:
    """(kind, leader's laps, fill) of every caution band in a chart."""
    found = re.findall(
        r'<rect [^>]*fill="(#[0-9a-f]{6})"[^>]*class="caution (\w+)" data-laps="([\d-]+)"', svg
    )
    return [(kind, laps, fill) for fill, kind, laps in found]


def test_each_caution_kind_is_a_band_of_its_own_colour_on_the_lap_axis() -> None:
    session, result = _race(FLAGS)
    periods = track_periods(session.laps)
    expected = [
        ("fcy", "3-4"),
        ("safety_car", "6-8"),
        ("code_60", "10-10"),
        ("red", "12-12"),
    ]
    for chart in (lap_chart, gap_chart, stint_chart):
        bands = _bands(chart(session, result, periods))
        assert [(kind, laps) for kind, laps, _ in bands] == expected, chart.__name__
        assert len({fill for _, _, fill in bands}) == 4  # four kinds, four colours


def test_a_band_on_the_lap_axis_covers_the_laps_that_ended_under_the_flag() -> None:
    """Laps 3 and 4 ended under FCY: the band runs from the end of lap 2 to the end of lap 4."""
    session, result = _race(FLAGS)
    svg = lap_chart(session, result, track_periods(session.laps))
    ticks = {
        int(t): float(x)
        for x, t in re.findall(
            r'<text x="([\d.]+)" y="[\d.]+" class="tick" text-anchor="middle">(\d+)<', svg
        )
    }
    span = (ticks[2] - ticks[0]) / 2  # the axis is ticked every lap here
    match = re.search(
        r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*class="caution fcy"', svg
    )
    assert match is not None
    x, width = float(match[1]), float(match[2])
    assert abs(x - (ticks[0] + 2 * span)) < 0.2 and abs(width - 2 * span) < 0.2


def test_the_strip_has_a_legend_of_the_kinds_the_session_had() -> None:
    session, _ = _race(FLAGS)
    strip = track_status_strip(session, track_periods(session.laps))
    legend = re.findall(r'class="tick">([A-Za-z0-9 -]+)</text>', strip)
    assert legend[-5:] == ["Green", "Full-course yellow", "Safety car", "Code 60", "Red flag"]
    assert ">L3–4<" in strip and ">L10<" in strip
    only_fcy, _ = _race([G, FCY, G, END])
    strip = track_status_strip(only_fcy, track_periods(only_fcy.laps))
    assert "Full-course yellow" in strip and "Safety car" not in strip


def test_a_green_race_has_no_band() -> None:
    session, result = _race([G, G, G, END])
    periods = track_periods(session.laps)
    for chart in (lap_chart, gap_chart, stint_chart, lap_times_chart):
        assert 'class="caution' not in chart(session, result, periods)


def test_time_axis_bands_run_from_the_first_to_the_last_crossing_under_the_flag() -> None:
    session, result = _race(FLAGS)
    [fcy, *_] = [p for p in track_periods(session.laps) if p.caution]
    assert (fcy.start, fcy.end) == (3 * 60_000, 4 * 60_000 + 2_000)  # car 1 lap 3 .. car 2 lap 4
    svg = lap_times_chart(session, result, track_periods(session.laps))
    assert [kind for kind, _, _ in _bands(svg)] == ["fcy", "safety_car", "code_60", "red"]


LIME_ROCK = "imsa/2023/14-lime-rock-park/202307221210-race-laps.csv"


@pytest.fixture(scope="module")
def lime_rock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = real_data_dir() / LIME_ROCK
    if not path.is_file():
        unavailable(f"real timing data not found at {path}")
    with open_store(str(tmp_path_factory.mktemp("caution") / "web.db")) as store:
        store.save_session("lime-rock", read_analysis(path, SessionKind.RACE))
        with TestClient(create_app(store=store, secret="test")) as client:
            yield client


def test_lime_rock_2023_charts_shade_its_two_full_course_yellows(lime_rock: TestClient) -> None:
    page = lime_rock.get("/sessions/lime-rock").text
    charts = page[page.index('<section id="charts">') : page.index('<section id="stints">')]
    assert "Track status" in charts and "Shaded:" in charts
    figures = re.findall(r"<figcaption>(.*?)</figcaption>(.*?)</figure>", charts, flags=re.S)
    shaded = {name: [(k, laps) for k, laps, _ in _bands(svg)] for name, svg in figures}
    two_fcy = [("fcy", "42-49"), ("fcy", "103-112")]  # tests/rules/test_track_status.py
    for name in ("Track status", "Lap chart", "Gap to the leader", "Stint timeline"):
        assert shaded[name] == two_fcy, name
    assert shaded["Lap-time spread"] == []  # its x axis is lap time


def test_lime_rock_2023_laps_under_caution_per_car(lime_rock: TestClient) -> None:
    with open(real_data_dir() / LIME_ROCK, encoding="utf-8-sig", newline="") as handle:
        rows = [{k.strip(): v for k, v in row.items()} for row in csv.DictReader(handle)]
    expected = Counter(row["NUMBER"] for row in rows if row["FLAG_AT_FL"] == "FCY")
    page = lime_rock.get("/sessions/lime-rock").text
    stints = page[page.index('<section id="stints">') :]
    stints = stints[: stints.index("</section>")]
    assert "Laps under caution" in stints
    shown = dict(
        re.findall(
            r'carno"[^>]*>([^<]+)</td>.*?<td class="num caution-laps">(\d+)</td>',
            stints,
            flags=re.S,
        )
    )
    assert {car: int(n) for car, n in shown.items()} == {car: expected.get(car, 0) for car in shown}
    assert len(shown) == len({row["NUMBER"] for row in rows})
    assert expected["23"] == 17  # the winner
    status = lime_rock.get("/sessions/lime-rock.json").json()["track_status"]
    assert [(p["flag"], p["race_laps"]) for p in status["cautions"]] == [
        ("fcy", [42, 49]),
        ("fcy", [103, 112]),
    ]
    assert status["caution_laps"] == {car: expected.get(car, 0) for car in status["caution_laps"]}
    assert set(status["caution_laps"]) == {row["NUMBER"] for row in rows}


def test_a_file_without_flags_has_no_strip(tmp_path: Path) -> None:
    session, _ = _race([G, G, END])
    for lap in session.laps:
        lap.flag = None
    assert track_status_strip(session, track_periods(session.laps)) == ""


def test_strip_labels_of_close_cautions_do_not_overlap() -> None:
    """Fuji 2024's shape: FCYs on laps 122-123 and 129, eleven minutes apart in a six-hour
    race: the second label goes a line higher."""
    minute = 60_000
    session = Session(SessionKind.RACE, {"1": Entry("1", "GT3")}, [Lap("1", 1, 1, 360 * minute)])
    periods = [
        TrackPeriod(FCY, 200 * minute, 203 * minute, (122, 123), 40),
        TrackPeriod(FCY, 211 * minute, 211 * minute + 30_000, (129, 129), 5),
    ]
    strip = track_status_strip(session, periods)
    labels = dict(re.findall(r'y="(\d+)" class="tick">(L[\d–]+)</text>', strip))
    assert sorted(labels.values()) == ["L122–123", "L129"]
    assert len(labels) == 2  # two lines


def test_the_lap_analysis_names_every_caution_kind(tmp_path: Path) -> None:
    session, _ = _race(FLAGS)
    with open_store(str(tmp_path / "web.db")) as store:
        store.save_session("kinds", session)
        with TestClient(create_app(store=store, secret="test")) as client:
            data = client.get("/sessions/kinds/laps/1.json").json()
            page = client.get("/sessions/kinds/laps/1").text
    assert data["caution_laps"] == [3, 4, 6, 7, 8, 10, 12]  # FLAGS, by hand
    assert [p["flag"] for p in data["track_periods"]] == ["fcy", "safety_car", "code_60", "red"]
    assert "FCY laps 3–4, SC laps 6–8, Code 60 lap 10, red lap 12" in page
    assert '<span class="flag-code_60">Code 60</span>' in page
