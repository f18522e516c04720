"""Durations in integer milliseconds, parsed from and printed in the timekeepers' style.

`parse_duration` reads `38.123`, `1:38.123`, `1:02:03.456` (and `17:31:33.055`); fractions of
one to three digits. `format_lap_time` prints `1:38.123`; `format_duration` prints `2:40:21.370`
or `46:41.553` as the official results do.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, product

Millis = int

_FRACTION_SCALE = {0: 1000, 1: 100, 2: 10, 3: 1}

# Seconds of the short whole parts (`ss`, `m:ss`, `mm:ss`, also the `h:mm` of `h:mm:ss`) already
# parsed: lap and sector times repeat them (a 15.6k-lap file has ~500 distinct ones), and a time
# of day repeats its `h:mm`. At most ~6,700 keys, so never pruned.
_SHORT_WHOLE_SECONDS: dict[str, int] = {}
# The exact ASCII forms of the last fields, `fff` -> ms and `ss` -> s, for the fast path.
# (Made from `product`, in C, in numeric order: formatting each number is twice the work.)
_MILLIS = dict(zip(map("".join, product("0123456789", repeat=3)), range(1000), strict=True))
_SECONDS = dict(zip(map("".join, product("0123456789", repeat=2)), range(100), strict=True))


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


# `parse_durations`: the shapes a timing export writes, with every ASCII digit written `0`, whose
# value is one formula of the digits: `m:ss.fff` and `mm:ss.fff`, `h:mm:ss.fff` (up to six digits
# of hours), `s.fff` and `ss.fff`; the commonest first (lap times, then elapsed and time of day).
_SHAPES = [b"0:00.000", b"0:00:00.000", b"00:00:00.000", b"00:00.000", b"00.000", b"0.000"] + [
    b"0" * n + b":00:00.000" for n in range(3, 7)
]
_FRAMED = [b"\n" + shape + b"\n" for shape in _SHAPES]  # a whole field between line ends
_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0000000000")
_CORRECTIONS = 10_000  # h·100 + mm below this: the correction is looked up, not computed
# h·10⁷ + mm·10⁵ + ss·10³ + fff less these is the time in ms (index: h·100 + mm). Made as far as
# the columns read so far need it (a 24-hour race: to 24:59), not at import (10,000 entries cost
# ~1 ms there); replaced, never changed in place, so a reader in another thread sees a whole list.
_CORRECTION: list[int] = []


def _corrections(top: int) -> list[int]:
    """`_CORRECTION`, made to reach index `top` (< `_CORRECTIONS`) first if it does not."""
    global _CORRECTION
    table = _CORRECTION
    if top >= len(table):
        more = range(len(table), max(top + 1, 100))
        table = _CORRECTION = table + [_correction(whole) for whole in more]
    return table


def _correction(whole: int) -> int:
    """What h·10⁷ + mm·10⁵ + ss·10³ + fff exceeds the time in ms by, for `whole` = h·100 + mm."""
    return (whole // 100) * 6_400_000 + (whole % 100) * 40_000


def parse_durations(texts: Sequence[bytes]) -> list[Millis | None]:
    """`[parse_duration(t.decode()) if t else None for t in texts]`, or the ValueError it
    raises: a whole column of a timing file's bytes at once (a 24-hour race's lap times,
    elapsed times, times of day).

    When every field is one of the usual shapes (or empty), each is read as the integer of its
    digits, h·10⁷ + mm·10⁵ + ss·10³ + fff (upper digits zero for `m:ss.fff` and `ss.fff`), and
    the milliseconds follow by subtracting a correction that depends on h·100 + mm only; all of
    it in C loops (`map`, `bytes` methods) over the column. Anything else is parsed one field
    at a time (`_one_by_one`); columns that are mostly empty (pit times) by their written
    fields only (`_sparse`)."""
    joined = b"\n".join(texts)
    framed = b"\n" + joined + b"\n"
    empty = texts.count(b"") if b"\n\n" in framed else 0  # `in` is a fast search, `count` is not
    if empty * 2 > len(texts):
        return _sparse(texts)
    digits = joined.translate(None, b":.").split(b"\n")
    if len(digits) != len(texts) or not _usual_shapes(framed, len(texts) - empty):
        return _one_by_one(texts)
    numbers = list(map(int, digits if not empty else [d or b"0" for d in digits]))
    top = max(numbers, default=0) // 100_000
    millis: list[Millis | None]
    if top < _CORRECTIONS:  # a comprehension: fewer instructions than `map`s of `operator`s
        table = _corrections(top)
        millis = [number - table[number // 100_000] for number in numbers]
    else:
        millis = [number - _correction(number // 100_000) for number in numbers]
    if empty:
        return [value if text else None for value, text in zip(millis, texts, strict=True)]
    return millis


def _sparse(texts: Sequence[bytes]) -> list[Millis | None]:
    """`parse_durations` of a column that is mostly empty (pit times, ~90% empty): the fields
    written, found by `compress` in C, parsed as a column of their own, then put back in
    their rows among the Nones (no Python step for an empty field)."""
    rows = len(texts)
    millis: list[Millis | None] = [None] * rows
    written = compress(range(rows), texts)
    for row, value in zip(written, parse_durations(list(compress(texts, texts))), strict=True):
        millis[row] = value
    return millis


def _one_by_one(texts: Sequence[bytes]) -> list[Millis | None]:
    return [parse_duration(text.decode()) if text else None for text in texts]


def _usual_shapes(framed: bytes, fields: int) -> bool:
    """Whether the `fields` non-empty fields of `framed` (`\\n`, the fields between `\\n`,
    `\\n`) are all of the usual shapes: each field, its digits as `0`, between two line ends
    of its own is counted once by the count of its shape, so the counts add up to `fields`
    exactly when none is unusual (one `bytes.count` per shape the column has, in C; the
    shape of the first field first, as a column mostly keeps one shape)."""
    shapes = framed.translate(_DIGITS_AS_ZERO).replace(b"\n", b"\n\n")
    first = shapes[1 : shapes.find(b"\n", 2) + 1]  # `\n`, the first field's shape, `\n`
    found = shapes.count(first) if first in _FRAMED else 0
    for shape in _FRAMED:
        if found == fields:
            return True
        if shape != first:
            found += shapes.count(shape)
    return found == fields
