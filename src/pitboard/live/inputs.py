"""Live inputs as JSON: the journal's payloads and the HTTP API's records are the same shape.

    {"kind": "passing", "timestamp_us": 1695556800123456, "loop": "finish",
     "transponder": "2000001", "decoder": "1001", "number": 17}

`input_from_json` names the field and the raw value of anything it refuses (`passings[3].loop:
unknown loop 'pitin'`); `input_to_json` is its inverse.

Every input has an id, applied once: the client's (`"id": "pen-17"`, `input_id`), else one
derived from its content (`input_key`), so a retried penalty or flag is not applied twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from pitboard.model import Flag, FormatError, Penalty, PenaltyKind
from pitboard.model.passing import (
    DriverChange,
    FlagChange,
    LiveInput,
    Loop,
    Passing,
    PenaltyGiven,
    SessionStart,
    SessionStop,
    TransponderAssigned,
)

Json = dict[str, Any]
KINDS = (
    "passing",
    "session_start",
    "session_stop",
    "flag",
    "driver_change",
    "transponder",
    "penalty",
)


ID_FIELD = "id"
MAX_ID = 128


def input_id(data: object, where: str = "input") -> str | None:
    """The client's id of an input (`"id"`: up to 128 characters), or None."""
    if not isinstance(data, Mapping) or data.get(ID_FIELD) is None:
        return None
    value = data[ID_FIELD]
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_ID:
        raise _bad(f"{where}.{ID_FIELD}", f"expected a string of 1 to {MAX_ID} characters", value)
    return value


def input_key(item: LiveInput, client_id: str | None = None, text: str | None = None) -> bytes:
    """What makes an input the same input again: the client's id, else its whole content (a
    passing's journal payload text, the bulk of a feed: `text` when the caller made it with
    `passing_payload_text`; any other input's sorted JSON), as a 16-byte digest."""
    if client_id:
        text = f"id:{client_id}"
    elif type(item) is Passing:
        text = text or passing_payload_text(item)
    else:
        text = json.dumps(input_to_json(item), sort_keys=True)
    return _blake2b(text.encode(), digest_size=16).digest()


_blake2b = hashlib.blake2b
_LOOP_TEXT = {loop: loop.value for loop in Loop}  # an enum's `.value` is a slow property
_quote = json.encoder.encode_basestring_ascii  # a str as `json.dumps` writes it (ensure_ascii)
_LOOP_JSON = {loop: _quote(text) for loop, text in _LOOP_TEXT.items()}


def passing_payload_text(item: Passing, client_id: str | None = None) -> str:
    """A passing's journal payload as JSON text: `json.dumps` of `input_to_json` without its
    kind, with the client's id (`ID_FIELD`) when there is one; written directly, as a passing
    is the bulk of a feed (the keys are known, only the values are encoded)."""
    text = f'{{"timestamp_us": {item.timestamp}, "loop": {_LOOP_JSON[item.loop]}'
    if item.transponder is not None:
        text += f', "transponder": {_quote(item.transponder)}'
    if item.car is not None:
        text += f', "car": {_quote(item.car)}'
    if item.number is not None:
        text += f', "number": {item.number}'
    if item.decoder:
        text += f', "decoder": {_quote(item.decoder)}'
    if client_id:
        text += f', "{ID_FIELD}": {_quote(client_id)}'
    return text + "}"


def input_to_json(item: LiveInput) -> Json:
    if isinstance(item, Passing):
        loop = _LOOP_TEXT[item.loop]
        out: Json = {"kind": "passing", "timestamp_us": item.timestamp, "loop": loop}
        if item.transponder is not None:
            out["transponder"] = item.transponder
        if item.car is not None:
            out["car"] = item.car
        if item.number is not None:
            out["number"] = item.number
        if item.decoder:
            out["decoder"] = item.decoder
        return out
    if isinstance(item, SessionStart):
        out = {"kind": "session_start", "timestamp_us": item.timestamp}
        if item.duration is not None:
            out["duration_ms"] = item.duration
        if item.laps is not None:
            out["laps"] = item.laps
        return out
    return _other_to_json(item)


def _other_to_json(item: LiveInput) -> Json:
    if isinstance(item, SessionStop):
        return {"kind": "session_stop", "timestamp_us": item.timestamp}
    if isinstance(item, FlagChange):
        return {"kind": "flag", "flag": item.flag.value, "timestamp_us": item.timestamp}
    if isinstance(item, DriverChange):
        return {
            "kind": "driver_change",
            "car": item.car,
            "driver": item.driver,
            "timestamp_us": item.timestamp,
        }
    if isinstance(item, TransponderAssigned):
        return {"kind": "transponder", "transponder": item.transponder, "car": item.car}
    assert isinstance(item, PenaltyGiven)
    p = item.penalty
    return {
        "kind": "penalty",
        "car": p.car,
        "penalty": p.kind.value,
        "millis": p.millis,
        "laps": p.laps,
        "positions": p.positions,
        "lap": p.lap,
        "reason": p.reason,
    }


def input_from_json(data: object, where: str = "input", kind: str | None = None) -> LiveInput:
    """One input from its JSON object; `kind` when the caller knows it (an array of passings)."""
    if not isinstance(data, Mapping):
        raise _bad(where, "expected an object, got", data)
    fields = _Fields(data, where)
    kind = kind or fields.text("kind")
    if kind == "passing":
        return _passing(fields)
    if kind == "session_start":
        duration, laps = fields.integer("duration_ms", None), fields.integer("laps", None)
        return SessionStart(fields.integer("timestamp_us"), duration, laps)
    if kind == "session_stop":
        return SessionStop(fields.integer("timestamp_us"))
    if kind == "flag":
        return FlagChange(fields.choice("flag", Flag), fields.integer("timestamp_us"))
    if kind == "driver_change":
        car, driver = fields.text("car"), fields.text("driver")
        return DriverChange(car, driver, fields.integer("timestamp_us", 0))
    if kind == "transponder":
        return TransponderAssigned(fields.text("transponder"), fields.text("car"))
    if kind == "penalty":
        return PenaltyGiven(_penalty(fields))
    raise _bad(f"{where}.kind", "unknown kind", kind)


def _passing(fields: _Fields) -> Passing:
    """A passing: on the short path when every field is plainly right (one passing a POST is
    the bulk of a feed), else field by field, naming the first one wrong (`_checked_passing`)."""
    get = fields.data.get
    transponder, car, timestamp = get("transponder"), get("car"), get("timestamp_us")
    loop, decoder, number = get("loop"), get("decoder"), get("number")
    loop = _LOOP_OF.get(loop) if loop is None or type(loop) is str else None
    if (
        (transponder is None or (type(transponder) is str and transponder.strip()))
        and (car is None or (type(car) is str and car.strip()))
        and (transponder is not None or car is not None)
        and type(timestamp) is int
        and timestamp >= 0
        and loop is not None
        and (decoder is None or (type(decoder) is str and decoder.strip()))
        and (number is None or (type(number) is int and number >= 0))
    ):
        return Passing(timestamp, loop, transponder, car, decoder or "", number)
    return _checked_passing(fields)


# a passing's loop by its text (None, as absent, is the finish line)
_LOOP_OF: dict[str | None, Loop] = {None: Loop.FINISH, **{loop.value: loop for loop in Loop}}


def _checked_passing(fields: _Fields) -> Passing:
    transponder, car = fields.text("transponder", None), fields.text("car", None)
    if transponder is None and car is None:
        raise _bad(fields.where, "a passing needs a transponder or a car, got", dict(fields.data))
    return Passing(
        timestamp=fields.integer("timestamp_us"),
        loop=fields.choice("loop", Loop, Loop.FINISH),
        transponder=transponder,
        car=car,
        decoder=fields.text("decoder", "") or "",
        number=fields.integer("number", None),
    )


def _penalty(fields: _Fields) -> Penalty:
    return Penalty(
        car=fields.text("car"),
        kind=fields.choice("penalty", PenaltyKind),
        millis=fields.integer("millis", 0),
        laps=fields.integer("laps", 0),
        positions=fields.integer("positions", 0),
        lap=fields.integer("lap", None),
        reason=fields.text("reason", "") or "",
    )


_MISSING = object()


class _Fields:
    """Typed access to a JSON object's fields; every refusal names `where.field` and the value."""

    def __init__(self, data: Mapping[Any, Any], where: str) -> None:
        self.data, self.where = data, where

    def _get(self, name: str, default: Any) -> Any:
        value = self.data.get(name, _MISSING)
        if value is _MISSING or value is None:
            if default is _MISSING:
                raise _bad(f"{self.where}.{name}", "missing", None)
            return default
        return value

    def integer(self, name: str, default: Any = _MISSING) -> Any:
        value = self._get(name, default)
        if value is default:
            return value
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _bad(f"{self.where}.{name}", "expected a whole number >= 0, got", value)
        return value

    def text(self, name: str, default: Any = _MISSING) -> Any:
        value = self._get(name, default)
        if value is default:
            return value
        if not isinstance(value, str) or not value.strip():
            raise _bad(f"{self.where}.{name}", "expected a non-empty string, got", value)
        return value

    def choice(self, name: str, enum: Any, default: Any = _MISSING) -> Any:
        value = self._get(name, default)
        if value is default:
            return value
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise _bad(f"{self.where}.{name}", f"not one of {allowed}:", value) from None


def _bad(where: str, message: str, value: object) -> FormatError:
    return FormatError(message, path=where, value=None if value is None else str(value)[:80])
