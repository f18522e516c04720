"""Rule-compliance checks from timing: each fires on a constructed breach, with its evidence,
and stays silent on the real IMSA races (no drive-time penalty in their official results) and
on the synthetic GT4 demo race, which is built to the GT4 rules."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import real_data_dir
from pitboard.demo import demo_session
from pitboard.formats.alkamel.analysis import read_analysis
from pitboard.model import Entry, Flag, Lap, RulesError, Session, SessionKind
from pitboard.model.season import PitWindow
from pitboard.rules.compliance import Check, ComplianceRules, check, with_pit_window
from pitboard.rules.rulesets import available_rulesets
from pitboard.rules.rulesets.compliance import load_compliance

MINUTE = 60_000
GT4 = load_compliance("gt4-europe")
IMSA = load_compliance("imsa")


def _race(*stints: tuple[str, int], laps_of: int = 2 * MINUTE, pit: int = 70_000) -> list[Lap]:
    """One car's race: (driver, laps) stints, a stop (in-lap, out-lap with `pit`) between."""
    laps: list[Lap] = []
    elapsed = 0
    for index, (driver, count) in enumerate(stints):
        for n in range(count):
            out = index > 0 and n == 0
            time = laps_of + (pit if out else 0)
            elapsed += time
            last = index == len(stints) - 1 and n == count - 1
            laps.append(
                Lap(
                    "7", len(laps) + 1, time, elapsed, driver=driver,
                    in_pit=n == count - 1 and not last,
                    pit_time=pit if out else None,
                    flag=Flag.CHEQUERED if last else Flag.GREEN,
                )
            )  # fmt: skip
    return laps


def _session(laps: list[Lap]) -> Session:
    return Session(SessionKind.RACE, {"7": Entry("7", "Am")}, laps)


def _checks(session: Session, rules: ComplianceRules) -> list[Check]:
    return [breach.check for breach in check(session, rules)]


def test_a_gt4_race_by_the_rules_has_no_breach() -> None:
    # 2-minute laps: stop at the end of lap 14 (28:00), 70 s in the pit lane, 31 laps in all
    assert check(_session(_race(("Alva", 14), ("Bruno", 17))), GT4) == []


def test_practice_and_qualifying_are_not_held_to_race_rules() -> None:
    laps = _race(("Alva", 31))  # no stop: a breach in a race
    for kind in (SessionKind.QUALIFYING, SessionKind.PRACTICE):
        assert check(Session(kind, {"7": Entry("7", "Am")}, laps), GT4) == []


def test_stop_before_the_window_opens() -> None:
    breaches = check(_session(_race(("Alva", 10), ("Bruno", 21))), GT4)
    assert [b.check for b in breaches] == [Check.MANDATORY_STOPS]
    assert breaches[0].laps == (10,)
    assert "lap 10 at 20:00.000" in breaches[0].message
    assert "window 25:00.000-35:00.000" in breaches[0].message


def test_stop_in_the_window_without_a_driver_change() -> None:
    assert _checks(_session(_race(("Alva", 14), ("Alva", 17))), GT4) == [Check.MANDATORY_STOPS]


def test_no_stop_at_all() -> None:
    breaches = check(_session(_race(("Alva", 31))), GT4)
    assert [b.check for b in breaches] == [Check.MANDATORY_STOPS]
    assert "stops made: none" in breaches[0].message


def test_a_car_that_retired_before_the_window_closed_owes_no_stop() -> None:
    laps = _race(("Alva", 12))
    laps[-1] = dataclasses.replace(laps[-1], flag=Flag.GREEN)
    other = [dataclasses.replace(lap, car="8") for lap in _race(("Cleo", 14), ("Dan", 17))]
    session = Session(SessionKind.RACE, {"7": Entry("7", "Am"), "8": Entry("8", "Am")})
    session.laps = laps + other
    assert check(session, GT4) == []


def test_mandatory_stop_too_short_in_the_pit_lane() -> None:
    breaches = check(_session(_race(("Alva", 14), ("Bruno", 17), pit=58_250)), GT4)
    assert [b.check for b in breaches] == [Check.MIN_PIT_TIME]
    assert breaches[0].laps == (14, 15)
    assert (breaches[0].measured, breaches[0].limit) == (58_250, 65_000)
    assert "58.250 in the pit lane, under the minimum 1:05.000" in breaches[0].message


def test_minimum_drive_time_names_the_driver_and_the_laps() -> None:
    rules = dataclasses.replace(GT4, pit_window=None)
    breaches = check(_session(_race(("Alva", 24), ("Bruno", 7))), rules)
    assert [b.check for b in breaches] == [Check.MIN_DRIVE_TIME]
    assert breaches[0].driver == "Bruno"
    assert breaches[0].laps == tuple(range(25, 32))
    assert breaches[0].measured == 7 * 2 * MINUTE + 70_000


def test_maximum_drive_time() -> None:
    rules = ComplianceRules(max_drive_time=50 * MINUTE)
    breaches = check(_session(_race(("Alva", 26), ("Bruno", 5))), rules)
    assert [(b.check, b.driver, b.measured) for b in breaches] == [
        (Check.MAX_DRIVE_TIME, "Alva", 52 * MINUTE)
    ]


def test_maximum_drive_time_within_a_period() -> None:
    """IMSA's reported rule, 4 h in any 6 h, scaled down: 40 min in any 60 min."""
    rules = ComplianceRules(max_drive_in_period=(40 * MINUTE, 60 * MINUTE))
    ok = _race(("Alva", 15), ("Bruno", 15), ("Alva", 15))  # 30 + 30 min, 32 min apart
    assert check(_session(ok), rules) == []
    long = _race(("Alva", 15), ("Bruno", 5), ("Alva", 15))  # 30 + 30 min within 60
    breaches = check(_session(long), rules)
    assert [(b.check, b.driver) for b in breaches] == [(Check.MAX_DRIVE_IN_PERIOD, "Alva")]
    assert breaches[0].measured is not None and breaches[0].measured > 40 * MINUTE


def test_maximum_stint_between_two_stops() -> None:
    rules = ComplianceRules(max_stint=45 * MINUTE)
    breaches = check(_session(_race(("Alva", 24), ("Alva", 10))), rules)
    assert [(b.check, b.laps) for b in breaches] == [(Check.MAX_STINT, (1, 24))]
    assert "stint laps 1-24 lasted 48:00.000" in breaches[0].message


def test_the_season_file_window_replaces_the_ruleset_s() -> None:
    early = PitWindow(5 * MINUTE, 15 * MINUTE, 1, True)
    rules = with_pit_window(dataclasses.replace(GT4, min_drive_time=None), early)
    assert _checks(_session(_race(("Alva", 5), ("Bruno", 26))), rules) == []
    assert _checks(_session(_race(("Alva", 14), ("Bruno", 17))), rules) == [Check.MANDATORY_STOPS]


def test_the_synthetic_gt4_demo_race_keeps_the_gt4_rules() -> None:
    assert check(demo_session(), GT4) == []


def test_every_ruleset_loads_its_compliance_section() -> None:
    assert {name: load_compliance(name).name for name in available_rulesets()}
    assert GT4.pit_window == (25 * MINUTE, 35 * MINUTE) and GT4.mandatory_stops == 1
    assert IMSA.min_drive_time == 5 * MINUTE


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"min_pit_time": "1:0x"}, "min_pit_time = '1:0x' is not a duration"),
        ({"pit_window": "35:00,25:00"}, "ends before it begins"),
        ({"pit_window": "25:00"}, "is not a pair of durations"),
        ({"mandatory_stops": "one"}, "is not a count"),
        ({"max_stnt": "1:00:00"}, "unknown compliance key 'max_stnt'"),
    ],
)
def test_a_bad_value_names_the_ruleset_and_the_key(overrides: dict[str, str], message: str) -> None:
    with pytest.raises(RulesError, match="ruleset 'gt4-europe'") as caught:
        load_compliance("gt4-europe", overrides)
    assert message in str(caught.value)


def test_overrides_replace_the_file_s_values() -> None:
    rules = load_compliance("gt4-europe", {"min_pit_time": "1:12", "pit_window": "20:00,40:00"})
    assert rules.min_pit_time == 72_000 and rules.pit_window == (20 * MINUTE, 40 * MINUTE)


def _imsa_races() -> list[str]:
    root = real_data_dir()
    return sorted(p.relative_to(root).as_posix() for p in root.glob("imsa/*/*/*race-laps.csv"))


@pytest.mark.parametrize("relative", _imsa_races())
def test_silent_on_the_real_imsa_races(real_data: Path, relative: str) -> None:
    session = read_analysis(real_data / relative, SessionKind.RACE, sectors=False)
    assert check(session, IMSA) == []


LIME_ROCK = "imsa/2023/14-lime-rock-park/202307221210-race-laps.csv"


def test_imsa_minimum_drive_time_fires_on_a_late_driver_change(real_data: Path) -> None:
    """Lime Rock 2023: hand the winner's (#23) last two laps to a driver who never drove."""
    session = read_analysis(real_data / LIME_ROCK, SessionKind.RACE, sectors=False)
    winner = [lap for lap in session.laps if lap.car == "23"]
    last_two = {id(lap) for lap in winner[-2:]}
    session.laps = [
        dataclasses.replace(lap, driver="Late Substitute") if id(lap) in last_two else lap
        for lap in session.laps
    ]
    breaches = check(session, IMSA)
    assert [(b.car, b.check, b.driver) for b in breaches] == [
        ("23", Check.MIN_DRIVE_TIME, "Late Substitute")
    ]
    assert breaches[0].laps == (winner[-2].number, winner[-1].number)
    assert breaches[0].measured == (winner[-2].time or 0) + (winner[-1].time or 0)


def test_imsa_drive_time_ignores_a_car_that_retired(real_data: Path) -> None:
    """The same late change on a car that did not take the flag is not a breach."""
    session = read_analysis(real_data / LIME_ROCK, SessionKind.RACE, sectors=False)
    by_car = session.laps_by_car()
    retired = next(
        car for car, laps in by_car.items() if laps and laps[-1].flag is not Flag.CHEQUERED
    )
    last = by_car[retired][-1]
    session.laps = [
        dataclasses.replace(lap, driver="Late Substitute") if lap is last else lap
        for lap in session.laps
    ]
    assert check(session, IMSA) == []


def test_describe_laps_as_runs() -> None:
    from pitboard.rules.compliance import describe_laps

    assert describe_laps((1, 2, 3, 7, 9, 10)) == "1-3, 7, 9-10"
    assert describe_laps(()) == ""


def test_the_proposed_penalty_of_each_breach() -> None:
    from pitboard.model import PenaltyKind
    from pitboard.rules.compliance import Breach, Check, proposed_penalty

    short = proposed_penalty(Breach("7", Check.MIN_PIT_TIME, "stop 50 s", (31,), 50_000, 65_000))
    assert (short.car, short.kind, short.millis) == ("7", PenaltyKind.TIME, 15_000)
    assert short.reason == "min pit time: stop 50 s"
    long = proposed_penalty(Breach("8", Check.MAX_STINT, "long", (1, 40), 3_700_000, 3_600_000))
    assert (long.kind, long.millis) == (PenaltyKind.TIME, 100_000)
    over = proposed_penalty(Breach("8", Check.MAX_DRIVE_TIME, "over", (), 4_000_000, 3_900_000))
    assert over.millis == 100_000
    missing = proposed_penalty(Breach("9", Check.MANDATORY_STOPS, "no stop", (), 0, 1))
    under = proposed_penalty(Breach("9", Check.MIN_DRIVE_TIME, "short", (), 600_000, 1_500_000))
    assert missing.kind is under.kind is PenaltyKind.DISQUALIFICATION
