"""Season files: the shipped GT4 European Series 2023 against the seed's calendar, and bad files
that must fail naming the field and the value."""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pitboard.formats.season import available_seasons, load_season, parse_season, read_season
from pitboard.model import FormatError, SessionKind
from pitboard.model.season import GridOrder, PitWindow, StartingDriver

# The seed press release's calendar: round, circuit, first and last day.
SEED_CALENDAR = [
    (1, "Monza", date(2023, 4, 21), date(2023, 4, 23)),
    (2, "Paul Ricard", date(2023, 6, 2), date(2023, 6, 4)),
    (3, "Spa-Francorchamps", date(2023, 6, 29), date(2023, 7, 2)),
    (4, "Misano", date(2023, 7, 14), date(2023, 7, 16)),
    (5, "Hockenheim", date(2023, 9, 1), date(2023, 9, 3)),
    (6, "Barcelona", date(2023, 9, 29), date(2023, 10, 1)),
]


def test_the_gt4_europe_2023_season_is_shipped() -> None:
    assert "gt4-europe-2023" in available_seasons()
    plan = load_season("gt4-europe-2023")
    assert plan.season.key == "gt4-europe-2023"
    assert plan.season.year == 2023
    assert plan.series.key == plan.season.series == "gt4-europe"
    assert plan.season.ruleset == "gt4-europe"


def test_the_calendar_is_the_seeds() -> None:
    plan = load_season("gt4-europe-2023")
    assert [(e.round, e.name, e.start, e.end) for e in plan.events] == SEED_CALENDAR
    misano = plan.events[3]
    assert misano.key == "gt4-europe-2023-misano"
    assert misano.circuit == "misano"


def test_each_circuit_has_its_country_and_time_zone() -> None:
    plan = load_season("gt4-europe-2023")
    circuits = {c.key: c for c in plan.circuits}
    zones = {event.name: circuits[str(event.circuit)].time_zone for event in plan.events}
    assert zones == {
        "Monza": "Europe/Rome",
        "Paul Ricard": "Europe/Paris",
        "Spa-Francorchamps": "Europe/Brussels",
        "Misano": "Europe/Rome",
        "Hockenheim": "Europe/Berlin",
        "Barcelona": "Europe/Madrid",
    }
    assert circuits["misano"].country == "Italy"
    assert circuits["hockenheim"].country == "Germany"
    assert all(c.length_m and 3_000 < c.length_m < 8_000 for c in circuits.values())


def test_the_weekend_is_fp1_fp2_q1_q2_and_two_one_hour_races() -> None:
    plan = load_season("gt4-europe-2023")
    misano = plan.sessions_of("gt4-europe-2023-misano")
    assert [s.name for s in misano] == [
        "Free Practice 1",
        "Free Practice 2",
        "Qualifying 1",
        "Qualifying 2",
        "Race 1",
        "Race 2",
    ]
    assert [s.kind for s in misano].count(SessionKind.RACE) == 2
    race1, race2 = misano[4], misano[5]
    assert race1.duration == race2.duration == 60 * 60_000
    assert race1.grid_from == "gt4-europe-2023-misano-q1"
    assert race2.grid_from == "gt4-europe-2023-misano-q2"
    assert race1.starting_driver is StartingDriver.QUALIFIER
    assert race1.grid_order is GridOrder.OVERALL
    assert race1.pit_window == PitWindow(25 * 60_000, 35 * 60_000, stops=1, driver_change=True)
    # Race 2 on the Sunday (the seed), the other sessions before it.
    assert race2.scheduled_start == datetime(2023, 7, 16, 11, 30)
    assert all(s.scheduled_start and s.scheduled_start < race2.scheduled_start for s in misano[:5])
    assert len(plan.sessions) == 6 * 6


SMALL = """
[series]
id = "club"
name = "Club GT4"

[season]
id = "club-2024"
series = "club"
year = 2024
name = "Club GT4 2024"

[[classes]]
name = "Am"
crews = [["Bronze", "Bronze"]]

[circuits.anderstorp]
name = "Anderstorp Raceway"
country = "Sweden"
time_zone = "Europe/Stockholm"

[[sessions]]
id = "q"
kind = "qualifying"
day = 0
start = 09:00:00
minutes = 30

[[sessions]]
id = "race"
kind = "race"
day = 0
start = 14:00:00
laps = 25
grid_from = "q"

[[events]]
id = "anderstorp"
round = 1
name = "Anderstorp"
circuit = "anderstorp"
start = 2024-05-11
end = 2024-05-12

[events.sessions.race]
start = 16:30:00

[[entries]]
number = "021"
class = "Am"
team = "Team Nord"
car = "Porsche 718 Cayman GT4 RS CS"
drivers = [{ name = "Eva Lind", category = "Bronze", country = "SWE" },
           { name = "Per Holm", category = "Bronze" }]
"""


def test_a_small_season_file_reads_with_entries_and_a_changed_session(tmp_path: Path) -> None:
    path = tmp_path / "club.toml"
    path.write_text(SMALL, encoding="utf-8")
    plan = read_season(path)
    assert [e.number for e in plan.entries] == ["021"]
    assert plan.entries[0].vehicle == "Porsche 718 Cayman GT4 RS CS"
    assert plan.entries[0].drivers[0].country == "SWE"
    race = plan.sessions_of("club-2024-anderstorp")[1]
    assert race.scheduled_start == datetime(2024, 5, 12, 16, 30)  # moved at this event
    assert race.race_laps == 25 and race.duration is None
    assert race.name == "race"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("year = 2024", "year = 2024\nyaer = 2024", "season.yaer: unknown key"),
        ('"Europe/Stockholm"', '"Europe/Anderstorp"', "not an IANA time zone 'Europe/Anderstorp'"),
        ("end = 2024-05-12", "end = 2024-05-10", "events[0].end: before the start"),
        ('grid_from = "q"', 'grid_from = "race"', "grid_from: not a qualifying"),
        ('number = "021"', "number = 21", "entries[0].number: must be a string"),
        ('category = "Bronze" }]', 'category = "Silver" }]', "class Am admits Bronze+Bronze"),
        ("laps = 25", "laps = 25\nminutes = 60", "give exactly one of minutes and laps"),
        ('kind = "race"', 'kind = "sprint"', "sessions[1].kind: unknown value 'sprint'"),
        ("[events.sessions.race]", "[events.sessions.race3]", "no such session"),
        ('circuit = "anderstorp"', 'circuit = "knutstorp"', "no such circuit"),
        ('crews = [["Bronze", "Bronze"]]', 'crews = [["Bronze", "Tin"]]', "unknown FIA category"),
        ("laps = 25", "laps = 0", "must be more than 0"),
        ("day = 0\nstart = 14", "day = 100000000\nstart = 14", "more than a month"),
        ("round = 1", 'round = "1"', "events[0].round: must be int, not '1'"),
        ("start = 16:30:00", "day = -1", "before the qualifying that sets its grid"),
        ("[[entries]]", "[[entries]\n", "not TOML"),
    ],
)
def test_a_bad_season_file_names_the_field_and_the_value(old: str, new: str, message: str) -> None:
    assert old in SMALL
    with pytest.raises(FormatError, match=r"^club\.toml: ") as raised:
        parse_season(SMALL.replace(old, new, 1), "club.toml")
    assert message in str(raised.value)


def test_a_missing_file_and_an_unknown_shipped_season_are_format_errors(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="cannot read"):
        read_season(tmp_path / "nope.toml")
    with pytest.raises(FormatError, match="gt4-europe-2023"):
        load_season("gt4-europe-1999")


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_mutation_of_a_season_file_reads_or_fails_with_a_format_error(
    data: st.DataObject,
) -> None:
    text = SMALL
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 12))
        insert = data.draw(
            st.sampled_from(["", "0", "-", '"', "[", "]", "=", "\n", "x", "1.5", "{"])
        )
        text = text[:at] + insert + text[at + cut :]
    with contextlib.suppress(FormatError):
        parse_season(text, "club.toml")
