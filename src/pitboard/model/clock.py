"""Durations in integer milliseconds, parsed from and printed in the timekeepers' style.

`parse_duration` reads `38.123`, `1:38.123`, `1:02:03.456` (and `17:31:33.055`); fractions of
one to three digits. `format_lap_time` prints `1:38.123`; `format_duration` prints `2:40:21.370`
or `46:41.553` as the official results do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Millis = int

_FRACTION_SCALE = {0: 1000, 1: 100, 2: 10, 3: 1}

# Seconds of the short whole parts (`ss`, `m:ss`, `mm:ss`, also the `h:mm` of `h:mm:ss`) already
# parsed: lap and sector times repeat them (a 15.6k-lap file has ~500 distinct ones), and a time
# of day repeats its `h:mm`. At most ~6,700 keys, so never pruned.
_SHORT_WHOLE_SECONDS: dict[str, int] = {}
# The exact ASCII forms of the last fields, `fff` -> ms and `ss` -> s, for the fast path.
_MILLIS = {f"{n:03d}": n for n in range(1000)}
_SECONDS = {f"{n:02d}": n for n in range(100)}


def parse_duration(text: str) -> Millis:
    """Parse `[[h:]m:]s[.fff]` into milliseconds; raise ValueError on anything else.

    Every field is digits; minutes and seconds after a colon are exactly two. This is the hot
    path of every lap file (bench/classify.py): a time that ends in `.fff` with a whole part
    seen before (or `h:mm` seen before, then `:ss`) is three dictionary look-ups; anything
    else, and every error, goes the long way.
    """
    if text[-4:-3] == ".":
        millis = _MILLIS.get(text[-3:])
        whole = text[:-4]
        seconds = _SHORT_WHOLE_SECONDS.get(whole)
        if seconds is None and whole[-3:-2] == ":":
            minutes = _SHORT_WHOLE_SECONDS.get(whole[:-3])
            last = _SECONDS.get(whole[-2:])
            if minutes is not None and last is not None:
                seconds = minutes * 60 + last
        if seconds is not None and millis is not None:
            return seconds * 1000 + millis
    return _parse_duration(text)


def _parse_duration(text: str) -> Millis:
    whole, dot, fraction = text.strip().partition(".")
    millis = 0
    if dot:
        if not (fraction.isdigit() and len(fraction) <= 3):
            raise ValueError(f"bad fraction in duration {text!r}")
        millis = int(fraction) * _FRACTION_SCALE[len(fraction)]
    seconds = _SHORT_WHOLE_SECONDS.get(whole)
    if seconds is None:
        seconds = _whole_seconds(whole, text)
        if len(whole) <= 5:
            _SHORT_WHOLE_SECONDS[whole] = seconds
        elif len(whole) <= 8 and whole[-3] == ":":
            _SHORT_WHOLE_SECONDS.setdefault(whole[:-3], (seconds - int(whole[-2:])) // 60)
    return seconds * 1000 + millis


def _whole_seconds(whole: str, text: str) -> int:
    """`s`, `m:ss` or `h:mm:ss` in seconds; `text` is only for the error message."""
    parts = whole.split(":")
    count = len(parts)
    if count == 2:
        minutes, seconds = parts
        if minutes.isdigit() and len(seconds) == 2 and seconds.isdigit():
            return int(minutes) * 60 + int(seconds)
    elif count == 1:
        if whole.isdigit():
            return int(whole)
    elif count == 3:
        hours, minutes, seconds = parts
        if (
            len(minutes) == 2
            and len(seconds) == 2
            and hours.isdigit()
            and minutes.isdigit()
            and seconds.isdigit()
        ):
            return (int(hours) * 60 + int(minutes)) * 60 + int(seconds)
    else:
        raise ValueError(f"too many fields in duration {text!r}")
    raise ValueError(f"bad field in duration {text!r}")


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


# `parse_durations`: the shapes a timing export writes, whose value is one formula of the digits
# (`h:mm:ss.fff`, `m:ss.fff` and `mm:ss.fff`, `s.fff` and `ss.fff`), or an empty field.
_SHAPE = r"(?:(?:[0-9]+:[0-9]{2}|[0-9]{1,2}):[0-9]{2}|[0-9]{1,2})\.[0-9]{3}"
_COLUMN = re.compile(rf"(?:{_SHAPE})?(?:\n(?:{_SHAPE})?)*")


def parse_durations(texts: Sequence[str]) -> list[Millis | None]:
    """`[parse_duration(t) if t else None for t in texts]`, or the ValueError it raises: a
    whole column at once (a 24-hour race's lap times, elapsed times, times of day).

    When every field is empty or one of the usual shapes, the column is checked by one regular
    expression and read as numbers without the separators: `h:mm:ss.fff` is the integer
    h·10⁷ + mm·10⁵ + ss·10³ + fff, from which the milliseconds follow by arithmetic (the same
    for `m:ss.fff` and `ss.fff`, where the upper digits are zero). Anything else is parsed one
    field at a time."""
    joined = "\n".join(texts)
    digits = joined.replace(":", "").replace(".", "").split("\n")
    if len(digits) != len(texts) or not _COLUMN.fullmatch(joined):
        return [parse_duration(text) if text else None for text in texts]
    if "" not in digits:
        return [
            n - (whole := n // 100_000) * 40_000 - (whole // 100) * 2_400_000
            for n in map(int, digits)
        ]
    return [
        None if n is None else n - (whole := n // 100_000) * 40_000 - (whole // 100) * 2_400_000
        for n in [int(d) if d else None for d in digits]
    ]
