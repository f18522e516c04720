"""Durations in integer milliseconds, parsed from and printed in the timekeepers' style.

`parse_duration` reads `38.123`, `1:38.123`, `1:02:03.456` (and `17:31:33.055`); fractions of
one to three digits. `format_lap_time` prints `1:38.123`; `format_duration` prints `2:40:21.370`
or `46:41.553` as the official results do.
"""

from __future__ import annotations

Millis = int

_FRACTION_SCALE = {0: 1000, 1: 100, 2: 10, 3: 1}

# Seconds of the short whole parts (`ss`, `m:ss`, `mm:ss`) already parsed: lap and sector times
# repeat them (a 15.6k-lap file has ~500 distinct ones). At most ~6,700 keys, so never pruned.
_SHORT_WHOLE_SECONDS: dict[str, int] = {}


def parse_duration(text: str) -> Millis:
    """Parse `[[h:]m:]s[.fff]` into milliseconds; raise ValueError on anything else.

    Every field is digits; minutes and seconds after a colon are exactly two. This is the hot
    path of every lap file (bench/classify.py), hence the cache and the unrolled fields.
    """
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
