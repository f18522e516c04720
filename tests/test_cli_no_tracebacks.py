"""Inputs that used to end in a Python traceback (issue 10, item 10), each run as a real
`pitboard` process: one line naming what was wrong, a non-zero exit, no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PITBOARD = Path(sys.executable).parent / "pitboard"
README_DB = "sqlite:////tmp/pitboard-demo-XXXX/demo.db"  # the README's placeholder, verbatim


def _run(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "COLUMNS": "120", **(env or {})}
    return subprocess.run(
        [str(PITBOARD), *args],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _one_line(result: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pitboard: error: "), result.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield int(taken.getsockname()[1])


def _bad_stores(folder: Path) -> dict[str, tuple[str, str]]:
    """name -> (the --db value, what the error line says)."""
    letter = folder / "letter.txt"
    letter.write_text("Dear race director,\nplease find the results attached.\n")
    down = f"postgresql+psycopg://root@127.0.0.1:{_free_port()}/test"
    return {
        "missing-folder": (str(folder / "no-such-folder" / "pitboard.db"), "does not exist"),
        "not-a-database": (str(letter), "file is not a database"),
        "postgres-down": (down, "Connection refused"),
        "readme-placeholder": (README_DB, "folder /tmp/pitboard-demo-XXXX does not exist"),
    }


STORE_CASES = ["missing-folder", "not-a-database", "postgres-down", "readme-placeholder"]


@pytest.mark.parametrize("case", STORE_CASES)
def test_standings_with_a_bad_pitboard_db(tmp_path: Path, case: str) -> None:
    db, expected = _bad_stores(tmp_path)[case]
    result = _run("standings", "f1-1988", cwd=tmp_path, env={"PITBOARD_DB": db})
    _one_line(result, "cannot open the store", expected)


@pytest.mark.parametrize("case", STORE_CASES)
def test_report_with_a_bad_db(tmp_path: Path, case: str) -> None:
    db, expected = _bad_stores(tmp_path)[case]
    args = ("report", "weekend", "gt4-europe-2023", "misano", "--entry", "60", "--db", db)
    _one_line(_run(*args, cwd=tmp_path), "cannot open the store", expected)


@pytest.mark.parametrize("case", STORE_CASES)
def test_serve_with_a_bad_db(tmp_path: Path, case: str) -> None:
    db, expected = _bad_stores(tmp_path)[case]
    result = _run("serve", "--db", db, "--port", str(_free_port()), cwd=tmp_path)
    _one_line(result, "cannot open the store", expected)
    assert "serving" not in result.stdout


def test_replay_of_a_letter(tmp_path: Path) -> None:
    (tmp_path / "letter.txt").write_text("Dear race director,\n")
    _one_line(_run("replay", "letter.txt", cwd=tmp_path), "letter.txt: not a simulator journal")


@pytest.mark.parametrize(
    ("option", "value"),
    [("--minutes", "1"), ("--minutes", "1441"), ("--cars", "0"), ("--cars", "-3")],
)
def test_simulate_out_of_range(tmp_path: Path, option: str, value: str) -> None:
    result = _run("simulate", option, value, "--to", "file:race.jsonl", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    assert f"Invalid value for '{option}'" in result.stderr
    assert not (tmp_path / "race.jsonl").exists()


def test_simulate_a_24_hour_race(tmp_path: Path) -> None:
    args = ("simulate", "--minutes", "1440", "--speed", "0")  # 48 cars: two loops read at one time
    result = _run(*args, "--to", "file:race.jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "race.jsonl").read_text().splitlines()
    assert any('"flag": "chequered"' in line for line in lines)
    assert '"session_stop"' in lines[-1]


def test_simulate_to_a_server_that_is_not_there(tmp_path: Path) -> None:
    target = f"http://127.0.0.1:{_free_port()}"
    args = ("simulate", "--minutes", "5", "--cars", "2", "--speed", "0", "--token", "T")
    result = _run(*args, "--to", target, "--retry-for", "0.5", cwd=tmp_path, timeout=60)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert f"{target}: no answer yet, retrying for up to 0.5 s" in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"pitboard: error: {target}/api/v1/sessions/sim-race/")
    assert "no answer after 0.5 s of retries" in last and "Connection refused" in last


def test_classify_a_header_only_csv(tmp_path: Path) -> None:
    header = "NUMBER;DRIVER_NUMBER;LAP_NUMBER;LAP_TIME;LAP_IMPROVEMENT;CROSSING_FINISH_LINE_IN_PIT"
    (tmp_path / "race-laps.csv").write_text(header + ";S1;S2;S3;ELAPSED;HOUR;CLASS;TEAM\n")
    for extra in ((), ("--json",)):
        result = _run("classify", "race-laps.csv", *extra, cwd=tmp_path)
        _one_line(result, "race-laps.csv: no cars and no laps after the header")
        assert result.stdout == ""


def test_serve_demo_on_a_busy_port(tmp_path: Path, busy_port: int) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    result = _run(
        "serve", "--demo", "--port", str(busy_port), cwd=tmp_path, env={"TMPDIR": str(temp)}
    )
    _one_line(result, f"cannot listen on 127.0.0.1:{busy_port}", "Address already in use")
    assert "serving" not in result.stdout and "loading the demo" not in result.stdout
    assert list(temp.iterdir()) == []  # no pitboard-demo-* folder left behind


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://timing:secret@db/pitboard", "'mysql://timing:***@db/pitboard': No module named"),
        ("nonsense://", "'nonsense://': Can't load plugin"),
    ],
)
def test_a_database_url_pitboard_cannot_use(tmp_path: Path, url: str, expected: str) -> None:
    result = _run("standings", "f1-1988", cwd=tmp_path, env={"PITBOARD_DB": url})
    line = _one_line(result, "cannot use the database URL", expected)
    assert "secret" not in line
