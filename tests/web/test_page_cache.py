"""Public pages kept in memory per store state: a write shows at once, unknown query parameters
do not make new entries, and a logged-in user always gets a fresh page of their own."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.web.conftest import PASSWORDS, RACE

from pitboard.store import ResultState, Store

PAGE = f"/sessions/{RACE}"


def test_a_published_version_shows_at_once(client: TestClient, store: Store) -> None:
    assert "badge provisional" in client.get(PAGE).text
    assert client.get(f"{PAGE}.json").json()["state"] == "provisional"
    store.publish_result(RACE, ResultState.OFFICIAL, reason="confirmed", by="clerk")
    assert "badge official" in client.get(PAGE).text
    assert client.get(f"{PAGE}.json").json()["state"] == "official"


def test_a_journaled_reading_shows_at_once(client: TestClient, store: Store) -> None:
    assert "Air 31.5" not in client.get(PAGE).text
    store.append_journal("weather", {"air_temp": 31.5, "track_temp": 44.0}, session=RACE)
    assert "Air 31.5" in client.get(PAGE).text


def test_other_query_parameters_share_the_page(client: TestClient) -> None:
    cache = client.app.state.results  # type: ignore[attr-defined]
    client.get(PAGE)
    before = len(cache._found)
    for n in range(5):
        assert client.get(f"{PAGE}?utm={n}").status_code == 200
    assert len(cache._found) == before


def test_a_logged_in_user_gets_their_own_page(client: TestClient) -> None:
    public = client.get(PAGE).text
    assert "Log out" not in public
    form = client.get("/login")
    csrf = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    client.post("/login", data={"name": "control", "password": PASSWORDS["control"], "csrf": csrf})
    assert "Log out control" in client.get(PAGE).text
