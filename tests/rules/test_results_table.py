"""The presentation model of a result (`rules.results_table`): positions by the ruleset, gaps and
intervals overall and within the class, the time column of a timed session.

Expected values are worked out by hand for small sessions, and for real IMSA sessions from the
official result files (their total times, laps and best laps), never from pitboard's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from golden.races import RACES, official_rows, read_race, stewards_decisions
from golden.test_qualifying import read_session
from pitboard.model import (
    ClassificationRules,
    ClassificationStatus,
    ClassifiedCar,
    Driver,
    Entry,
    Gap,
    Lap,
    Session,
    SessionKind,
)
from pitboard.rules import classify
from pitboard.rules.results_table import ResultTable, results_table, time_text
from pitboard.rules.rulesets import load_ruleset

ENTRIES = {
    e.number: e
    for e in (
        Entry("1", "Silver", "A", "", (Driver("Ann One"),)),
        Entry("2", "Am", "B", "", (Driver("Bo Two"),)),
        Entry("3", "Silver", "C", "", (Driver("Cy Three"),)),
        Entry("4", "Am", "D", "", (Driver("Di Four"),)),
        Entry("5", "Am", "E", "", (Driver("Ed Five"),)),
        Entry("6", "Am", "F", "", (Driver("Flo Six"),)),
    )
}


def _stint(car: str, times: list[int], start: int = 0) -> list[Lap]:
    laps, elapsed = [], start
    for number, time in enumerate(times, start=1):
        elapsed += time
        laps.append(Lap(car, number, time, elapsed, driver=ENTRIES[car].drivers[0].name))
    return laps


def _race() -> Session:
    """Five laps. Overall: #1 (500.0 s), #3 (+2.0), #2 (+7.0), #4 (+10.5), #5 one lap down
    (after the flag), #6 retired after two laps (a DNF: no chequered flag)."""
    laps = (
        _stint("1", [100_000] * 5)
        + _stint("3", [100_400] * 5)
        + _stint("2", [101_400] * 5)
        + _stint("4", [102_100] * 5)
        + _stint("5", [126_000] * 4)
        + _stint("6", [105_000] * 2)
    )
    return Session(SessionKind.RACE, dict(ENTRIES), laps, name="Race")


def _table(session: Session, rules: ClassificationRules) -> ResultTable:
    return results_table(classify(session, rules), rules)


FLAG = ClassificationRules(chequered_flag_required=True, not_classified_positions=False)


def test_class_gaps_are_to_the_class_leader_and_the_car_ahead_in_class() -> None:
    table = _table(_race(), FLAG)
    am = {row.number: row for row in table.by_class("Am")}
    assert [r.number for r in table.ranked("Am")] == ["2", "4", "5"]
    assert (am["2"].class_gap, am["2"].class_interval) == (Gap.reference(), Gap.reference())
    assert (am["4"].class_gap, am["4"].class_interval) == (Gap.time(3_500), Gap.time(3_500))
    assert (am["5"].class_gap, am["5"].class_interval) == (
        Gap.behind_by_laps(1),
        Gap.behind_by_laps(1),
    )
    # Overall, #2 is third: 7 s behind the winner, 5 s behind #3.
    assert (am["2"].gap, am["2"].interval) == (Gap.time(7_000), Gap.time(5_000))


def test_a_not_classified_car_carries_no_position_when_the_ruleset_says_so() -> None:
    table = _table(_race(), FLAG)
    retired = next(row for row in table.rows if row.number == "6")
    assert retired.status is ClassificationStatus.DNF
    assert (retired.position, retired.class_position) == (None, None)
    assert (retired.gap, retired.interval, retired.class_gap, retired.class_interval) == (
        None,
        None,
        None,
        None,
    )
    assert [row.number for row in table.unranked] == ["6"]


def test_a_not_classified_car_keeps_its_positions_by_default() -> None:
    rules = ClassificationRules(chequered_flag_required=True)
    retired = next(row for row in _table(_race(), rules).rows if row.number == "6")
    assert retired.status is ClassificationStatus.DNF
    assert (retired.position, retired.class_position) == (6, 4)
    assert retired.class_gap == Gap.behind_by_laps(3)  # 2 laps against the class winner's 5


def test_gt4_and_wec_rulesets_list_not_classified_cars_unranked() -> None:
    assert not load_ruleset("gt4-europe").not_classified_positions
    assert not load_ruleset("wec").not_classified_positions
    assert load_ruleset("imsa").not_classified_positions


def _qualifying() -> Session:
    """#3 takes pole on its third lap (99.5 s); #1 is 0.3 s slower; in Am #4 (101.0 on lap 2)
    beats #2 (101.2 on lap 4); #5 runs one slow lap; #6 never leaves the garage."""
    laps = (
        _stint("1", [110_000, 99_800, 100_500])
        + _stint("3", [112_000, 100_900, 99_500, 120_000])
        + _stint("2", [115_000, 102_000, 101_900, 101_200])
        + _stint("4", [111_000, 101_000])
        + _stint("5", [140_000])
    )
    return Session(SessionKind.QUALIFYING, dict(ENTRIES), laps, name="Q1")


def test_a_timed_session_shows_the_best_lap_not_the_sum_of_laps() -> None:
    table = _table(_qualifying(), ClassificationRules())
    assert [r.number for r in table.rows[:5]] == ["3", "1", "4", "2", "5"]
    pole, second = table.rows[0], table.rows[1]
    assert time_text(pole, table.race) == "1:39.500"  # not 7:12.400, the laps added up
    assert (pole.car.best_lap_number, pole.laps) == (3, 4)
    assert (second.gap, second.interval) == (Gap.time(300), Gap.time(300))
    am = {row.number: row for row in table.by_class("Am")}
    assert am["4"].class_gap == Gap.reference()
    assert (am["2"].class_gap, am["2"].class_interval) == (Gap.time(200), Gap.time(200))
    assert (am["5"].class_gap, am["5"].class_interval) == (Gap.time(39_000), Gap.time(38_800))
    assert am["6"].class_gap is None  # no time: no gap


# Real sessions: IMSA 2023 at Lime Rock (GTD and GTD Pro share the track).

LIME_ROCK_RACE = "imsa-2023-14-lime-rock-park"
LIME_ROCK_QUALIFYING = "2023/14-lime-rock-park/202307211740-qualifying-laps.csv"


def _expected_class_gaps(official: list[ClassifiedCar], race: bool) -> dict[str, tuple[Gap, Gap]]:
    """Car -> (gap to the class leader, to the car ahead in the class), from the official
    result's order, laps and total times (race) or best laps (qualifying)."""
    found: dict[str, tuple[Gap, Gap]] = {}
    by_class: dict[str, list[ClassifiedCar]] = {}
    for row in official:
        if row.status is not ClassificationStatus.DNS and (race or row.best_lap is not None):
            by_class.setdefault(row.entry.car_class, []).append(row)
    for rows in by_class.values():
        for index, row in enumerate(rows):
            if index == 0:
                found[row.number] = (Gap.reference(), Gap.reference())
                continue
            found[row.number] = (_behind(row, rows[0], race), _behind(row, rows[index - 1], race))
    return found


def _behind(row: ClassifiedCar, ahead: ClassifiedCar, race: bool) -> Gap:
    if race and row.laps != ahead.laps:
        return Gap.behind_by_laps(ahead.laps - row.laps)
    if race:
        assert row.total_time is not None and ahead.total_time is not None
        return Gap.time(row.total_time - ahead.total_time)
    assert row.best_lap is not None and ahead.best_lap is not None
    return Gap.time(row.best_lap - ahead.best_lap)


def test_lime_rock_2023_race_class_gaps_match_the_official_times(real_data: Path) -> None:
    race = RACES[LIME_ROCK_RACE]
    official = official_rows(real_data, race)
    rules = load_ruleset(race.ruleset)
    found = classify(read_race(real_data, race), rules, stewards_decisions(race))
    table = results_table(found, rules)
    expected = _expected_class_gaps(official, race=True)
    assert len(table.classes) >= 2
    ours = {r.number: (r.class_gap, r.class_interval) for r in table.rows if r.number in expected}
    assert ours == expected


def test_lime_rock_2023_qualifying_by_class_matches_the_official_times(real_data: Path) -> None:
    session, official = read_session(real_data, LIME_ROCK_QUALIFYING)
    table = _table(session, load_ruleset("imsa"))
    expected = _expected_class_gaps(official, race=False)
    assert len(table.classes) >= 2
    ours = {r.number: (r.class_gap, r.class_interval) for r in table.rows if r.number in expected}
    assert ours == expected
    by_number = {row.number: row for row in table.rows}
    for row in official:
        mine = by_number[row.number]
        assert (mine.car.best_lap, mine.car.best_lap_number, mine.laps) == (
            row.best_lap,
            row.best_lap_number,
            row.laps,
        ), row.number


@pytest.mark.parametrize("rules", [FLAG, ClassificationRules()])
def test_every_car_is_in_the_table_once_in_the_published_order(
    rules: ClassificationRules,
) -> None:
    found = classify(_race(), rules)
    table = results_table(found, rules)
    assert [r.number for r in table.rows] == [r.number for r in found.rows]
    ranked = [r.number for c in table.classes for r in table.ranked(c)]
    assert sorted(ranked + [r.number for r in table.unranked]) == sorted(ENTRIES)
