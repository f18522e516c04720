"""Schemathesis against a real `pitboard serve --demo` process (the demo season, a free port):
requests generated from the OpenAPI schema the server publishes, to every operation (a few
examples each, with a race control token so writes get past the 401), never get a server error,
and each documented response conforms to the schema (body and content type).

tests/web/test_schema.py runs the same in-process (ASGI) on the small web fixture; this one goes
over HTTP through uvicorn as a user's server does, on the 48-car demo weekend. (The operations
are walked in one test: schemathesis' `from_fixture` loader does not run under pytest 9.)"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)
from tests.journeys.conftest import Demo

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES = 3  # per operation: the whole walk stays well under a minute


def test_no_operation_fails_on_the_served_demo(demo: Demo) -> None:
    schema = schemathesis.openapi.from_url(f"{demo.base}/openapi.json")
    headers = {"Authorization": f"Bearer {demo.token('control')}"}
    operations = [found.ok() for found in schema.get_all_operations()]
    assert len(operations) > 40  # every route the site documents (46 when written)
    failures, calls = [], 0
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case: schemathesis.Case) -> None:
            nonlocal calls
            calls += 1
            case.call_and_validate(checks=CHECKS, headers=headers, timeout=60)

        try:
            call()
        except Exception as error:  # every failing operation is listed, not only the first
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
    assert calls >= len(operations)
