"""Schemathesis against the OpenAPI schema: generated requests to every operation (bounded
examples) never get a server error, and the documented responses match the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from tests.web.conftest import NOW, build_season

from pitboard.store import open_store
from pitboard.web import create_app
from pitboard.web.accounts import Role, add_user

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _app() -> tuple[object, str]:
    store = open_store(":memory:")
    build_season(store)
    app = create_app(store=store, secret="schema-secret", clock=lambda: NOW)
    token = add_user(store.engine, "control", "control-password", Role.RACE_CONTROL)
    return app, token


APP, TOKEN = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_fails_with_a_server_error(case: schemathesis.Case) -> None:
    """With a race control token, so the writes get past the 401 into validation and the store."""
    case.call_and_validate(
        checks=[not_a_server_error], headers={"Authorization": f"Bearer {TOKEN}"}
    )
