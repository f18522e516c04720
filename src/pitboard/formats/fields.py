"""Field parsers that turn a bad value into a FormatError naming file, line and column."""

from __future__ import annotations

from decimal import Decimal

from pitboard.model import FormatError, parse_duration


def duration_or_none(text: str, path: str, line: int, column: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        return parse_duration(text)
    except ValueError:
        raise FormatError("bad time", path=path, line=line, column=column, value=text) from None


def integer_or_none(text: str, path: str, line: int, column: str) -> int | None:
    """Integers, also when written `1.0` as some exports do."""
    text = text.strip()
    if not text:
        return None
    whole, dot, fraction = text.partition(".")
    if _digits(whole) and (not dot or fraction.strip("0") == ""):
        return int(whole)
    raise FormatError("bad number", path=path, line=line, column=column, value=text)


def decimal_or_none(text: str, path: str, line: int, column: str) -> Decimal | None:
    """A plain decimal as a weather station writes it: `-12.5`, `29.53305301`, `0`."""
    text = text.strip()
    if not text:
        return None
    whole, _, fraction = text.removeprefix("-").partition(".")
    if _digits(whole + fraction) and (not fraction or _digits(fraction)):
        return Decimal(text)
    raise FormatError("bad number", path=path, line=line, column=column, value=text)


def required(text: str, path: str, line: int, column: str) -> str:
    text = text.strip()
    if not text:
        raise FormatError("empty value", path=path, line=line, column=column, value=text)
    return text


def _digits(text: str) -> bool:
    """ASCII digits only (`str.isdigit` also accepts `²` and `١`)."""
    return text.isascii() and text.isdigit()
