"""The entry list and the starting grid pages (`/sessions/{key}/entries`, `/grid`), HTML and
JSON: the GT4 European Series Misano weekend, Q2 setting the Race 2 grid, with a place penalty
and a pit-lane start recorded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.store.test_grid import ENTRIES, MISANO, Q1_LAPS, Q2_LAPS, SEASON
from tests.web.conftest import NOW

from pitboard.formats.season import load_season
from pitboard.model import Session, SessionKind
from pitboard.model.grid import GridPenalty
from pitboard.store import open_store
from pitboard.web import create_app

RACE2 = f"{MISANO}-race2"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    store = open_store(f"sqlite:///{tmp_path}/web.db")
    store.save_season_plan(load_season(SEASON))
    store.save_entries(ENTRIES, season=SEASON)
    entries = {entry.number: entry for entry in ENTRIES}
    store.save_session(f"{MISANO}-q1", Session(SessionKind.QUALIFYING, entries, Q1_LAPS))
    store.save_session(f"{MISANO}-q2", Session(SessionKind.QUALIFYING, entries, Q2_LAPS))
    store.save_grid_penalties(
        RACE2,
        [GridPenalty("7", places=1, reason="impeding in Q2"), GridPenalty("33", pit_lane=True)],
        by="Stewards",
    )
    with TestClient(create_app(store=store, secret="s", clock=lambda: NOW)) as client:
        yield client
    store.close()


def test_the_entry_list_of_a_race_not_yet_run(client: TestClient) -> None:
    data = client.get(f"/sessions/{RACE2}/entries.json").json()
    assert [e["number"] for e in data["entries"]] == ["7", "33", "88"]
    assert data["entries"][1]["drivers"][1] == {"name": "Lis Ahl", "category": "Bronze",
                                                "country": None}  # fmt: skip
    page = client.get(f"/sessions/{RACE2}/entries")
    assert page.status_code == 200 and "Lis Ahl" in page.text and "(Bronze)" in page.text


def test_the_grid_with_a_place_penalty_and_a_pit_lane_start(client: TestClient) -> None:
    # Q2: 7, 88, 33. 7 drops one place behind 88; 33 starts from the pit lane.
    data = client.get(f"/sessions/{RACE2}/grid.json").json()
    assert data["grid_from"] == f"{MISANO}-q2"
    assert [(g["number"], g["penalty_places"], g["pit_lane"]) for g in data["grid"]] == [
        ("88", 0, False), ("7", 1, False), ("33", 0, True)
    ]  # fmt: skip
    page = client.get(f"/sessions/{RACE2}/grid").text
    assert "−1 place" in page and "pit-lane start" in page and ">PL<" in page
    assert f'href="/sessions/{RACE2}/grid"' in client.get(f"/sessions/{RACE2}").text


def test_a_session_without_a_grid_says_why(client: TestClient) -> None:
    answer = client.get(f"/sessions/{MISANO}-q1/grid.json")
    assert answer.status_code == 404 and "not a race" in answer.json()["error"]["message"]
    assert client.get("/sessions/nope/entries.json").status_code == 404


def test_the_compliance_page_applies_the_season_ruleset_by_default(client: TestClient) -> None:
    data = client.get(f"/sessions/{RACE2}/compliance.json").json()
    assert data["ruleset"] == "gt4-europe" and data["rules"]
    given = client.get(f"/sessions/{RACE2}/compliance.json?ruleset=imsa").json()
    assert given["ruleset"] == "imsa"


def test_the_result_gains_places_from_the_grid(client: TestClient) -> None:
    from pitboard.model import Lap

    store = client.app.state.store  # type: ignore[attr-defined]
    entries = {entry.number: entry for entry in ENTRIES}
    laps = [  # 33 (from the pit lane) wins, 88 second, 7 third; 2 laps of 1:40
        Lap(car, n, 100_000 + extra, elapsed=n * 100_000 + extra)
        for car, extra in (("33", 0), ("88", 500), ("7", 900))
        for n in (1, 2)
    ]
    store.save_session(RACE2, Session(SessionKind.RACE, entries, laps))
    grid = {
        g["number"]: g["position"]
        for g in client.get(f"/sessions/{RACE2}/grid.json").json()["grid"]
    }
    assert grid == {"88": 1, "7": 2, "33": 3}
    rows = {r["number"]: r for r in client.get(f"/sessions/{RACE2}.json").json()["results"]}
    assert {n: (r["grid_position"], r["places_gained"]) for n, r in rows.items()} == {
        "33": (3, 2), "88": (1, -1), "7": (2, -1)
    }  # fmt: skip
    assert rows["33"]["laps_led"] == 2 and rows["88"]["laps_led"] == 0
    page = client.get(f"/sessions/{RACE2}").text
    assert '<td class="num wide gained">+2</td>' in page
