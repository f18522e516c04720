"""Public pages kept in memory per store state: a write shows at once, unknown query parameters
do not make new entries, and a logged-in user always gets a fresh page of their own."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from fastapi.testclient import TestClient
from tests.web.conftest import PASSWORDS, RACE

from pitboard.store import ResultState, Store
from pitboard.store import schema as t

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


def test_a_renamed_session_shows_at_once(client: TestClient, store: Store) -> None:
    assert "Sprint of the Vale" not in client.get(PAGE).text
    info = store.load_session_info(RACE)
    store.save_session_info(dataclasses.replace(info, name="Sprint of the Vale"))
    assert "Sprint of the Vale" in client.get(PAGE).text
    assert client.get(f"{PAGE}.json").json()["name"] == "Sprint of the Vale"


def test_an_entry_corrected_in_place_shows_at_once(client: TestClient, store: Store) -> None:
    assert "Corrected Racing" not in client.get(PAGE).text
    with store.engine.begin() as connection:  # no new row anywhere: the row is updated
        connection.execute(sa.update(t.entries).values(team="Corrected Racing"))
    assert "Corrected Racing" in client.get(PAGE).text


def test_a_rolled_back_write_keeps_the_revision(store: Store) -> None:
    before = store.revision()
    try:
        with store.engine.begin() as connection:
            connection.execute(sa.update(t.entries).values(team="Never Written"))
            raise RuntimeError("abandon")
    except RuntimeError:
        pass
    assert store.revision() == before
    with store.engine.connect() as connection:
        connection.execute(sa.select(t.entries.c.team)).all()
    assert store.revision() == before


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
