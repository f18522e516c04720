"""How long an entry's fields may be: one rule for race control's forms, its API and every
importer (the store checks each entry list it saves).

A 1,000,000-character team name once went through the form and pinned a CPU for an hour
rendering `sheet.pdf`; the API stopped at 120. Now every path stops at the same limits.
"""

from __future__ import annotations

from collections.abc import Iterable

from pitboard.model import Entry, FormatError

LIMITS = {"number": 10, "car_class": 40, "team": 120, "vehicle": 120, "driver": 80}
MAX_DRIVERS = 8


def field_problem(name: str, value: str) -> str | None:
    """What is wrong with `value` as the entry field `name` (a key of LIMITS), or None."""
    limit = LIMITS[name]
    return f"at most {limit} characters, got {len(value)}" if len(value) > limit else None


def entry_problems(entry: Entry) -> list[tuple[str, str]]:
    """`(field, problem)` for each field of `entry` past its limit (`drivers` for the crew)."""
    values = [(name, getattr(entry, name)) for name in ("number", "car_class", "team", "vehicle")]
    values += [("driver", name) for name in entry.driver_names]
    problems = [(name, p) for name, value in values if (p := field_problem(name, value))]
    if len(entry.drivers) > MAX_DRIVERS:
        problems.append(("drivers", f"at most {MAX_DRIVERS} drivers, got {len(entry.drivers)}"))
    return problems


def check_entries(entries: Iterable[Entry]) -> None:
    """FormatError naming the car, the field and (the start of) the value of the first entry
    with a field past its limit."""
    for entry in entries:
        for name, problem in entry_problems(entry):
            value = getattr(entry, name, None) if name in LIMITS and name != "driver" else None
            raise FormatError(
                f"{problem}:",
                path=f"entry {entry.number[: LIMITS['number']]}.{name}",
                value=(value or "")[:40] if value is not None else None,
            )
