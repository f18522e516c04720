"""Race control: who may write (401 / 403), CSRF, the log-in rate limit, forms that refuse bad
input without writing, and every write in the audit log on the public page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import PASSWORDS, RACE, FakeClock

from pitboard.demo import demo_session
from pitboard.model.decision import ResultState
from pitboard.store import Store

CAR = next(iter(demo_session().entries))  # the first car of the entry list
DECISION = {"car": CAR, "kind": "time", "seconds": "5", "reason": "track limits, turn 4"}


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _csrf(client: TestClient, path: str = "/login") -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get(path).text)
    assert found, "the form carries a CSRF token"
    return found.group(1)


def _log_in(client: TestClient, name: str) -> None:
    form = {"name": name, "password": PASSWORDS[name], "csrf": _csrf(client)}
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303


def test_api_write_without_a_token_is_401_and_writes_nothing(
    client: TestClient, store: Store
) -> None:
    response = client.post(f"/api/v1/sessions/{RACE}/decisions", json=DECISION)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["status"] == 401
    bad_token = client.post(f"/api/v1/sessions/{RACE}/publish", json={}, headers=_bearer("nope"))
    assert bad_token.status_code == 401
    assert store.load_penalties(RACE) == []


def test_a_team_user_cannot_change_results(
    client: TestClient, store: Store, tokens: dict[str, str]
) -> None:
    headers = _bearer(tokens["team"])
    assert (
        client.post(
            f"/api/v1/sessions/{RACE}/decisions", json=DECISION, headers=headers
        ).status_code
        == 403
    )
    body = {"state": "official", "reason": "confirmed"}
    assert (
        client.post(f"/api/v1/sessions/{RACE}/publish", json=body, headers=headers).status_code
        == 403
    )
    entry = {"team": "Someone Else", "reason": "typo"}
    assert (
        client.put(
            f"/api/v1/sessions/{RACE}/entries/{CAR}", json=entry, headers=headers
        ).status_code
        == 403
    )
    assert store.load_penalties(RACE) == []
    assert len(store.load_result_history(RACE)) == 1


def test_api_decision_publish_and_audit(
    client: TestClient, store: Store, tokens: dict[str, str]
) -> None:
    headers = _bearer(tokens["control"])
    added = client.post(f"/api/v1/sessions/{RACE}/decisions", json=DECISION, headers=headers)
    assert added.status_code == 201
    (decision,) = store.load_penalties(RACE)
    assert decision.penalty.millis == 5000 and decision.decided_by == "control"
    assert decision.result_version is None  # pending until published
    body = {"state": "official", "reason": "results confirmed"}
    published = client.post(f"/api/v1/sessions/{RACE}/publish", json=body, headers=headers)
    assert published.status_code == 201 and published.json()["number"] == 2
    result = client.get(f"/sessions/{RACE}.json").json()
    assert result["state"] == "official"
    penalised = next(r for r in result["results"] if r["number"] == CAR)
    assert penalised["penalty_time_ms"] == 5000
    old = client.get(f"/sessions/{RACE}.json?version=1").json()
    assert next(r for r in old["results"] if r["number"] == CAR)["penalty_time_ms"] == 0
    audit = client.get("/api/v1/audit").json()["audit"]
    assert [(a["who"], a["action"]) for a in audit] == [
        ("control", "publish"),
        ("control", "decision"),
    ]
    assert audit[1]["why"] == "track limits, turn 4"
    page = client.get(f"/sessions/{RACE}").text
    assert "track limits, turn 4" in page and "results confirmed" in page


@pytest.mark.parametrize(
    "body",
    [
        {**DECISION, "car": "999"},
        {**DECISION, "seconds": "-5"},
        {**DECISION, "seconds": "NaN"},
        {**DECISION, "kind": "laps"},  # no number of laps given
        {**DECISION, "reason": ""},
    ],
)
def test_api_bad_input_is_422_and_writes_nothing(
    client: TestClient, store: Store, tokens: dict[str, str], body: dict[str, str]
) -> None:
    response = client.post(
        f"/api/v1/sessions/{RACE}/decisions", json=body, headers=_bearer(tokens["admin"])
    )
    assert response.status_code == 422
    assert "error" in response.json()
    assert store.load_penalties(RACE) == []
    assert client.get("/api/v1/audit").json()["audit"] == []


def test_api_publish_out_of_order_is_refused(client: TestClient, tokens: dict[str, str]) -> None:
    headers = _bearer(tokens["control"])
    body = {"state": "revised", "reason": "too early"}
    response = client.post(f"/api/v1/sessions/{RACE}/publish", json=body, headers=headers)
    assert response.status_code == 422
    assert "cannot publish revised after provisional" in response.json()["error"]["message"]


def test_api_correct_an_entry(client: TestClient, tokens: dict[str, str]) -> None:
    body = {
        "team": "Renamed Racing",
        "drivers": ["New Driver", "Other Driver"],
        "reason": "entry list typo",
    }
    response = client.put(
        f"/api/v1/sessions/{RACE}/entries/{CAR}", json=body, headers=_bearer(tokens["control"])
    )
    assert response.status_code == 200
    row = next(
        r for r in client.get(f"/sessions/{RACE}.json").json()["results"] if r["number"] == CAR
    )
    assert row["team"] == "Renamed Racing" and row["drivers"] == ["New Driver", "Other Driver"]
    (record,) = client.get("/api/v1/audit").json()["audit"]
    assert "Renamed Racing" in record["what"] and record["why"] == "entry list typo"


def test_a_million_character_team_name_is_refused_by_the_form(client: TestClient) -> None:
    """Issue 11, item 7: the form had no limit (the API stopped at 120)."""
    _log_in(client, "control")
    form = {"number": CAR, "team": "x" * 1_000_000, "reason": "typo"}
    response = client.post(
        f"/control/sessions/{RACE}/entries", data={**form, "csrf": _csrf(client, "/control")}
    )
    assert response.status_code == 400 and "at most 120 characters" in response.text
    rows = client.get(f"/sessions/{RACE}.json").json()["results"]
    assert all(len(row["team"]) < 120 for row in rows)


def test_form_write_without_log_in_is_401(client: TestClient, store: Store) -> None:
    form = {**DECISION, "csrf": _csrf(client)}
    response = client.post(f"/control/sessions/{RACE}/decisions", data=form)
    assert response.status_code == 401
    assert store.load_penalties(RACE) == []


def test_form_write_by_a_team_user_is_403(client: TestClient, store: Store) -> None:
    _log_in(client, "team")
    page = client.get(f"/control/sessions/{RACE}").text
    assert "Read only" in page
    form = {**DECISION, "csrf": _csrf(client, f"/control/sessions/{RACE}")}
    assert client.post(f"/control/sessions/{RACE}/decisions", data=form).status_code == 403
    assert store.load_penalties(RACE) == []


def test_form_without_the_csrf_token_is_refused(client: TestClient, store: Store) -> None:
    _log_in(client, "control")
    response = client.post(
        f"/control/sessions/{RACE}/decisions", data={**DECISION, "csrf": "0" * 64}
    )
    assert response.status_code == 403
    assert store.load_penalties(RACE) == []


def test_bad_form_input_shows_a_message_and_writes_nothing(
    client: TestClient, store: Store
) -> None:
    _log_in(client, "control")
    form = {**DECISION, "seconds": "five", "csrf": _csrf(client, f"/control/sessions/{RACE}")}
    response = client.post(f"/control/sessions/{RACE}/decisions", data=form)
    assert response.status_code == 400
    assert (
        "Nothing was written. seconds: seconds such as 5 or 2.5, not &#39;five&#39;"
        in response.text
    )
    assert 'value="five"' in response.text  # what was typed stays in the form
    assert store.load_penalties(RACE) == []


def test_forms_add_a_decision_and_publish(client: TestClient, store: Store) -> None:
    _log_in(client, "control")
    csrf = _csrf(client, f"/control/sessions/{RACE}")
    added = client.post(f"/control/sessions/{RACE}/decisions", data={**DECISION, "csrf": csrf})
    assert added.status_code == 200 and "decision #" in added.text
    form = {"state": "official", "reason": "confirmed by the stewards", "csrf": csrf}
    published = client.post(f"/control/sessions/{RACE}/publish", data=form)
    assert "version 2 published: official" in published.text
    assert [v.state.value for v in store.load_result_history(RACE)] == ["provisional", "official"]
    assert "confirmed by the stewards" in client.get("/control").text


def test_log_in_is_rate_limited(client: TestClient, limiter_clock: FakeClock) -> None:
    for _ in range(5):
        form = {"name": "control", "password": "wrong", "csrf": _csrf(client)}
        assert client.post("/login", data=form).status_code == 401
    form = {"name": "control", "password": PASSWORDS["control"], "csrf": _csrf(client)}
    limited = client.post("/login", data=form, follow_redirects=False)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    limiter_clock.now += 301  # the window has passed
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303


def test_log_out(client: TestClient) -> None:
    _log_in(client, "admin")
    assert client.get("/control").status_code == 200
    client.post("/logout", data={"csrf": _csrf(client, "/control")})
    assert client.get("/control").status_code == 401


def test_log_out_ends_the_session_the_old_cookie_writes_no_more(client: TestClient) -> None:
    """Issue 11, item 5: the cookie of a logged-out session wrote for 12 more hours."""
    _log_in(client, "admin")
    old = client.cookies.get("pitboard_session")
    assert old
    client.post("/logout", data={"csrf": _csrf(client, "/control")})
    client.cookies.set("pitboard_session", old)
    assert client.get("/control").status_code == 401


def test_an_imported_result_shows_as_published(client: TestClient, store: Store) -> None:
    """A race with no laps whose result came from elsewhere (an Ergast import): its rows, as
    the classification, and as published."""
    from tests.web.conftest import LATER

    rows = [{"position": 1, "number": "7", "driver": "Ada Example", "laps": 30}]
    store.save_result(LATER, "ergast", rows, reason="imported")
    data = client.get(f"/sessions/{LATER}.json").json()
    assert data["state"] == "official"
    assert data["published_rows"] == {
        "source": "ergast",
        "columns": ["position", "number", "driver", "laps"],
        "rows": rows,
    }
    # the rows are the classification (a race without laps is its published result)
    (first,) = [r for r in data["results"] if r["number"] == "7"]
    assert (first["position"], first["status"], first["laps"]) == (1, "classified", 30)
    assert first["drivers"] == ["Ada Example"]
    page = client.get(f"/sessions/{LATER}").text
    assert "Ada Example" in page
    # republished without new rows (race control): still the rows, not every car DNS
    store.publish_result(LATER, ResultState.REVISED, reason="republished", by="RD")
    again = client.get(f"/sessions/{LATER}.json").json()
    assert again["version"] == 2
    assert [(r["number"], r["status"]) for r in again["results"]] == [("7", "classified")]
