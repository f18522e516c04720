"""Sectors: bests per car, class and session, the ideal lap, purple / green marks, top speed;
and on every real Al Kamel lap analysis, that a lap's sectors add up to its time."""

from __future__ import annotations

import csv
import io
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import real_data_dir
from pitboard.formats.alkamel.analysis import read_analysis, write_analysis
from pitboard.formats.registry import read_session
from pitboard.model import Entry, Flag, FormatError, Lap, Session, SessionKind
from pitboard.model.passing import LapMarker
from pitboard.rules.lap_analysis import counted_laps
from pitboard.rules.sectors import (
    Mark,
    SectorBests,
    best_sectors,
    best_sectors_by_car,
    best_sectors_by_class,
    ideal_lap,
    sector_counts,
    sector_marks,
    sectors_add_up,
    top_speed,
)


def _lap(car: str, number: int, *sectors: int | None, valid: bool = True) -> Lap:
    done = [s for s in sectors if s is not None]
    time = sum(done) if len(done) == len(sectors) else None
    return Lap(car, number, time, sectors=tuple(sectors), valid=valid)


SESSION = Session(  # qualifying: every lap 1 is an out-lap whose sectors all count
    SessionKind.QUALIFYING,
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
    assert best_sectors(SESSION.laps, race=False) == (29_500, 39_900, 19_800)


def test_ideal_lap_is_the_sum_of_the_best_sectors_and_needs_them_all() -> None:
    assert ideal_lap((29_500, 39_900, 19_800)) == 89_200
    assert ideal_lap((29_500, None, 19_800)) is None
    assert ideal_lap(()) is None


def test_purple_for_the_field_best_green_for_the_personal_best() -> None:
    session_best = best_sectors(SESSION.laps, race=False)
    mine = best_sectors_by_car(SESSION)["7"]
    lap2 = SESSION.laps[1]  # S1 29.500 is the session best; S2, S3 are neither
    assert sector_marks(lap2, session_best, mine, race=False) == (Mark.BEST, Mark.NONE, Mark.NONE)
    lap1 = SESSION.laps[0]  # S2 40.000 and S3 20.000 are the car's own bests
    assert sector_marks(lap1, session_best, mine, race=False) == (
        Mark.NONE,
        Mark.PERSONAL,
        Mark.PERSONAL,
    )
    deleted = SESSION.laps[2]
    assert sector_marks(deleted, session_best, mine, race=False) == (Mark.NONE,) * 3
    assert Mark.BEST.value == "purple" and Mark.PERSONAL.value == "green"


def test_class_best_is_purple_when_compared_with_the_class() -> None:
    am = best_sectors_by_class(SESSION)["Am"]
    lap = SESSION.laps[5]  # car 8: S3 19.950 is the Am best, not the session best
    assert sector_marks(lap, am, best_sectors_by_car(SESSION)["8"], race=False)[2] is Mark.BEST


P, C, S, N = (
    LapMarker.PERSONAL_BEST,
    LapMarker.CLASS_BEST,
    LapMarker.SESSION_BEST,
    LapMarker.NONE,
)


def test_tower_marks_the_last_lap_and_the_bests_session_class_personal() -> None:
    bests = SectorBests(race=False)
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
    bests = SectorBests(race=False)
    am = Lap("8", 1, 91_150, sectors=(31_000, 40_200, 19_950))
    bests.add(am, "Am")
    assert bests.tower("8", "Am", am).last_markers == (S, S, S)
    bests.add(Lap("21", 1, 89_600, sectors=(29_800, 39_900, 19_900)), "Pro")
    assert bests.tower("8", "Am", am).last_markers == (C, C, C)  # still the Am bests


def test_bests_kept_lap_by_lap_equal_the_batch_bests() -> None:
    bests = SectorBests(race=False)
    for lap in SESSION.laps:
        bests.add(lap, SESSION.entries[lap.car].car_class)
    assert bests.by_car == best_sectors_by_car(SESSION)
    assert bests.by_class == best_sectors_by_class(SESSION)
    assert bests.session == best_sectors(SESSION.laps, race=False)


def test_the_tower_keeps_each_car_s_highest_top_speed() -> None:
    bests = SectorBests(race=False)
    for number, speed in enumerate(["251.3", None, "262.0", "259.9"], 1):
        bests.add(
            Lap("7", number, 90_000, top_speed=None if speed is None else Decimal(speed)), "Am"
        )
    assert bests.tower("7", "Am", None).top_speed == Decimal("262.0")
    assert bests.tower("8", "Am", None).top_speed is None


def test_which_sectors_count_in_a_race_and_in_qualifying() -> None:
    times = (30_000, 40_000, 20_000)
    first = Lap("7", 1, 90_000, sectors=times)
    assert sector_counts(first, race=True) == (False, True, True)  # S1 timed from the start
    assert sector_counts(first, race=False) == (True, True, True)  # an out-lap
    red = Lap("7", 5, 90_000, sectors=times, flag=Flag.RED)
    assert sector_counts(red, race=True) == sector_counts(red, race=False) == (True, True, False)
    deleted = Lap("7", 4, 90_000, sectors=times, valid=False)
    assert sector_counts(deleted, race=True) == (True, True, True)
    assert sector_counts(deleted, race=False) == (False, False, False)
    red_deleted = Lap("7", 4, 90_000, sectors=times, valid=False, flag=Flag.RED)
    assert sector_counts(red_deleted, race=False) == (True, True, False)
    out_lap = Lap("7", 4, 150_000, sectors=times, valid=False, pit_time=60_000)
    assert sector_counts(out_lap, race=False) == (True, True, True)
    assert sector_counts(Lap("7", 2, 90_000), race=True) == ()


def test_the_tower_leaves_a_race_s_lap_1_s1_unmarked_and_out_of_the_bests() -> None:
    bests = SectorBests(race=True)
    first = Lap("7", 1, 89_000, sectors=(29_000, 40_000, 20_000))
    second = Lap("7", 2, 90_000, sectors=(30_000, 40_000, 20_000))
    bests.add(first, "Am")
    assert bests.tower("7", "Am", first).last_markers == (N, S, S)
    assert bests.session == (None, 40_000, 20_000)
    bests.add(second, "Am")
    assert bests.session == best_sectors([first, second], race=True) == (30_000, 40_000, 20_000)


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


# Where a car's best sector over the sectors that count (`sector_counts`) is not the one Al Kamel
# marks S*_IMPROVEMENT 2/3: every case on the 85 real analyses, each with what the file shows.
RED_MID_LAP = (
    "the red flag came out while the car was on this sector, before it reached the line: the "
    "file has the flag only at the line, so the sector's end cannot be placed before or after it"
)
HIDDEN_DELETION = (
    "qualifying: the lap (slower than the car's best, so no LAP_IMPROVEMENT gives its deletion "
    "away) was deleted by the stewards, as a deleted qualifying lap this sector sets no best"
)
VOIDED_SECTOR = (
    "race: the timekeeper did not count this one sector of a lap whose other sectors it marks "
    "or could mark (track limits in that sector, presumably): the file does not say why"
)
DELETED_RACE_LAP = (
    "race: a deleted lap time whose sector Al Kamel does not mark, where on other deleted laps "
    "it does (WEC: 7 sectors marked, these 5 not; the file does not say where the offence was)"
)
RESIDUALS: dict[str, dict[tuple[str, str], str]] = {
    "imsa/2021/12-6h---watkins-glen-international/"
    "202106261215-qualifying---gtd-points---gtlm-laps.csv": {("4", "S1"): HIDDEN_DELETION},
    "imsa/2021/13-weathertech-240---wgi/202107011740-qualifying---gtd-position-laps.csv": {
        ("28", "S3"): HIDDEN_DELETION
    },
    "imsa/2021/13-weathertech-240---wgi/202107011855-qualifying---lmp2-dpi-laps.csv": {
        ("60", "S2"): HIDDEN_DELETION
    },
    "imsa/2021/15-road-america/202108071350-qualifying---gtd-position-laps.csv": {
        ("14", "S1"): HIDDEN_DELETION,  # its in-lap
        ("96", "S1"): HIDDEN_DELETION,
    },
    "imsa/2021/18-long-beach-street-circuit/202109241650-qualifying---gtd-position-laps.csv": {
        ("88", "S2"): HIDDEN_DELETION,  # lap 6: 1:21.239, its best 1:21.167
        ("88", "S3"): HIDDEN_DELETION,
    },
    # Long Beach 2021 DPi qualifying, the red flag on Magnussen's lap 8: his S1 is the session's
    # best (marked 3), his S2 26.985 is not marked
    "imsa/2021/18-long-beach-street-circuit/202109241740-qualifying---dpi-laps.csv": {
        ("01", "S2"): RED_MID_LAP
    },
    "imsa/2023/01-roar-before-the-24/202301221345-qualifying-laps.csv": {
        ("31", "S1"): HIDDEN_DELETION  # its in-lap
    },
    # Sebring 2023 qualifying, the red flag on lap 5: the cars that reached S2's end before the
    # first car crossed the line under red (#12 and #83 at 10:19 and 10:24 of session time) keep
    # their S2, these three (10:49 to 11:05, after the first red crossing at 10:49.317) do not
    "imsa/2023/07-sebring-international-raceway/202303170915-qualifying-laps.csv": {
        ("44", "S2"): RED_MID_LAP,
        ("62", "S2"): RED_MID_LAP,
        ("77", "S2"): RED_MID_LAP,
    },
    "imsa/2023/08-long-beach-street-circuit/202304141715-qualifying-laps.csv": {
        ("91", "S3"): HIDDEN_DELETION,
        ("96", "S1"): RED_MID_LAP,  # the red flag on its lap 10, its in-lap
    },
    "imsa/2023/10-weathertech-raceway-laguna-seca/202305131255-qualifying-laps.csv": {
        ("94", "S2"): HIDDEN_DELETION
    },
    "imsa/2023/12-watkins-glen-international/202306241320-qualifying-laps.csv": {
        ("70", "S1"): HIDDEN_DELETION,  # lap 8: 1:47.122, its best 1:47.118
        ("70", "S2"): HIDDEN_DELETION,
        ("79", "S1"): HIDDEN_DELETION,
    },
    "imsa/2023/19-indianapolis-motor-speedway-rc/202309161300-qualifying-laps.csv": {
        ("54", "S1"): HIDDEN_DELETION,  # its in-lap
        ("8", "S2"): HIDDEN_DELETION,  # its in-lap
    },
    "imsa/2023/21-road-atlanta/202310131520-qualifying-laps.csv": {
        ("47", "S1"): HIDDEN_DELETION,  # its in-lap
        ("47", "S2"): HIDDEN_DELETION,
    },
    "wec/2023/le_mans_24h__23_Analysis_Race_Hour 24.csv": {
        ("37", "S1"): VOIDED_SECTOR,  # lap 258: its S2 is the marked one
        ("45", "S2"): VOIDED_SECTOR,
        ("6", "S2"): VOIDED_SECTOR,
        ("6", "S3"): DELETED_RACE_LAP,
        ("66", "S2"): VOIDED_SECTOR,
        ("72", "S1"): VOIDED_SECTOR,
        ("85", "S2"): VOIDED_SECTOR,
    },
    "wec/2024/fuji_6h.csv": {
        ("31", "S3"): VOIDED_SECTOR,
        ("81", "S2"): DELETED_RACE_LAP,
        ("95", "S2"): DELETED_RACE_LAP,
    },
    "wec/2024/le_mans_24h.csv": {
        ("11", "S2"): VOIDED_SECTOR,
        ("38", "S2"): VOIDED_SECTOR,
        ("4", "S1"): VOIDED_SECTOR,
        ("65", "S3"): DELETED_RACE_LAP,  # lap 128: its S2 is the marked one
        ("7", "S3"): DELETED_RACE_LAP,
        ("91", "S1"): VOIDED_SECTOR,
        ("94", "S2"): VOIDED_SECTOR,
    },
}


def _file_millis(text: str) -> int:
    """`22.174`, `1:31.078` or `1:02:03.456` -> ms (the test's own reading)."""
    *parts, last = text.split(":")
    whole, _, fraction = last.partition(".")
    minutes = 0
    for part in parts:
        minutes = minutes * 60 + int(part)
    return (minutes * 60 + int(whole)) * 1000 + int(fraction.ljust(3, "0"))


def _marked_sectors(path: Path) -> dict[tuple[str, str], int]:
    """(car, "S1"…) -> the time of the one lap the file marks S*_IMPROVEMENT 2 or 3 for that car
    and sector (sectors marked on no lap, or on several, are left out); read with csv."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        separator = ";" if first.count(";") > first.count(",") else ","
        header = [name.strip().upper() for name in next(csv.reader([first], delimiter=separator))]
        marks: dict[tuple[str, str], list[int]] = {}
        for fields in csv.reader(handle, delimiter=separator):
            row = dict(zip(header, (field.strip() for field in fields), strict=False))
            for name in ("S1", "S2", "S3"):
                if row.get(f"{name}_IMPROVEMENT") in ("2", "3"):
                    marks.setdefault((row["NUMBER"], name), []).append(_file_millis(row[name]))
    return {key: times[0] for key, times in marks.items() if len(times) == 1}


@pytest.mark.parametrize("relative", _analysis_files())
def test_best_sectors_are_the_ones_al_kamel_marks(real_data: Path, relative: str) -> None:
    """Each car's best sector over the sectors that count (the lap analysis page's, the results
    sheet's and the tower's) is the time Al Kamel marks, but for the named residuals."""
    marked = _marked_sectors(real_data / relative)
    session = read_session(real_data / relative)  # the kind from the file name, as imported
    race = session.kind is SessionKind.RACE
    ours: dict[tuple[str, str], int | None] = {}
    for car, laps in counted_laps(session).items():
        for index, time in enumerate(best_sectors(laps, race=race)):
            ours[car, f"S{index + 1}"] = time
    assert marked, "no marked sector"
    differ = {key for key, time in marked.items() if ours.get(key) != time}
    assert differ == set(RESIDUALS.get(relative, {}))


def test_the_residual_list_names_real_files_and_stays_at_39() -> None:
    """6 508 car sectors carry exactly one mark; these 39 are the ones our rule does not give."""
    assert set(RESIDUALS) <= set(_analysis_files())
    assert sum(len(cases) for cases in RESIDUALS.values()) == 39
    assert Counter(r for cases in RESIDUALS.values() for r in cases.values()) == {
        HIDDEN_DELETION: 17,
        RED_MID_LAP: 5,
        VOIDED_SECTOR: 12,
        DELETED_RACE_LAP: 5,
    }
