"""`pitboard classify --json` on a tiny hand-made lap analysis: the documented schema, with values
worked out by hand; `--class` and `--session`; and the help texts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pitboard.cli import main
from pitboard.cli.batch import SESSION_KINDS
from pitboard.model import SessionKind
from pitboard.rules.rulesets import available_rulesets

HEADER = (
    "NUMBER; DRIVER_NUMBER; LAP_NUMBER; LAP_TIME; LAP_IMPROVEMENT; CROSSING_FINISH_LINE_IN_PIT; "
    "ELAPSED; HOUR; DRIVER_NAME; PIT_TIME; CLASS; TEAM; MANUFACTURER; FLAG_AT_FL;"
)
# (car, driver no, lap, lap time, in pit, elapsed, driver, pit time, class, team, make)
LAPS = [
    ("021", 1, 1, "1:44.000", "", "1:44.000", "Cleo Dubois", "", "Pro", "Harbour", "BMW"),
    ("021", 1, 2, "1:41.200", "", "3:25.200", "Cleo Dubois", "", "Pro", "Harbour", "BMW"),
    ("021", 1, 3, "1:41.300", "", "5:06.500", "Cleo Dubois", "", "Pro", "Harbour", "BMW"),
    ("021", 1, 4, "1:41.100", "", "6:47.600", "Cleo Dubois", "", "Pro", "Harbour", "BMW"),
    ("21", 1, 1, "1:46.000", "", "1:46.000", "Dario Kowalski", "", "Pro", "Vale", "Audi"),
    ("21", 1, 2, "1:42.000", "", "3:28.000", "Dario Kowalski", "", "Pro", "Vale", "Audi"),
    ("21", 1, 3, "1:42.500", "", "5:10.500", "Dario Kowalski", "", "Pro", "Vale", "Audi"),
    ("21", 1, 4, "1:42.000", "", "6:52.500", "Dario Kowalski", "", "Pro", "Vale", "Audi"),
    ("7", 1, 1, "1:45.000", "", "1:45.000", "Alva Lindqvist", "", "Am", "Northlight", "Toyota"),
    ("7", 1, 2, "1:42.500", "B", "3:27.500", "Alva Lindqvist", "", "Am", "Northlight", "Toyota"),
    ("7", 2, 3, "2:30.000", "", "5:57.500", "Bruno Moretti", "0:01:05.000", "Am", "Northlight",
     "Toyota"),
    ("7", 2, 4, "1:41.000", "", "7:38.500", "Bruno Moretti", "", "Am", "Northlight", "Toyota"),
    ("8", 1, 1, "1:47.000", "", "1:47.000", "Edda Hansen", "", "Am", "Ironbark", "Ford"),
    ("8", 1, 2, "1:43.000", "", "3:30.000", "Edda Hansen", "", "Am", "Ironbark", "Ford"),
]  # fmt: skip
KEYS = {
    "position", "number", "class", "class_position", "status", "laps", "total_time_ms",
    "gap_first", "gap_previous", "best_lap_ms", "best_lap_number", "pit_stops", "drivers",
    "team", "vehicle",
}  # fmt: skip


def _line(lap: tuple[str, int, int, str, str, str, str, str, str, str, str]) -> str:
    car, driver_no, number, time, pit, elapsed, driver, pit_time, car_class, team, make = lap
    hour = "14:00:00.000"  # not used by a race
    fields = [car, driver_no, number, time, 0, pit, elapsed, hour, driver, pit_time, car_class]
    return ";".join(str(f) for f in [*fields, team, make, "GF"]) + ";"


@pytest.fixture
def lap_file(tmp_path: Path) -> Path:
    path = tmp_path / "sprint-race-laps.csv"
    path.write_text("\n".join([HEADER, *map(_line, LAPS)]) + "\n", encoding="utf-8")
    return path


def _classify(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["classify", "--json", *args])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _by_number(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["number"]: row for row in data["classification"]}


def test_json_session_summary(lap_file: Path) -> None:
    data = _classify(str(lap_file))
    assert data["session"] == {"kind": "race", "cars": 4, "laps": 14, "classes": ["Pro", "Am"]}


def test_json_rows_have_the_documented_keys(lap_file: Path) -> None:
    for row in _classify(str(lap_file))["classification"]:
        assert set(row) >= KEYS


def test_json_race_order_positions_and_gaps(lap_file: Path) -> None:
    rows = _classify(str(lap_file))["classification"]
    assert [r["number"] for r in rows] == ["021", "21", "7", "8"]
    assert [r["position"] for r in rows] == [1, 2, 3, 4]
    assert [(r["class"], r["class_position"]) for r in rows] == [
        ("Pro", 1), ("Pro", 2), ("Am", 1), ("Am", 2)
    ]  # fmt: skip
    assert [r["status"] for r in rows] == ["classified", "classified", "classified", "dnf"]
    assert [r["laps"] for r in rows] == [4, 4, 4, 2]
    assert [r["total_time_ms"] for r in rows] == [407_600, 412_500, 458_500, 210_000]
    assert [r["gap_first"] for r in rows] == ["-", "+4.900", "+50.900", "2 Laps"]
    assert [r["gap_previous"] for r in rows] == ["-", "+4.900", "+46.000", "2 Laps"]


def test_json_best_laps_stops_and_crew(lap_file: Path) -> None:
    rows = _by_number(_classify(str(lap_file)))
    assert (rows["021"]["best_lap_ms"], rows["021"]["best_lap_number"]) == (101_100, 4)
    assert (rows["21"]["best_lap_ms"], rows["21"]["best_lap_number"]) == (102_000, 2)  # first
    assert (rows["7"]["best_lap_ms"], rows["7"]["best_lap_number"]) == (101_000, 4)
    assert (rows["8"]["best_lap_ms"], rows["8"]["best_lap_number"]) == (103_000, 2)
    assert [rows[n]["pit_stops"] for n in ("021", "21", "7", "8")] == [0, 0, 1, 0]
    assert rows["7"]["drivers"] == ["Alva Lindqvist", "Bruno Moretti"]
    assert (rows["7"]["team"], rows["7"]["vehicle"]) == ("Northlight", "Toyota")
    assert rows["021"]["number"] != rows["21"]["number"]  # "021" and "21" are two cars


def test_json_class_gaps_and_intervals(lap_file: Path) -> None:
    """Am: #7 leads its class (overall third, +50.900); #8 retired two laps down."""
    rows = _classify(str(lap_file))["classification"]
    assert data_version(lap_file) == 4
    assert [(r["class_gap"], r["class_interval"]) for r in rows] == [
        ("-", "-"), ("+4.900", "+4.900"), ("-", "-"), ("2 Laps", "2 Laps")
    ]  # fmt: skip
    assert [r["pit_stop_laps"] for r in rows] == [[], [], [{"lap": 2, "time_ms": 65_000}], []]


def test_json_retired_car_is_unranked_under_a_flag_ruleset(lap_file: Path) -> None:
    """gt4-europe: the retired #8 keeps its row, without positions or gaps."""
    rows = _by_number(_classify(str(lap_file), "--ruleset", "gt4-europe"))
    retired = rows["8"]
    assert retired["status"] == "dnf"
    assert (retired["position"], retired["class_position"], retired["gap_first"]) == (
        None,
        None,
        None,
    )
    assert (rows["7"]["position"], rows["7"]["class_position"]) == (3, 1)


def data_version(lap_file: Path) -> int:
    version: int = _classify(str(lap_file))["version"]
    return version


def test_class_filter_keeps_the_overall_positions(lap_file: Path) -> None:
    data = _classify(str(lap_file), "--class", "Am")
    rows = data["classification"]
    assert data["session"]["classes"] == ["Am"]
    assert [(r["number"], r["position"], r["class_position"]) for r in rows] == [
        ("7", 3, 1), ("8", 4, 2)
    ]  # fmt: skip


def test_unknown_class_is_an_error_naming_the_classes(lap_file: Path) -> None:
    result = CliRunner().invoke(main, ["classify", str(lap_file), "--class", "GT3"])
    assert result.exit_code == 1
    assert "no class 'GT3'" in result.stderr and "Pro, Am" in result.stderr


def test_session_override_classifies_as_qualifying(lap_file: Path) -> None:
    data = _classify(str(lap_file), "--session", "qualifying")
    assert data["session"]["kind"] == "qualifying"
    # fastest valid lap first: 7 (1:41.000), 021 (1:41.100), 21 (1:42.000), 8 (1:43.000)
    assert [r["number"] for r in data["classification"]][:2] == ["7", "021"]


def test_session_kind_is_guessed_from_the_file_name(lap_file: Path) -> None:
    qualifying = lap_file.with_name("q1-laps.csv")
    qualifying.write_bytes(lap_file.read_bytes())
    assert _classify(str(qualifying))["session"]["kind"] == "qualifying"


def test_session_choices_are_the_session_kinds() -> None:
    assert set(SESSION_KINDS) == {kind.value for kind in SessionKind}


def test_tables_without_json(lap_file: Path) -> None:
    result = CliRunner().invoke(main, ["classify", str(lap_file)], terminal_width=80)
    assert result.exit_code == 0, result.output
    assert "Dubois" in result.stdout and "1:47.000" not in result.stdout  # lap 1 is no best


def test_main_help_names_the_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "classify" in result.stdout and "demo" in result.stdout


def test_classify_help_explains_kind_rulesets_and_penalties() -> None:
    text = CliRunner().invoke(main, ["classify", "--help"], terminal_width=100).stdout
    assert "guessed from the file name" in text and "qualifying" in text
    for name in available_rulesets():
        assert name in text
    assert "docs/penalties.md" in text and "[[penalty]]" in text
