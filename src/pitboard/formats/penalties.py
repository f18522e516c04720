"""The operator's penalties file (TOML): one `[[penalty]]` table per decision.

    [[penalty]]
    car = "22"            # car number, as a string
    kind = "time"         # time | laps | positions | dsq | delete_lap
    seconds = 5           # kind = time (decimals allowed: 2.5)
    reason = "Track limits, turn 7"

`laps = 1` for kind = laps, `positions = 3` for kind = positions, `lap = 12` for delete_lap.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pitboard.model import FormatError, Penalty, PenaltyKind

_KINDS = {kind.value: kind for kind in PenaltyKind}


def read_penalties(path: str | Path) -> list[Penalty]:
    name = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise FormatError(f"cannot open file: {error.strerror}", path=name) from None
    except UnicodeDecodeError:
        raise FormatError("not UTF-8 text", path=name) from None
    except tomllib.TOMLDecodeError as error:
        raise FormatError(f"bad TOML ({error})", path=name) from None
    return parse_penalties(data, name)


def parse_penalties(data: dict[str, Any], path: str = "<penalties>") -> list[Penalty]:
    items = data.get("penalty", [])
    if not isinstance(items, list):
        raise FormatError("expected [[penalty]] tables", path=path)
    return [_penalty(item, path, index) for index, item in enumerate(items, start=1)]


def _penalty(item: Any, path: str, index: int) -> Penalty:
    where = f"penalty #{index}"
    if not isinstance(item, dict):
        raise FormatError(f"{where}: expected a table", path=path)
    car = item.get("car")
    if not isinstance(car, str) or not car.strip():
        raise FormatError(
            f'{where}: car must be a quoted number like "22"',
            path=path,
            column="car",
            value=repr(car),
        )
    kind = _KINDS.get(str(item.get("kind", "")))
    if kind is None:
        raise FormatError(
            f"{where}: kind must be one of {', '.join(_KINDS)}",
            path=path,
            column="kind",
            value=str(item.get("kind")),
        )
    return Penalty(
        car=car.strip(),
        kind=kind,
        millis=_millis(item, path, where) if kind is PenaltyKind.TIME else 0,
        laps=_count(item, "laps", path, where) if kind is PenaltyKind.LAPS else 0,
        positions=_count(item, "positions", path, where) if kind is PenaltyKind.POSITIONS else 0,
        lap=_count(item, "lap", path, where) if kind is PenaltyKind.DELETE_LAP else None,
        reason=str(item.get("reason", "")),
    )


def _millis(item: dict[str, Any], path: str, where: str) -> int:
    raw = item.get("seconds")
    try:
        seconds = Decimal(str(raw))
    except InvalidOperation:
        seconds = Decimal(-1)
    if isinstance(raw, bool) or raw is None or seconds <= 0 or (seconds * 1000) % 1:
        raise FormatError(
            f"{where}: seconds must be a positive number of seconds",
            path=path,
            column="seconds",
            value=str(raw),
        )
    return int(seconds * 1000)


def _count(item: dict[str, Any], key: str, path: str, where: str) -> int:
    raw = item.get(key)
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise FormatError(
            f"{where}: {key} must be a whole number ≥ 1", path=path, column=key, value=str(raw)
        )
    return raw
