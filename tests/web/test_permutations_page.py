"""The standings page's "who can still win" section on the web fixture: R1's race published,
R2's race still to run (one race left; the GT table gives the winner 25, no bonus points)."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient
from tests.web.conftest import SEASON

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
