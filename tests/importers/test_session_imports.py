"""ACC and Al Kamel sessions into the store through the CLI; decisions and result versions."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pitboard.cli import main
from pitboard.formats.acc import read_acc
from pitboard.store import ResultState, open_store

INDY = "grcup2025/indianapolis"


def _run(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"PITBOARD_DB": url})
    return result.exit_code, result.stdout, result.stderr


def test_acc_race_with_its_penalty(real_data: Path, database: str) -> None:
    path = real_data / "acc" / "race.to.fix.positions.json"
    code, out, err = _run(database, "import", "acc", str(path), "--session", "acc-r", "-q")
    assert code == 0, err
    assert out == "imported acc-r: race, 40 cars, 820 laps, 1 penalties\n"
    with open_store(database) as store:
        stored = store.load_session("acc-r").laps
        (decision,) = store.load_penalties("acc-r")
    assert (decision.penalty.car, decision.penalty.millis) == ("20", 80_000)
    assert decision.decided_by == "ACC server"
    read = read_acc(path).session.laps
    assert stored == read


def test_acc_lap_validity_survives_the_store(real_data: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    path = real_data / "acc" / "race.to.fix.positions.json"
    _run(url, "import", "acc", str(path), "--session", "acc-r", "-q")
    with open_store(url) as store:
        stored = store.load_session("acc-r").laps
    assert [lap.valid for lap in stored] == [lap.valid for lap in read_acc(path).session.laps]


def test_acc_driver_swap_survives_the_store(real_data: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    path = real_data / "acc" / "race.modified.with.swaps.json"
    assert _run(url, "import", "acc", str(path), "--session", "swap", "-q")[0] == 0
    with open_store(url) as store:
        session = store.load_session("swap")
    crew = next(e for e in session.entries.values() if len(e.drivers) == 2)
    assert crew.driver_names == ["Andrea Mel", "Second Driver"]
    first = session.laps_by_car()[crew.number][0]
    assert first.driver == "Second Driver"


def test_bad_acc_file_writes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    bad = tmp_path / "R.json"
    bad.write_text(json.dumps({"sessionType": "R", "sessionResult": {"leaderBoardLines": 3}}))
    code, out, err = _run(url, "import", "acc", str(bad), "--session", "x", "-q")
    assert (code, out) == (1, "")
    assert err == "pitboard: error: R.json: sessionResult.leaderBoardLines: expected a list '3'\n"
    assert _run(url, "results", "publish", "x", "--state", "official", "--by", "me")[0] == 1


def test_alkamel_session_with_results_and_weather(real_data: Path, database: str) -> None:
    folder = real_data / INDY
    code, out, err = _run(
        database,
        "import",
        "alkamel",
        str(folder / "23_AnalysisEnduranceWithSections_Race 1.CSV"),
        "--session",
        "indy-r1",
        "--results",
        str(folder / "03_GR Cup Race 1 Official Results.CSV"),
        "--weather",
        str(folder / "26_Weather_Race 1.CSV"),
        "-q",
    )
    assert code == 0, err
    assert out.startswith("imported indy-r1: race, ")
    with open_store(database) as store:
        kinds = [r.kind for r in store.read_journal(session="indy-r1")]
        session = store.load_session("indy-r1")
        published = store.load_result("indy-r1")
    assert kinds.count("weather") > 0 and "published-result" not in kinds
    assert len(session.laps) > 0
    # The official results file, as the session's official version: 1. #55 Kohlbecker, 2. #2.
    assert published is not None and published.source == "alkamel"
    assert published.version.state.value == "official" and published.version.number == 1
    assert [(row["position"], row["number"]) for row in published.rows[:2]] == [(1, "55"), (2, "2")]
    assert published.rows[0]["drivers"] == ["Spike Kohlbecker"]


def test_decision_then_official_then_revised(real_data: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    path = real_data / "acc" / "191003_235558_R.json"
    _run(url, "import", "acc", str(path), "--session", "bh", "-q")
    code, out, _ = _run(url, "results", "publish", "bh", "--state", "official", "--by", "RD")
    assert (code, out) == (0, "bh: version 1 official\n")
    code, out, err = _run(
        url,
        "decision",
        "add",
        "bh",
        "82",
        "time",
        "5",
        "--reason",
        "track limits",
        "--by",
        "Stewards",
    )
    assert code == 0, err
    code, out, _ = _run(
        url, "results", "publish", "bh", "--state", "revised", "--reason", "+5 s", "--by", "RD"
    )
    assert out == "bh: version 2 revised\n"
    with open_store(url) as store:
        history = store.load_result_history("bh")
        (decision,) = store.load_penalties("bh")
    assert [v.state for v in history] == [ResultState.OFFICIAL, ResultState.REVISED]
    assert (decision.penalty.millis, decision.result_version) == (5000, 2)


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    for args in (
        ("decision", "add", "nope", "7", "time", "5", "--reason", "r", "--by", "s"),
        ("decision", "add", "nope", "7", "time", "five", "--reason", "r", "--by", "s"),
        ("standings", "f1-2050"),
        ("import", "acc", str(tmp_path / "missing.json"), "--session", "m"),
    ):
        code, out, err = _run(url, *args)
        assert (code, out) == (1, ""), args
        assert err.startswith("pitboard: error: ") and err.count("\n") == 1, err
