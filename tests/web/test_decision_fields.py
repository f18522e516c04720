"""Decision fields that once gave a 500 or lost precision (issue 11, low items)."""

from __future__ import annotations

import pytest

from pitboard.web.race_control import FormProblem, penalty_from_fields

BASE = {"car": "7", "reason": "track limits"}


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"kind": "laps", "laps": "²"}, "laps"),  # '²'.isdigit() but int('²') fails: was a 500
        ({"kind": "time", "seconds": "0.0001"}, "seconds"),  # was stored as 0 ms
        ({"kind": "time", "seconds": "1.0005"}, "seconds"),
    ],
)
def test_refused_naming_the_field(fields: dict[str, str], named: str) -> None:
    with pytest.raises(FormProblem) as refused:
        penalty_from_fields({**BASE, **fields}, {"7"})
    assert refused.value.field == named


def test_seconds_to_the_millisecond_are_kept() -> None:
    penalty = penalty_from_fields({**BASE, "kind": "time", "seconds": "2.505"}, {"7"})
    assert penalty.millis == 2505
