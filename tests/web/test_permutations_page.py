"""The standings page's "who can still win" section on the web fixture: R1's race published,
R2's race still to run (one race left; the GT table gives the winner 25, no bonus points)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import RACE, SEASON

from pitboard.store import results as store_results
from pitboard.web.results import ResultCache

WIN = Decimal(25)


def test_standings_say_who_can_still_win_per_class(reader: TestClient) -> None:
    data = reader.get(f"/seasons/{SEASON}/standings.json").json()
    sections = {p["class"]: p for p in data["permutations"]}
    drivers = {t["class"]: t for t in data["tables"] if t["of"] == "drivers"}
    assert set(sections) == set(drivers) == {"Silver", "Pro-Am", "Am"}
    for car_class, section in sections.items():
        assert section["races_left"] == 1
        crews = drivers[car_class]["crews"]
        leader = Decimal(crews[0]["points"])
        # the leading crew first; every crew within a win of the leader can still win, every
        # crew further back is ruled out (a win is the most one race gives)
        assert section["contenders"][0]["names"] == crews[0]["names"]
        close = [c["names"] for c in crews if Decimal(c["points"]) + WIN >= leader]
        assert [c["names"] for c in section["contenders"]] == close
        ruled_out = sum(len(c["names"]) for c in crews if Decimal(c["points"]) + WIN < leader)
        assert section["ruled_out"] == ruled_out
        assert not any(c["clinched"] for c in section["contenders"])
    page = reader.get(f"/seasons/{SEASON}/standings")
    assert "Who can still win" in page.text and "1 race to run" in page.text


@pytest.mark.parametrize(
    "path",
    [
        f"/seasons/{SEASON}/standings.json",
        f"/seasons/{SEASON}/standings",
        f"/seasons/{SEASON}/drivers/{{driver}}.json",
    ],
)
def test_a_standings_page_classifies_each_race_once(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    # the standings, their "who can still win" section and a driver's results all follow
    # the races' classifications: one rebuild per race per request, counted at the store
    driver = client.get(f"/seasons/{SEASON}/standings.json").json()["tables"][0]["rows"][0]
    calls: Counter[str] = Counter()
    rebuild = store_results.load_classification

    def counted(connection: Any, session: str, *args: Any, **kwargs: Any) -> Any:
        calls[session] += 1
        return rebuild(connection, session, *args, **kwargs)

    monkeypatch.setattr(store_results, "load_classification", counted)
    client.app.state.results = ResultCache()  # nothing classified yet (a fresh server)
    response = client.get(path.format(driver=driver["name"]))
    assert response.status_code == 200
    assert calls == {RACE: 1}
