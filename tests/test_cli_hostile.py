"""Hostile files the CLI once answered with a traceback or read without end (issue 11, low)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pitboard.cli import main
from pitboard.formats.acc import read_acc
from pitboard.formats.penalties import read_penalties
from pitboard.model import FormatError

HEADER = {"kind": "race", "entries": [{"number": "7", "class": "GT3"}]}


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"\n",  # nested past the recursion limit
        b"\xff\xfe\x00\x01garbage\n",
        json.dumps({"kind": "race", "entries": 5}).encode() + b"\n",
    ],
)
def test_replay_of_a_hostile_jsonl_is_one_error_line(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "race.jsonl"
    path.write_bytes(json.dumps(HEADER).encode() + b"\n" + body)
    result = CliRunner().invoke(main, ["replay", str(path)])
    assert (result.exit_code == 1 and result.exception is None) or isinstance(
        result.exception, SystemExit
    )
    assert "Traceback" not in result.output and "race.jsonl" in result.output


def test_replay_skips_a_transponder_of_a_car_not_entered(tmp_path: Path) -> None:
    lines = [HEADER, {"kind": "transponder", "transponder": "9", "car": "99"}]
    lines.append({"kind": "passing", "transponder": "9", "timestamp_us": 5})
    path = tmp_path / "race.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = CliRunner().invoke(main, ["replay", str(path)])
    assert result.exit_code == 0, result.output


def test_nested_toml_penalties_are_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "penalties.toml"
    path.write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    with pytest.raises(FormatError):
        read_penalties(path)


def test_an_acc_file_without_end_is_refused_at_a_limit() -> None:
    with pytest.raises(FormatError, match="larger than"):
        read_acc("/dev/zero")


@pytest.mark.parametrize(
    "drivers",
    [
        "driverId,driverRef,forename,surname\n1,a,Ä,B\n".encode("utf-16"),
        b"driverId,driverRef,forename,surname\n1,a,\xc4ke,B\n",  # Latin-1
        bytes(range(256)) * 4,
    ],
)
def test_import_ergast_with_a_drivers_csv_not_utf8_is_one_error_line(
    tmp_path: Path, drivers: bytes
) -> None:
    races = "raceId,year,round,circuitId,name,date\n1,1950,1,1,British GP,1950-05-13\n"
    (tmp_path / "races.csv").write_text(races, encoding="utf-8")
    (tmp_path / "drivers.csv").write_bytes(drivers)
    environment = {"PITBOARD_DB": str(tmp_path / "f1.db")}
    result = CliRunner().invoke(main, ["import", "ergast", str(tmp_path), "-q"], env=environment)
    assert isinstance(result.exception, SystemExit) and result.exit_code != 0, result.output
    assert "Traceback" not in result.output and "drivers.csv" in result.output
