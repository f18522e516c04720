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
