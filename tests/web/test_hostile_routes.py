"""A bounded hostile-input run over every OpenAPI route (issue 11): schemathesis generates
requests from the schema, in process, a few per route; no answer may be a 500.

Bounded: `max_examples` per route, no stateful phase; writes carry a race control token so that
they reach the validation behind the log-in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pitboard.demo import demo_session
from pitboard.store import open_store
from pitboard.web import create_app
from pitboard.web.accounts import Role, add_user


@pytest.fixture(scope="module")
def operations(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[Any], str]]:
    path = Path(tmp_path_factory.mktemp("hostile")) / "web.db"
    with open_store(str(path)) as store:
        store.save_session("r1", demo_session())
        token = add_user(store.engine, "control", "password!", Role.RACE_CONTROL)
        app = create_app(store=store, secret="s")
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        found = [result.ok() for result in schema.get_all_operations()]
        yield found, token


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_route_answers_500(operations: tuple[list[Any], str], data: st.DataObject) -> None:
    found, token = operations
    operation = data.draw(st.sampled_from(found))
    case = data.draw(operation.as_strategy())
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
