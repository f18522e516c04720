"""Durations in integer milliseconds, parsed from and printed in the timekeepers' style.

`parse_duration` reads `38.123`, `1:38.123`, `1:02:03.456` (and `17:31:33.055`); fractions of
one to three digits. `format_lap_time` prints `1:38.123`; `format_duration` prints `2:40:21.370`
or `46:41.553` as the official results do.
"""

from __future__ import annotations

Millis = int

_FRACTION_SCALE = {0: 1000, 1: 100, 2: 10, 3: 1}


def parse_duration(text: str) -> Millis:
    """Parse `[[h:]m:]s[.fff]` into milliseconds; raise ValueError on anything else."""
    whole, dot, fraction = text.strip().partition(".")
    if dot and not (fraction.isdigit() and len(fraction) <= 3):
        raise ValueError(f"bad fraction in duration {text!r}")
    millis = int(fraction) * _FRACTION_SCALE[len(fraction)] if dot else 0
    seconds = 0
    parts = whole.split(":")
    if len(parts) > 3:
        raise ValueError(f"too many fields in duration {text!r}")
    for index, part in enumerate(parts):
        if not part.isdigit() or (index and len(part) != 2):
            raise ValueError(f"bad field in duration {text!r}")
        seconds = seconds * 60 + int(part)
    return seconds * 1000 + millis


def format_lap_time(millis: Millis) -> str:
    """`98123` -> `1:38.123`; under a minute `38.123`; an hour or more `1:02:03.456`."""
    if millis < 0:
        raise ValueError(f"negative lap time {millis}")
    seconds, ms = divmod(millis, 1000)
    minutes, sec = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{sec:02d}.{ms:03d}"
    if minutes:
        return f"{minutes}:{sec:02d}.{ms:03d}"
    return f"{sec}.{ms:03d}"


def format_duration(millis: Millis) -> str:
    """A race's total time as the results print it: `46:41.553`, `2:40:21.370`."""
    if millis < 0:
        raise ValueError(f"negative duration {millis}")
    seconds, ms = divmod(millis, 1000)
    minutes, sec = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{sec:02d}.{ms:03d}"
    return f"{minutes}:{sec:02d}.{ms:03d}"
