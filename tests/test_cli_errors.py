"""`pitboard classify BAD` exits 1 with one line on stderr naming the file, line and problem."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from formats.samples import ANALYSIS, PENALTIES, replace_on_line, truncate_line, write
from pitboard.cli import main

PITBOARD = Path(sys.executable).parent / "pitboard"


def _bad_inputs() -> dict[str, tuple[str | bytes, str]]:
    """name -> (file content, what the one line must contain after `pitboard: error: FILE`)."""
    header, rest = ANALYSIS.split("\n", 1)
    return {
        "truncated-row": (truncate_line(ANALYSIS, 3, 2), ":3: truncated row, 2 of"),
        "bad-time": (
            replace_on_line(ANALYSIS, 3, "1:59.000", "1:4x.285"),
            ":3: bad time '1:4x.285' in column LAP_TIME",
        ),
        "missing-column": (
            header.replace("LAP_TIME", "LAPTIME") + "\n" + rest,
            ":1: not a lap file",
        ),
        "empty-file": (b"", ":1: empty file"),
        "binary-garbage": (bytes(range(256)) * 8, ":1: binary data"),
        "latin-1": (
            ANALYSIS.replace("Bruno Moretti", "Bruno Morétti").encode("latin-1", "replace"),
            ":4: not UTF-8 text (Latin-1?) 'Bruno Mor\\\\xe9tti' in column DRIVER_NAME",
        ),
        "utf-16": (ANALYSIS.encode("utf-16"), ":1: not UTF-8 text (looks like UTF-16)"),
    }


BAD = _bad_inputs()


def _one_error_line(stderr: str, path: Path, expected: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"pitboard: error: {path}"), lines[0]
    assert expected in lines[0], lines[0]


@pytest.mark.parametrize("name", sorted(BAD))
def test_classify_bad_lap_file(tmp_path: Path, name: str) -> None:
    content, expected = BAD[name]
    path = write(tmp_path, content, f"{name}-race.csv")
    result = CliRunner().invoke(main, ["classify", str(path)])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    _one_error_line(result.stderr, path, expected)


@pytest.mark.parametrize("target", ["directory", "missing"])
def test_classify_not_a_file(tmp_path: Path, target: str) -> None:
    path = tmp_path if target == "directory" else tmp_path / "missing.csv"
    result = CliRunner().invoke(main, ["classify", str(path)])
    assert result.exit_code == 1, result.output
    _one_error_line(result.stderr, path, ": cannot open file: ")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PENALTIES.replace('kind = "time"', 'kind = "stop-go"'), ":1: penalty #1: kind must be"),
        (PENALTIES + PENALTIES.replace("seconds = 5", "seconds = -5"), ":6: penalty #2: seconds"),
        (PENALTIES.replace('car = "7"', "car = 7"), ":1: penalty #1: car must be a quoted"),
        (PENALTIES + '[[penalty]]\ncar = "8"\nkind = "laps"\nlap = 2\n', ":6: penalty #2: laps"),
        (PENALTIES.replace("seconds = 5", "sekonds = 5"), ":1: penalty #1: unknown key 'sekonds'"),
        (PENALTIES.replace("seconds = 5", "seconds = = 5"), ":4: bad TOML (Invalid value)"),
        (b"\xff\xfe[\x00[\x00", ":1: not UTF-8 text"),
    ],
)
def test_classify_bad_penalties_file(tmp_path: Path, content: str | bytes, expected: str) -> None:
    laps = write(tmp_path, ANALYSIS, "race.csv")
    penalties = write(tmp_path, content, "penalties.toml")
    result = CliRunner().invoke(main, ["classify", str(laps), "--penalties", str(penalties)])
    assert result.exit_code == 1, result.output
    _one_error_line(result.stderr, penalties, expected)


@pytest.mark.skipif(not PITBOARD.exists(), reason="pitboard is not installed in this venv")
def test_the_installed_command_gives_one_line_and_no_traceback(tmp_path: Path) -> None:
    content, expected = BAD["bad-time"]
    path = write(tmp_path, content, "laps.csv")
    done = subprocess.run(
        [str(PITBOARD), "classify", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1 and done.stdout == ""
    _one_error_line(done.stderr, path, expected)
