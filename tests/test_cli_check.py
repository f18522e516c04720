"""`pitboard check`: each breach with its evidence; exit 0 without one, 3 with, 1 on bad input."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pitboard.cli import main
from pitboard.demo import demo_session
from pitboard.formats.alkamel.analysis import write_analysis
from pitboard.model.season import PitWindow
from pitboard.store import open_store

LIME_ROCK = "imsa/2023/14-lime-rock-park/202307221210-race-laps.csv"


def _demo_file(tmp_path: Path, short_stop_car: str | None = None) -> Path:
    """The synthetic GT4 race as an Al Kamel file; optionally one car's stop cut to 50 s."""
    session = demo_session()
    if short_stop_car is not None:
        session.laps = [
            dataclasses.replace(lap, pit_time=50_000)
            if lap.car == short_stop_car and lap.pit_time
            else lap
            for lap in session.laps
        ]
    path = tmp_path / "race-laps.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        write_analysis(session, stream)
    return path


def test_a_real_imsa_race_has_no_breach(real_data: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(real_data / LIME_ROCK), "--ruleset", "imsa"])
    assert result.exit_code == 0, result.output
    assert "0 breaches of the imsa rules" in result.output


def test_a_stricter_event_rule_lists_the_breach_with_laps(real_data: Path) -> None:
    args = ["check", str(real_data / LIME_ROCK), "--ruleset", "imsa"]
    result = CliRunner().invoke(main, [*args, "--set", "min_drive_time=45:00"])
    assert result.exit_code == 3
    line = result.output.splitlines()[0]
    assert line.startswith("#9  min_drive_time  Patrick Pilet drove 41:28.499")
    assert line.endswith("(laps 1-45)")


def test_the_gt4_demo_race_passes_and_a_short_stop_is_caught(tmp_path: Path) -> None:
    clean = CliRunner().invoke(
        main, ["check", str(_demo_file(tmp_path)), "--ruleset", "gt4-europe"]
    )
    assert clean.exit_code == 0, clean.output
    car = next(lap.car for lap in demo_session().laps if lap.pit_time)
    path = _demo_file(tmp_path, short_stop_car=car)
    result = CliRunner().invoke(main, ["check", str(path), "--ruleset", "gt4-europe", "--json"])
    assert result.exit_code == 3
    document = json.loads(result.stdout)
    assert document["ruleset"] == "gt4-europe"
    [breach] = document["breaches"]
    assert (breach["car"], breach["check"], breach["unit"]) == (car, "min_pit_time", "ms")
    assert (breach["measured"], breach["limit"]) == (50_000, 65_000)
    assert len(breach["laps"]) == 2 and breach["laps"][1] == breach["laps"][0] + 1


def test_bad_input_exits_1_with_one_line(tmp_path: Path) -> None:
    path = _demo_file(tmp_path)
    for args, message in [
        (["--set", "min_pit_time"], "expected KEY=VALUE"),
        (["--set", "min_pit_time=soon"], "min_pit_time = 'soon' is not a duration"),
    ]:
        result = CliRunner().invoke(main, ["check", str(path), "--ruleset", "gt4-europe", *args])
        assert result.exit_code == 1
        assert message in result.stderr and len(result.stderr.splitlines()) == 1
    missing = CliRunner().invoke(main, ["check", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 1 and "nope.csv" in missing.stderr


def test_a_missing_file_name_is_not_looked_up_in_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PITBOARD_DB", f"sqlite:///{tmp_path}/never.db")
    result = CliRunner().invoke(main, ["check", "race-laps.csv"])
    assert result.exit_code == 1 and "race-laps.csv" in result.stderr
    assert not (tmp_path / "never.db").exists()


def test_the_examples_in_docs_rulesets_md_print_what_they_show(real_data: Path) -> None:
    """Each `$ pitboard check …` in docs/rulesets.md, run on the real data, prints the lines
    the page shows under it."""
    text = (Path(__file__).parents[1] / "docs" / "rulesets.md").read_text(encoding="utf-8")
    block = text.split("```console\n", 1)[1].split("```", 1)[0]
    examples: list[tuple[list[str], list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ pitboard "):
            examples.append((line.removeprefix("$ pitboard ").split(), []))
        else:
            examples[-1][1].append(line)
    assert len(examples) == 2
    for args, shown in examples:
        args = [
            str(real_data / a.removeprefix("../shared/data/real/")) if "/" in a else a for a in args
        ]
        result = CliRunner().invoke(main, args)
        assert result.stdout.splitlines() == shown


def test_a_qualifying_file_is_not_held_to_race_rules(real_data: Path) -> None:
    path = real_data / "imsa/2023/14-lime-rock-park/202307211740-qualifying-laps.csv"
    result = CliRunner().invoke(main, ["check", str(path), "--ruleset", "gt4-europe"])
    assert result.exit_code == 0
    assert "(a qualifying session: the rules apply to races only)" in result.stdout


def test_a_stored_session_is_checked_with_its_own_pit_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo race stored with a 5-15 min window: its stops (25-35 min) now miss it."""
    url = f"sqlite:///{tmp_path}/check.db"
    with open_store(url) as store:
        info = store.save_session("demo-race", demo_session())
        early = PitWindow(5 * 60_000, 15 * 60_000, stops=1, driver_change=True)
        store.save_session_info(dataclasses.replace(info, pit_window=early))
    monkeypatch.setenv("PITBOARD_DB", url)
    args = ["check", "demo-race", "--ruleset", "gt4-europe", "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3
    breaches = json.loads(result.stdout)["breaches"]
    assert breaches and {b["check"] for b in breaches} == {"mandatory_stops"}
    assert "window 5:00.000-15:00.000" in breaches[0]["message"]
    as_file = CliRunner().invoke(main, [*args, "--set", "pit_window=25:00,35:00"])
    assert as_file.exit_code == 0, as_file.stdout
    missing = CliRunner().invoke(main, ["check", "no-such-race"])
    assert missing.exit_code == 1
    assert "no file 'no-such-race', nor a session 'no-such-race' in the store" in missing.stderr
