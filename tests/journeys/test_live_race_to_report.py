"""Journey (a), issue 10: a race timed live becomes the official result, then a revised one, and
the standings and the weekend report follow — every step a real `pitboard` process.

Before the fix the live race never reached the store: `serve` showed every car DNS with 0 laps,
and publishing published that. Run on SQLite and on PostgreSQL (a fresh schema).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.journeys.conftest import (
    free_port,
    get_json,
    get_text,
    pitboard,
    post_json,
    served,
)

SEASON = "gt4-europe-2023"
RACE = f"{SEASON}-misano-race1"  # round 4's Race 1, as the shipped season file schedules it
SIMULATION = ["--seed", "7", "--cars", "14", "--minutes", "15"]
TOKEN = "journey-token"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "live.db")
    return str(request.getfixturevalue("postgres_url"))


def test_a_live_race_becomes_the_official_then_revised_result(
    database: str, tmp_path: Path
) -> None:
    env = {"PITBOARD_DB": database}
    pitboard("season", "load", SEASON, env=env)
    pitboard("simulate", "--prepare", database, "--session", RACE, *SIMULATION)

    live_penalty = run_the_race_live(database, tmp_path)
    replayed = json.loads(pitboard("replay", database, "--session", RACE, "--json").stdout)
    assert replayed["flag"] == "chequered"
    # the gt4-europe ruleset lists cars that are not classified unranked: no gap on the site
    expected = [
        (r["number"], r["laps"], r["status"], r["gap"] if r["status"] == "classified" else None)
        for r in replayed["rows"]
    ]
    assert sum(laps for _, laps, _, _ in expected) > 14 * 5
    assert expected[0][2] == "classified"

    token = race_control_user(database)
    port = free_port()
    args = ["serve", "--db", database, "--port", str(port)]
    with served(args, port, tmp_path / "serve.log") as base:
        shown = session_result(base)
        assert shown["state"] == "unofficial"
        assert rows_of(shown) == expected  # the live penalty counts as in the replay
        assert csv_rows(base) == [(n, laps) for n, laps, _, _ in expected]
        assert html_rows(base) == [(n, status) for n, _, status, _ in expected]

        publish(base, token, "official")
        official = session_result(base)
        assert (official["state"], official["version"]) == ("official", 1)
        assert rows_of(official) == expected
        [decision] = official["decisions"]  # the penalty sent live, now a stewards' decision
        assert (decision["car"], decision["time_ms"]) == (live_penalty["car"], 60_000)
        standings_before = standings(env)
        winner = official["results"][0]
        report_before = weekend_report(database, winner["number"])
        assert "won Race 1" in report_before

        decide(base, token, winner["number"], seconds=120)
        publish(base, token, "revised")
        revised = session_result(base)
        assert (revised["state"], revised["version"]) == ("revised", 2)
        assert [r["number"] for r in revised["results"]].index(winner["number"]) > 0
        assert csv_rows(base)[0][0] == revised["results"][0]["number"]

        standings_after = standings(env)
        crew = winner["drivers"]
        points_before = points(standings_before, winner["class"], crew)
        points_after = points(standings_after, winner["class"], crew)
        assert points_after < points_before
        web = get_json(f"{base}/seasons/{SEASON}/standings.json")
        assert web_points(web, winner["class"], crew[0]) == points_after
        report_after = weekend_report(database, winner["number"])
        assert "won Race 1" not in report_after
        assert report_after != report_before


def run_the_race_live(database: str, tmp_path: Path) -> dict[str, Any]:
    """`pitboard ingest` + `pitboard simulate --to http://…` to the flag, then a time penalty
    sent live for the car in 2nd place; the ingest is stopped afterwards."""
    port = free_port()
    args = ["ingest", "--db", database, "--session", RACE, "--http", f"127.0.0.1:{port}"]
    ready = f"/api/v1/sessions/{RACE}/live"
    with served([*args, "--token", TOKEN], port, tmp_path / "ingest.log", ready) as base:
        sent = ["simulate", "--session", RACE, "--to", base, "--token", TOKEN, "--speed", "0"]
        pitboard(*sent, *SIMULATION)
        tower = get_json(base + ready)
        assert (tower["flag"], tower["finished"]) == ("chequered", True)
        second = tower["rows"][1]["number"]
        penalty = {"kind": "penalty", "car": second, "penalty": "time", "millis": 60_000}
        penalty["reason"] = "pit lane speeding"
        url = f"{base}/api/v1/sessions/{RACE}/inputs"
        assert post_json(url, [penalty], TOKEN, expect=200) == {"accepted": 1}
        assert [r["number"] for r in get_json(base + ready)["rows"]].index(second) > 1
    return penalty


def race_control_user(database: str) -> str:
    """A race control user's API token (no CLI makes users yet: the library does)."""
    from pitboard.store import open_store
    from pitboard.web.accounts import Role, add_user

    with open_store(database) as store:
        return add_user(store.engine, "control", "journey-password", Role.RACE_CONTROL)


def session_result(base: str) -> Any:
    return get_json(f"{base}/sessions/{RACE}.json")


def rows_of(result: Any) -> list[tuple[str, int, str, str | None]]:
    return [(r["number"], r["laps"], r["status"], r["gap_first"]) for r in result["results"]]


def csv_rows(base: str) -> list[tuple[str, int]]:
    text = get_text(f"{base}/sessions/{RACE}/results.csv")
    return [(row["number"], int(row["laps"])) for row in csv.DictReader(io.StringIO(text))]


def html_rows(base: str) -> list[tuple[str, str]]:
    """(car, status) of the page's first (overall) results table, in its order."""
    page = get_text(f"{base}/sessions/{RACE}")
    table = page[page.index('<table class="results">') :]
    table = table[: table.index("</table>")]
    row = r'<tr class="status-(\w+)">.*?class="num carno"[^>]*>(?:<a [^>]*>)?([^<]+)<'
    found = re.findall(row, table, re.S)  # the number may link to the car's lap analysis
    return [(number.strip(), status) for status, number in found]


def publish(base: str, token: str, state: str) -> None:
    url = f"{base}/api/v1/sessions/{RACE}/publish"
    post_json(url, {"state": state, "reason": f"{state} (journey)"}, token, expect=201)


def decide(base: str, token: str, car: str, seconds: int) -> None:
    body = {"car": car, "kind": "time", "seconds": seconds, "reason": "track limits"}
    post_json(f"{base}/api/v1/sessions/{RACE}/decisions", body, token, expect=201)


def standings(env: dict[str, str]) -> Any:
    return json.loads(pitboard("standings", SEASON, "--json", env=env).stdout)


def points(table: Any, car_class: str, crew: list[str]) -> int:
    rows = [row for row in table[car_class] if row["driver"] in crew]
    assert {row["driver"] for row in rows} == set(crew)
    return int(rows[0]["points"])


def web_points(page: Any, car_class: str, driver: str) -> int:
    [table] = [t for t in page["tables"] if t["class"] == car_class and t["of"] == "drivers"]
    [row] = [row for row in table["rows"] if row["name"] == driver]
    return int(row["points"])


def weekend_report(database: str, car: str) -> str:
    args = ["report", "weekend", SEASON, "misano", "--entry", car, "--db", database]
    return pitboard(*args, "--format", "md").stdout
