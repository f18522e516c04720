"""Sectors: bests per car, class and session, the ideal lap, purple / green marks, top speed;
and on every real Al Kamel lap analysis, that a lap's sectors add up to its time."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import real_data_dir
from pitboard.formats.alkamel.analysis import read_analysis, write_analysis
from pitboard.model import Entry, FormatError, Lap, Session, SessionKind
from pitboard.model.passing import LapMarker
from pitboard.rules.sectors import (
    Mark,
    SectorBests,
    best_sectors,
    best_sectors_by_car,
    best_sectors_by_class,
    ideal_lap,
    sector_marks,
    sectors_add_up,
    top_speed,
)


def _lap(car: str, number: int, *sectors: int | None, valid: bool = True) -> Lap:
    done = [s for s in sectors if s is not None]
    time = sum(done) if len(done) == len(sectors) else None
    return Lap(car, number, time, sectors=tuple(sectors), valid=valid)


SESSION = Session(
    SessionKind.RACE,
    entries={"7": Entry("7", "Am"), "21": Entry("21", "Pro"), "8": Entry("8", "Am")},
    laps=[
        _lap("7", 1, 30_000, 40_000, 20_000),
        _lap("7", 2, 29_500, 40_500, 20_100),
        _lap("7", 3, 29_000, 39_000, 19_000, valid=False),  # deleted: sets no best
        _lap("21", 1, 29_800, 39_900, 19_900),
        _lap("21", 2, 29_900, None, 19_800),
        _lap("8", 1, 31_000, 40_200, 19_950),
    ],
)


def test_best_sectors_per_car_skip_deleted_laps_and_missing_sectors() -> None:
    by_car = best_sectors_by_car(SESSION)
    assert by_car["7"] == (29_500, 40_000, 20_000)
    assert by_car["21"] == (29_800, 39_900, 19_800)


def test_best_sectors_per_class_and_session() -> None:
    by_class = best_sectors_by_class(SESSION)
    assert by_class["Am"] == (29_500, 40_000, 19_950)
    assert by_class["Pro"] == (29_800, 39_900, 19_800)
    assert best_sectors(SESSION.laps) == (29_500, 39_900, 19_800)


def test_ideal_lap_is_the_sum_of_the_best_sectors_and_needs_them_all() -> None:
    assert ideal_lap((29_500, 39_900, 19_800)) == 89_200
    assert ideal_lap((29_500, None, 19_800)) is None
    assert ideal_lap(()) is None


def test_purple_for_the_field_best_green_for_the_personal_best() -> None:
    session_best = best_sectors(SESSION.laps)
    mine = best_sectors_by_car(SESSION)["7"]
    lap2 = SESSION.laps[1]  # S1 29.500 is the session best; S2, S3 are neither
    assert sector_marks(lap2, session_best, mine) == (Mark.BEST, Mark.NONE, Mark.NONE)
    lap1 = SESSION.laps[0]  # S2 40.000 and S3 20.000 are the car's own bests
    assert sector_marks(lap1, session_best, mine) == (Mark.NONE, Mark.PERSONAL, Mark.PERSONAL)
    deleted = SESSION.laps[2]
    assert sector_marks(deleted, session_best, mine) == (Mark.NONE,) * 3
    assert Mark.BEST.value == "purple" and Mark.PERSONAL.value == "green"


def test_class_best_is_purple_when_compared_with_the_class() -> None:
    am = best_sectors_by_class(SESSION)["Am"]
    lap = SESSION.laps[5]  # car 8: S3 19.950 is the Am best, not the session best
    assert sector_marks(lap, am, best_sectors_by_car(SESSION)["8"])[2] is Mark.BEST


P, C, S, N = (
    LapMarker.PERSONAL_BEST,
    LapMarker.CLASS_BEST,
    LapMarker.SESSION_BEST,
    LapMarker.NONE,
)


def test_tower_marks_the_last_lap_and_the_bests_session_class_personal() -> None:
    bests = SectorBests()
    for lap in SESSION.laps:
        bests.add(lap, SESSION.entries[lap.car].car_class)
    seven = bests.tower("7", "Am", SESSION.laps[2])  # its last lap was deleted: no marks
    assert seven.last == (29_000, 39_000, 19_000) and seven.last_markers == (N, N, N)
    assert seven.best == (29_500, 40_000, 20_000)
    assert seven.best_markers == (S, C, P)  # S2 40.000 is the Am best (car 8: 40.200)
    eight = bests.tower("8", "Am", SESSION.laps[5])
    assert eight.last_markers == eight.best_markers == (P, P, C)
    pro = bests.tower("21", "Pro", SESSION.laps[4])  # S2 not recorded: None, unmarked
    assert pro.last == (29_900, None, 19_800) and pro.last_markers == (N, N, S)  # S1: 29.800
    assert pro.best_markers == (C, S, S)
    assert bests.tower("99", "Am", None).last == ()


def test_a_best_set_by_another_class_changes_the_marks_of_a_car_that_did_not_lap() -> None:
    bests = SectorBests()
    am = Lap("8", 1, 91_150, sectors=(31_000, 40_200, 19_950))
    bests.add(am, "Am")
    assert bests.tower("8", "Am", am).last_markers == (S, S, S)
    bests.add(Lap("21", 1, 89_600, sectors=(29_800, 39_900, 19_900)), "Pro")
    assert bests.tower("8", "Am", am).last_markers == (C, C, C)  # still the Am bests


def test_bests_kept_lap_by_lap_equal_the_batch_bests() -> None:
    bests = SectorBests()
    for lap in SESSION.laps:
        bests.add(lap, SESSION.entries[lap.car].car_class)
    assert bests.by_car == best_sectors_by_car(SESSION)
    assert bests.by_class == best_sectors_by_class(SESSION)
    assert bests.session == best_sectors(SESSION.laps)


def test_the_tower_keeps_each_car_s_highest_top_speed() -> None:
    bests = SectorBests()
    for number, speed in enumerate(["251.3", None, "262.0", "259.9"], 1):
        bests.add(
            Lap("7", number, 90_000, top_speed=None if speed is None else Decimal(speed)), "Am"
        )
    assert bests.tower("7", "Am", None).top_speed == Decimal("262.0")
    assert bests.tower("8", "Am", None).top_speed is None


def test_sectors_add_up_and_missing_parts_are_not_compared() -> None:
    assert sectors_add_up(Lap("7", 1, 90_000, sectors=(30_000, 40_000, 20_000)))
    assert not sectors_add_up(Lap("7", 1, 90_001, sectors=(30_000, 40_000, 20_000)))
    assert sectors_add_up(Lap("7", 1, 90_001, sectors=(30_000, 40_000, 20_000)), tolerance=1)
    assert sectors_add_up(Lap("7", 1, 90_000, sectors=(30_000, None, 20_000)))
    assert sectors_add_up(Lap("7", 1, None, sectors=(30_000, 40_000, 20_000)))


HEADER = "NUMBER;LAP_NUMBER;LAP_TIME;LAP_IMPROVEMENT;S1;S2;TOP_SPEED;FLAG_AT_FL;\n"


def test_top_speed_is_read_where_the_file_has_it(tmp_path: Path) -> None:
    path = tmp_path / "analysis.csv"
    rows = "7;1;1:00.000;0;30.000;30.000;204.5;GF;\n7;2;59.000;0;29.000;30.000;;GF;\n"
    path.write_text(HEADER + rows)
    laps = read_analysis(path, SessionKind.RACE).laps
    assert [lap.top_speed for lap in laps] == [Decimal("204.5"), None]
    assert top_speed(laps) == Decimal("204.5")
    stream = io.StringIO()
    write_analysis(read_analysis(path, SessionKind.RACE), stream)
    again = tmp_path / "again.csv"
    again.write_text(stream.getvalue())
    assert [lap.top_speed for lap in read_analysis(again, SessionKind.RACE).laps] == [
        Decimal("204.5"),
        None,
    ]


@pytest.mark.parametrize("value", ["fast", "NaN", "-3.0", "Infinity"])
def test_a_bad_top_speed_names_line_column_and_value(tmp_path: Path, value: str) -> None:
    path = tmp_path / "analysis.csv"
    path.write_text(HEADER + f"7;1;1:00.000;0;30.000;30.000;{value};GF;\n")
    with pytest.raises(FormatError) as caught:
        read_analysis(path, SessionKind.RACE)
    assert caught.value.line == 2
    assert "TOP_SPEED" in str(caught.value) and value in str(caught.value)


def _analysis_files() -> list[str]:
    root = real_data_dir()
    found = [*root.glob("imsa/*/*/*-laps.csv"), *root.glob("wec/*/*.csv")]
    found += root.glob("grcup2025/**/23_Analysis*")
    return sorted(path.relative_to(root).as_posix() for path in found)


@pytest.mark.parametrize("relative", _analysis_files())
def test_real_lap_analysis_sectors_add_up_to_the_lap_time(real_data: Path, relative: str) -> None:
    """Al Kamel prints sectors and lap times to the millisecond from the same loop crossings:
    on all 85 files (170 931 laps with three sectors) they add up exactly, tolerance 0 ms."""
    session = read_analysis(real_data / relative, SessionKind.RACE)
    full = [lap for lap in session.laps if len(lap.sectors) == 3 and None not in lap.sectors]
    assert full, "no lap with all three sectors"
    wrong = [(lap.car, lap.number) for lap in full if not sectors_add_up(lap)]
    assert wrong == []
    assert all(len(best) == 3 for best in best_sectors_by_car(session).values())


def test_the_real_corpus_has_all_its_analysis_files(real_data: Path) -> None:
    assert len(_analysis_files()) == 85


def test_wec_top_speed_on_every_lap_with_a_speed_trap(real_data: Path) -> None:
    session = read_analysis(real_data / "wec/2024/fuji_6h.csv", SessionKind.RACE)
    speeds = [lap.top_speed for lap in session.laps if lap.top_speed is not None]
    assert (len(speeds), len(session.laps)) == (7002, 7042)  # 40 rows leave TOP_SPEED empty
    assert Decimal(250) < max(speeds) < Decimal(360)  # a Hypercar at Fuji, in km/h
