"""Classes by crew: SRO GT4 Silver = Silver+Silver, Pro-Am = Gold or Silver with Bronze,
Am = Bronze+Bronze (docs/season-format.md says where these come from)."""

from __future__ import annotations

import pytest

from pitboard.model import Driver, Entry
from pitboard.model.season import CarClass, DriverCategory
from pitboard.rules.crew import parse_category, validate, validate_entries

S, G, B, P = (
    DriverCategory.SILVER,
    DriverCategory.GOLD,
    DriverCategory.BRONZE,
    DriverCategory.PLATINUM,
)
GT4 = (
    CarClass("Silver", ((S, S),)),
    CarClass("Pro-Am", ((G, B), (S, B))),
    CarClass("Am", ((B, B),)),
)


def _entry(car_class: str, *categories: str | None, number: str = "21") -> Entry:
    drivers = tuple(Driver(f"Driver {i}", c) for i, c in enumerate(categories, start=1))
    return Entry(number, car_class, drivers=drivers)


@pytest.mark.parametrize(
    ("car_class", "crew"),
    [
        ("Silver", ("Silver", "Silver")),
        ("Pro-Am", ("Silver", "Bronze")),
        ("Pro-Am", ("Bronze", "Silver")),  # seat order does not matter
        ("Pro-Am", ("Gold", "Bronze")),
        ("Am", ("Bronze", "Bronze")),
        ("Am", ("bronze", "BRONZE")),  # categories are read case-insensitively
    ],
)
def test_admitted_crews_have_no_issues(car_class: str, crew: tuple[str, ...]) -> None:
    assert validate(_entry(car_class, *crew), GT4) == []


@pytest.mark.parametrize(
    ("car_class", "crew"),
    [
        ("Silver", ("Silver", "Bronze")),  # a Bronze makes it Pro-Am
        ("Silver", ("Gold", "Silver")),  # Silver Cup is Silver only
        ("Pro-Am", ("Silver", "Silver")),
        ("Pro-Am", ("Platinum", "Bronze")),
        ("Am", ("Silver", "Bronze")),
        ("Am", ("Bronze",)),  # a crew of two
        ("Am", ("Bronze", "Bronze", "Bronze")),
    ],
)
def test_crews_the_class_does_not_admit_are_reported(car_class: str, crew: tuple[str, ...]) -> None:
    issues = validate(_entry(car_class, *crew), GT4)
    assert len(issues) == 1
    assert issues[0].subject == "car 21"
    assert f"class {car_class} admits" in issues[0].message


def test_the_issue_names_what_is_admitted_and_who_drives() -> None:
    entry = Entry(
        "7", "Pro-Am", drivers=(Driver("Ann Berg", "Silver"), Driver("Ole Dahl", "Silver"))
    )
    assert [str(issue) for issue in validate(entry, GT4)] == [
        "car 7: class Pro-Am admits Gold+Bronze or Silver+Bronze, not "
        "Ann Berg (Silver), Ole Dahl (Silver)"
    ]


def test_every_driver_without_a_known_category_is_reported() -> None:
    issues = validate(_entry("Am", None, "Bronz"), GT4)
    assert [issue.message for issue in issues] == [
        "driver 'Driver 1' has no FIA category",
        "driver 'Driver 2' has an unknown FIA category 'Bronz'",
    ]


def test_an_unknown_class_and_an_empty_crew_are_reported() -> None:
    assert validate(_entry("GT3"), GT4)[0].message == (
        "class 'GT3' is not one of this season's (Silver, Pro-Am, Am)"
    )
    assert validate(_entry("Am"), GT4)[0].message == "has no drivers"


def test_an_entry_list_reports_every_entry_and_a_number_entered_twice() -> None:
    entries = [
        _entry("Am", "Bronze", "Bronze", number="5"),
        _entry("Am", "Silver", "Bronze", number="021"),
        _entry("Silver", "Silver", "Silver", number="21"),
        _entry("Silver", "Silver", "Silver", number="5"),
    ]
    issues = validate_entries(entries, GT4)
    assert [issue.subject for issue in issues] == ["car 021", "car 5"]
    assert issues[1].message == "is entered twice"


def test_parse_category() -> None:
    assert parse_category(" Platinum ") is P
    assert parse_category("Diamond") is None
