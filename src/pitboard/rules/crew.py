"""Is a car's crew allowed in its class? Classes are defined by the drivers' FIA categories.

`validate(entry, classes)` returns every problem it finds (an empty list: the entry is fine),
as python-chess's `Board.status()` does, so an operator sees them all at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pitboard.model import Driver, Entry
from pitboard.model.season import CarClass, DriverCategory, Issue

_CATEGORIES = {category.value.lower(): category for category in DriverCategory}


def parse_category(text: str) -> DriverCategory | None:
    """`Silver`, `silver`, `SILVER` -> DriverCategory.SILVER; anything else -> None."""
    return _CATEGORIES.get(text.strip().lower())


def validate(entry: Entry, classes: Sequence[CarClass]) -> list[Issue]:
    """Every reason why `entry` may not race in its class (none: it may)."""
    subject = f"car {entry.number}"
    by_name = {car_class.name: car_class for car_class in classes}
    car_class = by_name.get(entry.car_class)
    if car_class is None:
        known = ", ".join(by_name) or "none"
        return [Issue(subject, f"class {entry.car_class!r} is not one of this season's ({known})")]
    if not entry.drivers:
        return [Issue(subject, "has no drivers")]
    issues = [Issue(subject, problem) for d in entry.drivers if (problem := _category_problem(d))]
    if issues:
        return issues
    crew = tuple(_category(driver) for driver in entry.drivers)
    if not car_class.admits(crew):
        issues.append(Issue(subject, _not_admitted(car_class, entry.drivers)))
    return issues


def validate_entries(entries: Iterable[Entry], classes: Sequence[CarClass]) -> list[Issue]:
    """Every problem of an entry list: each entry's, and a car number entered twice."""
    issues: list[Issue] = []
    seen: set[str] = set()
    for entry in entries:
        if entry.number in seen:
            issues.append(Issue(f"car {entry.number}", "is entered twice"))
        seen.add(entry.number)
        issues.extend(validate(entry, classes))
    return issues


def describe_crew(crew: Iterable[DriverCategory]) -> str:
    return "+".join(category.value for category in crew)


def _category_problem(driver: Driver) -> str:
    if not driver.category:
        return f"driver {driver.name!r} has no FIA category"
    if parse_category(driver.category) is None:
        return f"driver {driver.name!r} has an unknown FIA category {driver.category!r}"
    return ""


def _category(driver: Driver) -> DriverCategory:
    category = parse_category(driver.category or "")
    assert category is not None  # checked by _category_problem
    return category


def _not_admitted(car_class: CarClass, drivers: Sequence[Driver]) -> str:
    admitted = " or ".join(describe_crew(crew) for crew in car_class.crews) or "no crew"
    crew = ", ".join(f"{d.name} ({d.category})" for d in drivers)
    return f"class {car_class.name} admits {admitted}, not {crew}"
