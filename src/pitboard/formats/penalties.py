"""The operator's penalties file (TOML): one `[[penalty]]` table per decision.

    [[penalty]]
    car = "22"            # car number, as a string
    kind = "time"         # time | laps | positions | back | dsq | delete_lap
    seconds = 5           # kind = time (decimals allowed: 2.5)
    reason = "Track limits, turn 7"

`laps = 1` for kind = laps, `positions = 3` for kind = positions, `lap = 12` for delete_lap;
`back` (to the back of its group) and `dsq` take no amount.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pitboard.model import FormatError, Penalty, PenaltyKind

_KINDS = {kind.value: kind for kind in PenaltyKind}
_KEYS = {"car", "kind", "seconds", "laps", "positions", "lap", "reason"}
_TOML_AT = re.compile(r"\(at line (\d+), column \d+\)")
_TABLE = re.compile(r"^\s*\[\[\s*penalty\s*\]\]")


def read_penalties(path: str | Path) -> list[Penalty]:
    """Read a penalties file; errors name the file and the line of the `[[penalty]]`."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")  # a small file: read whole
        data = tomllib.loads(text)
    except OSError as error:
        raise FormatError(f"cannot open file: {error.strerror or error}", path=name) from None
    except UnicodeDecodeError as error:
        raise FormatError("not UTF-8 text", path=name, line=_line_of(path, error.start)) from None
    except RecursionError:
        raise FormatError("bad TOML (nested too deeply)", path=name) from None
    except tomllib.TOMLDecodeError as error:
        at = _TOML_AT.search(str(error))
        message = _TOML_AT.sub("", str(error)).strip()
        line = int(at.group(1)) if at else None
        raise FormatError(f"bad TOML ({message})", path=name, line=line) from None
    lines = [n for n, row in enumerate(text.splitlines(), start=1) if _TABLE.match(row)]
    return parse_penalties(data, name, lines)


def _line_of(path: str | Path, offset: int) -> int:
    with open(path, "rb") as raw:
        return raw.read(offset).count(b"\n") + 1


def parse_penalties(
    data: dict[str, Any], path: str = "<penalties>", lines: list[int] | None = None
) -> list[Penalty]:
    items = data.get("penalty", [])
    if not isinstance(items, list):
        raise FormatError("expected [[penalty]] tables", path=path)
    unknown = sorted(set(data) - {"penalty"})
    if unknown:
        raise FormatError(f"unknown key {unknown[0]!r}, expected [[penalty]] tables", path=path)
    lines = lines or []
    return [
        _penalty(item, path, index, lines[index - 1] if index <= len(lines) else None)
        for index, item in enumerate(items, start=1)
    ]


def _penalty(item: Any, path: str, index: int, line: int | None = None) -> Penalty:
    try:
        return _checked_penalty(item, path, index)
    except FormatError as error:
        raise FormatError(
            error.message, path=path, line=line, column=error.column, value=error.value
        ) from None


def _checked_penalty(item: Any, path: str, index: int) -> Penalty:
    where = f"penalty #{index}"
    if not isinstance(item, dict):
        raise FormatError(f"{where}: expected a table", path=path)
    unknown = sorted(set(item) - _KEYS)
    if unknown:
        raise FormatError(f"{where}: unknown key", path=path, value=unknown[0])
    car = item.get("car")
    if not isinstance(car, str) or not car.strip():
        raise FormatError(
            f'{where}: car must be a quoted number like "22"',
            path=path,
            column="car",
            value=str(car),
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


_MAX_SECONDS = Decimal(7 * 24 * 3600)  # no time penalty is longer than a week


def _millis(item: dict[str, Any], path: str, where: str) -> int:
    raw = item.get("seconds")
    try:
        seconds = Decimal(str(raw))
    except InvalidOperation:
        seconds = Decimal(-1)
    valid = seconds.is_finite() and 0 < seconds <= _MAX_SECONDS
    if isinstance(raw, bool) or raw is None or not valid or (seconds * 1000) % 1:
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
