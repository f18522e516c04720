"""Race control turns a compliance breach into a decision in one step, and it flows into the
next result version: end to end through the site with TestClient."""

from __future__ import annotations

import dataclasses
import html
import re

from fastapi.testclient import TestClient
from tests.web.test_control import _log_in

from pitboard.demo import demo_session
from pitboard.store import ResultState, Store

KEY = "short-stop"
RULES = "?ruleset=gt4-europe"
MIN_PIT = 65_000  # gt4-europe: a mandatory stop's minimum time in the pit lane (1:05.000)


def _short_stop(store: Store) -> str:
    """The demo race with one car's stop cut to 50 s, published provisional (v1)."""
    session = demo_session()
    car = next(lap.car for lap in session.laps if lap.pit_time)
    session.laps = [
        dataclasses.replace(lap, pit_time=50_000) if lap.car == car and lap.pit_time else lap
        for lap in session.laps
    ]
    store.save_session(KEY, session)
    store.publish_result(KEY, ResultState.PROVISIONAL, reason="end of race", by="clerk")
    return car


def _decide_form(page: str) -> dict[str, str]:
    [form] = re.findall(r'<form class="decide".*?</form>', page, re.S)
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', form)
    }


def test_a_breach_becomes_a_decision_in_the_next_version(client: TestClient, store: Store) -> None:
    car = _short_stop(store)
    before = client.get(f"/sessions/{KEY}.json").json()
    row = next(r for r in before["results"] if r["number"] == car)
    assert row["penalty_time_ms"] == 0 and before["version"] == 1
    anonymous = client.get(f"/sessions/{KEY}/compliance{RULES}").text
    assert 'class="decide"' not in anonymous and "15 s time penalty" in anonymous

    _log_in(client, "control")
    fields = _decide_form(client.get(f"/sessions/{KEY}/compliance{RULES}").text)
    assert (fields["car"], fields["kind"], fields["seconds"]) == (car, "time", "15")
    done = client.post(f"/control/sessions/{KEY}/decisions", data=fields)
    assert done.status_code == 200 and "decision #" in done.text

    publish = {"state": "official", "reason": "stewards' decisions", "csrf": fields["csrf"]}
    assert (
        "version 2 published" in client.post(f"/control/sessions/{KEY}/publish", data=publish).text
    )
    after = client.get(f"/sessions/{KEY}.json").json()
    assert after["version"] == 2
    row_after = next(r for r in after["results"] if r["number"] == car)
    assert row_after["penalty_time_ms"] == MIN_PIT - 50_000
    assert row_after["total_time_ms"] == row["total_time_ms"] + MIN_PIT - 50_000
    [decision] = after["decisions"]
    assert decision["car"] == car and "min pit time" in decision["reason"]
    assert client.get(f"/sessions/{KEY}.json?version=1").json()["decisions"] == []


def test_a_team_user_sees_the_proposal_but_no_button(client: TestClient, store: Store) -> None:
    _short_stop(store)
    _log_in(client, "team")
    page = client.get(f"/sessions/{KEY}/compliance{RULES}").text
    assert "15 s time penalty" in page and 'class="decide"' not in page


def test_posting_the_form_without_logging_in_writes_nothing(
    client: TestClient, store: Store
) -> None:
    car = _short_stop(store)
    form = {"car": car, "kind": "time", "seconds": "15", "reason": "min pit time"}
    assert client.post(f"/control/sessions/{KEY}/decisions", data=form).status_code == 401
    assert store.load_penalties(KEY) == []
