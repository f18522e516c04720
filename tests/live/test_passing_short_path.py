"""A passing from JSON: the short path (`inputs._passing`) gives what the field-by-field one
(`_checked_passing`) gives, the same passing or the same error, on every shape of every field."""

from __future__ import annotations

import itertools
from typing import Any

from pitboard.live.inputs import _checked_passing, _Fields, _passing
from pitboard.model import FormatError

VALUES: dict[str, list[Any]] = {
    "transponder": [None, "2000001", "", " ", 5, ["x"], True],
    "car": [None, "17", "", 17],
    "timestamp_us": [None, 0, 123, -1, True, 1.5, "12"],
    "loop": [None, "finish", "pit_in", "pitin", 3, ["a"]],
    "decoder": [None, "1001", "", 1001],
    "number": [None, 0, 17, -3, False, "1"],
}


def _outcome(parse: Any, data: dict[str, Any]) -> tuple[Any, ...]:
    try:
        return ("passing", parse(_Fields(data, "passings[0]")))
    except FormatError as error:
        return ("error", str(error), error.value)


def test_short_path_answers_as_field_by_field() -> None:
    shapes = 0
    for combo in itertools.product(*VALUES.values()):
        for leave_out_none in (False, True):
            data = {
                name: value
                for name, value in zip(VALUES, combo, strict=True)
                if not (leave_out_none and value is None)
            }
            assert _outcome(_passing, data) == _outcome(_checked_passing, data), data
            shapes += 1
    assert shapes == 2 * len(list(itertools.product(*VALUES.values())))
