"""A gap between two cars in the official style: `-`, `+4.635`, `+1:02.345`, `1 Lap`, `25 Laps`."""

from __future__ import annotations

from dataclasses import dataclass

from pitboard.model.clock import Millis, format_lap_time, parse_duration


@dataclass(frozen=True, slots=True)
class Gap:
    """Either the reference car (`-`), a time behind it, or whole laps behind it."""

    laps: int = 0
    millis: Millis = 0
    is_reference: bool = False

    @classmethod
    def reference(cls) -> Gap:
        return cls(is_reference=True)

    @classmethod
    def time(cls, millis: Millis) -> Gap:
        if millis < 0:
            raise ValueError(f"negative gap {millis}")
        return cls(millis=millis)

    @classmethod
    def behind_by_laps(cls, laps: int) -> Gap:
        if laps < 1:
            raise ValueError(f"a lap gap needs at least one lap, got {laps}")
        return cls(laps=laps)

    def __str__(self) -> str:
        return format_gap(self)


def format_gap(gap: Gap) -> str:
    if gap.is_reference:
        return "-"
    if gap.laps:
        return f"{gap.laps} Lap" if gap.laps == 1 else f"{gap.laps} Laps"
    return "+" + format_lap_time(gap.millis)


def parse_gap(text: str) -> Gap:
    """Inverse of `format_gap`; an empty field (by-class files) is the reference too."""
    text = text.strip()
    if text in ("-", ""):
        return Gap.reference()
    if text.startswith("+"):
        return Gap.time(parse_duration(text[1:]))
    count, _, word = text.partition(" ")
    if word in ("Lap", "Laps") and count.isdigit() and int(count) >= 1:
        return Gap.behind_by_laps(int(count))
    raise ValueError(f"bad gap {text!r}")
