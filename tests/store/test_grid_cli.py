"""`pitboard season load`, `pitboard grid show` and `pitboard grid penalty` on a stored weekend."""

from __future__ import annotations

import json

from click.testing import CliRunner
from tests.store.test_grid import ENTRIES, MISANO, Q1_LAPS

from pitboard.cli import main
from pitboard.model import Session, SessionKind
from pitboard.store import open_store

RACE1 = f"{MISANO}-race1"


def _run(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"PITBOARD_DB": url})
    return result.exit_code, result.stdout, result.stderr


def test_grid_show_and_penalty_from_the_command_line(database: str) -> None:
    code, out, err = _run(database, "season", "load", "gt4-europe-2023")
    assert code == 0, err
    assert out == "loaded gt4-europe-2023: 6 rounds, 36 sessions, 0 entries\n"
    entries = {entry.number: entry for entry in ENTRIES}
    with open_store(database) as store:  # the race has no entry list yet: Q1's cars line up
        store.save_session(f"{MISANO}-q1", Session(SessionKind.QUALIFYING, entries, Q1_LAPS))
    code, out, err = _run(database, "grid", "show", RACE1, "--json")
    assert code == 0, err
    grid = json.loads(out)
    assert [(s["number"], s["starting_driver"], s["time_ms"]) for s in grid] == [
        ("33", "Kim Ode", 101_200),
        ("7", "Ann Berg", 101_500),
        ("88", None, None),
    ]
    code, out, err = _run(
        database, "grid", "penalty", RACE1, "33", "--places", "1", "--reason", "x", "--by", "S"
    )
    assert (code, out) == (0, f"{RACE1}: grid penalty 1 on car 33 (1 place) recorded\n"), err
    code, out, _ = _run(database, "grid", "show", RACE1, "--json")
    assert [s["number"] for s in json.loads(out)] == ["7", "33", "88"]
    code, out, _ = _run(database, "grid", "show", RACE1)
    assert code == 0 and "-1 place" in out and "Kim Ode" in out and "1:41.200" in out


def test_grid_errors_are_one_line_and_write_nothing(database: str) -> None:
    _run(database, "season", "load", "gt4-europe-2023")
    code, _, err = _run(
        database, "grid", "penalty", RACE1, "99", "--pit-lane", "--reason", "x", "--by", "S"
    )
    assert code == 1
    assert err == f"pitboard: error: grid penalty for car '99', not entered in race '{RACE1}'\n"
    code, _, err = _run(database, "grid", "penalty", RACE1, "7", "--reason", "x", "--by", "S")
    assert code == 1 and "--places N or --pit-lane" in err
    code, _, err = _run(database, "grid", "show", "nope")
    assert (code, err) == (1, "pitboard: error: no session 'nope' in the store\n")
    with open_store(database) as store:
        assert store.load_grid_penalties(RACE1) == []


def test_season_show_gives_each_start_in_the_circuits_local_time(database: str) -> None:
    _run(database, "season", "load", "gt4-europe-2023")
    code, out, err = _run(database, "season", "show", "gt4-europe-2023", "--json")
    assert code == 0, err
    misano = json.loads(out)["events"][3]
    assert (misano["name"], misano["time_zone"]) == ("Misano", "Europe/Rome")
    race1 = next(s for s in misano["sessions"] if s["key"] == RACE1)
    assert race1["start"] == "2023-07-15T15:45:00+02:00"  # the season file: 15:45 local, CEST
    code, out, _ = _run(database, "season", "show", "gt4-europe-2023")
    assert "15 Jul 15:45 CEST" in out and "Europe/Rome" in out


def test_standings_teams_from_the_command_line(database: str) -> None:
    from dataclasses import replace

    from pitboard.model import Lap
    from pitboard.store import ResultState

    _run(database, "season", "load", "gt4-europe-2023")
    teams = {"7": "Alpha", "33": "Beta", "88": "Alpha"}
    entries = {e.number: replace(e, team=teams[e.number]) for e in ENTRIES}
    laps = [Lap(n, 1, 100_000 + i, elapsed=100_000 + i) for i, n in enumerate(["7", "33", "88"])]
    race = f"{MISANO}-race1"
    with open_store(database) as store:
        store.save_session(race, Session(SessionKind.RACE, entries, laps))
        store.publish_result(race, ResultState.OFFICIAL, by="RD")
    code, out, err = _run(database, "standings", "gt4-europe-2023", "--teams", "--json")
    assert code == 0, err
    by_class = json.loads(out)
    assert [row["team"] for row in by_class["Silver"]] == ["Alpha"]
    assert [row["team"] for row in by_class["Am"]] == ["Alpha"]
    assert [row["team"] for row in by_class["Pro-Am"]] == ["Beta"]
    code, out, _ = _run(database, "standings", "gt4-europe-2023", "--teams", "--class", "Am")
    assert code == 0 and "┃ Team" in out and "│ Alpha │     25 │    1 │" in out
    # title permutations per class: one race of the 12 (6 rounds x 2) published, 11 to run
    code, out, err = _run(database, "standings", "gt4-europe-2023", "--permutations", "--json")
    assert code == 0, err
    by_class = json.loads(out)
    assert set(by_class) == {"Silver", "Pro-Am", "Am"}
    rows = [row for table in by_class.values() for row in table]
    # one car (one crew) in each class: crew-mates are no rivals of each other and nobody
    # else has an entry, so each crew holds its class title whatever the 11 races bring
    assert rows and all(row["can_win"] and row["clinched"] for row in rows)
    assert {row["needs"] for row in rows} == {"champion whatever happens"}
