"""Race classification on hand-made laps: order, statuses, penalties, gaps, stints and stops."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from pitboard.model import (
    Classification,
    ClassificationRules,
    ClassificationStatus,
    ClassifiedCar,
    Entry,
    Lap,
    Penalty,
    PenaltyKind,
    PositionDropScope,
    Session,
    SessionKind,
)
from pitboard.rules import classify
from pitboard.rules.race import extend_race_row, race_row, rank_race
from pitboard.rules.rulesets import load_ruleset

Status = ClassificationStatus
LAP = 100_000  # a 1:40.000 lap


def drive(
    car: str,
    times: list[int],
    in_pit: frozenset[int] = frozenset(),
    pit_time: int = 60_000,
    drivers: tuple[str, str] = ("A", "B"),
) -> list[Lap]:
    """Laps of one car from the start: an in-lap in `in_pit` puts `pit_time` and the next
    driver on the following lap."""
    laps, elapsed, driver = [], 0, 0
    for number, time in enumerate(times, start=1):
        elapsed += time
        out_lap = number - 1 in in_pit
        driver = (driver + 1) % 2 if out_lap else driver
        laps.append(
            Lap(
                car,
                number,
                time,
                elapsed,
                in_pit=number in in_pit,
                pit_time=pit_time if out_lap else None,
                driver=drivers[driver],
            )
        )
    return laps


def race(
    cars: dict[str, list[Lap]],
    rules: ClassificationRules | None = None,
    penalties: list[Penalty] | None = None,
    classes: dict[str, str] | None = None,
) -> Classification:
    classes = classes or {}
    entries = {n: Entry(n, classes.get(n, "GT4")) for n in cars}
    laps = [lap for car_laps in cars.values() for lap in car_laps]
    session = Session(SessionKind.RACE, entries, laps)
    return classify(session, rules or ClassificationRules(), penalties or [])


def order(result: Classification) -> list[str]:
    return [row.number for row in result.rows]


def status(result: Classification, number: str) -> Status:
    return next(row.status for row in result.rows if row.number == number)


def test_most_laps_first_then_the_earliest_last_crossing() -> None:
    result = race(
        {
            "1": drive("1", [LAP + 500] * 10),
            "2": drive("2", [LAP] * 10),
            "3": drive("3", [LAP - 900] * 9 + [LAP * 3]),  # 10 laps, latest crossing
            "4": drive("4", [LAP + 12_000] * 9),  # one lap down
        }
    )
    assert order(result) == ["2", "1", "3", "4"]
    assert [row.position for row in result.rows] == [1, 2, 3, 4]


def test_a_car_whose_last_crossing_is_before_the_winners_finish_is_dnf() -> None:
    result = race({"1": drive("1", [LAP] * 10), "2": drive("2", [LAP] * 6)})
    assert status(result, "2") is Status.DNF
    assert status(result, "1") is Status.CLASSIFIED
    assert order(result) == ["1", "2"]


def test_a_lapped_car_that_takes_the_flag_is_classified() -> None:
    result = race({"1": drive("1", [LAP] * 10), "2": drive("2", [LAP + 12_000] * 9)})
    assert status(result, "2") is Status.CLASSIFIED


def test_wec_not_classified_below_seventy_percent_of_the_winners_laps() -> None:
    wec = load_ruleset("wec")
    assert wec.minimum_distance == Fraction(7, 10)
    winner = drive("1", [LAP] * 10)
    seven = drive("7", [LAP * 10 // 7 + 1] * 7)  # takes the flag with 7 laps: 70%
    six = drive("6", [LAP * 10 // 6 + 1] * 6)  # takes the flag with 6 laps: 60%
    result = race({"1": winner, "7": seven, "6": six}, wec)
    assert status(result, "7") is Status.CLASSIFIED
    assert status(result, "6") is Status.NOT_CLASSIFIED
    assert order(result) == ["1", "7", "6"]


def test_wec_retired_cars_follow_the_not_classified() -> None:
    result = race(
        {"1": drive("1", [LAP] * 10), "2": drive("2", [LAP] * 9), "3": drive("3", [LAP * 5] * 3)},
        load_ruleset("wec"),
    )
    assert [(r.number, r.status) for r in result.rows] == [
        ("1", Status.CLASSIFIED),
        ("3", Status.NOT_CLASSIFIED),
        ("2", Status.DNF),
    ]


def test_a_car_without_laps_did_not_start_and_is_last() -> None:
    result = race({"9": [], "1": drive("1", [LAP] * 3), "2": drive("2", [LAP] * 1)})
    assert order(result) == ["1", "2", "9"]
    dns = result.rows[-1]
    assert dns.status is Status.DNS and dns.laps == 0 and dns.total_time is None


def test_time_penalty_reorders() -> None:
    cars = {"1": drive("1", [LAP] * 10), "2": drive("2", [LAP + 300] * 10)}  # 3 s behind
    result = race(cars, penalties=[Penalty("1", PenaltyKind.TIME, millis=5_000)])
    assert order(result) == ["2", "1"]
    second = result.rows[1]
    assert second.total_time == 10 * LAP + 5_000 and second.penalty_time == 5_000
    assert str(second.gap_first) == "+2.000"


def test_laps_deducted() -> None:
    cars = {"1": drive("1", [LAP] * 10), "2": drive("2", [LAP + 300] * 10)}
    result = race(cars, penalties=[Penalty("1", PenaltyKind.LAPS, laps=1)])
    assert order(result) == ["2", "1"]
    assert result.rows[1].laps == 9 and str(result.rows[1].gap_first) == "1 Lap"


def _four_cars() -> dict[str, list[Lap]]:
    return {n: drive(n, [LAP + 100 * i] * 10) for i, n in enumerate(["1", "2", "3", "4"])}


CLASSES = {"1": "Am", "2": "Pro", "3": "Pro", "4": "Am"}


def test_positions_dropped_overall() -> None:
    rules = ClassificationRules(position_drop_scope=PositionDropScope.OVERALL)
    penalty = Penalty("1", PenaltyKind.POSITIONS, positions=2)
    result = race(_four_cars(), rules, [penalty], CLASSES)
    assert order(result) == ["2", "3", "1", "4"]


def test_positions_dropped_in_the_class() -> None:
    rules = ClassificationRules(position_drop_scope=PositionDropScope.CLASS)
    penalty = Penalty("1", PenaltyKind.POSITIONS, positions=1)
    result = race(_four_cars(), rules, [penalty], CLASSES)
    assert order(result) == ["2", "3", "4", "1"]  # behind the next Am car, #4
    assert [(r.number, r.class_position) for r in result.rows if r.entry.car_class == "Am"] == [
        ("4", 1),
        ("1", 2),
    ]


def test_to_the_back_goes_behind_every_classified_car_in_road_order() -> None:
    # GR Cup 2025 Road America R2: #72 and #47 crossed 2nd and 3rd, classified last two.
    cars = _four_cars() | {"5": drive("5", [LAP] * 4)}  # #5 retired: stays behind
    back = [Penalty("2", PenaltyKind.TO_THE_BACK), Penalty("1", PenaltyKind.TO_THE_BACK)]
    result = race(cars, ClassificationRules(chequered_flag_required=True), back)
    assert order(result) == ["3", "4", "1", "2", "5"]
    assert status(result, "5") is Status.DNF
    assert str(result.rows[3].gap_first) == "+1.000"  # #2: the gap on the road stays


def test_disqualified_car_goes_behind_the_retired_ones() -> None:
    cars = {"1": drive("1", [LAP] * 10), "2": drive("2", [LAP] * 10), "3": drive("3", [LAP] * 4)}
    cars["9"] = []
    result = race(cars, penalties=[Penalty("1", PenaltyKind.DISQUALIFICATION)])
    assert [(r.number, r.status) for r in result.rows] == [
        ("2", Status.CLASSIFIED),
        ("3", Status.DNF),
        ("1", Status.DSQ),
        ("9", Status.DNS),
    ]


def test_gap_texts_in_the_official_style() -> None:
    result = race(
        {
            "1": drive("1", [LAP] * 30),
            "2": drive("2", [LAP] * 29 + [LAP + 4_635]),
            "3": drive("3", [LAP + 3_400] * 29),
            "4": drive("4", [LAP * 6] * 5),
        },
        ClassificationRules(chequered_flag_required=False),
    )
    assert [str(r.gap_first) for r in result.rows] == ["-", "+4.635", "1 Lap", "25 Laps"]
    assert [str(r.gap_previous) for r in result.rows] == ["-", "+4.635", "1 Lap", "24 Laps"]


def test_pit_stop_is_the_in_lap_with_the_pit_time_of_the_out_lap() -> None:
    laps = drive("7", [LAP] * 4 + [LAP + 70_000] + [LAP] * 5, in_pit=frozenset({4}))
    assert laps[3].in_pit and laps[4].pit_time == 60_000 and laps[3].pit_time is None
    row = race({"7": laps}).rows[0]
    assert [(s.lap, s.time) for s in row.pit_stops] == [(4, 60_000)]
    assert [(s.driver, s.first_lap, s.last_lap) for s in row.stints] == [("A", 1, 4), ("B", 5, 10)]
    assert row.pit_time == 60_000
    assert sum(s.time for s in row.stints) == row.total_time


def test_a_car_that_pits_and_never_rejoins_has_no_stop() -> None:
    laps = drive("7", [LAP] * 5, in_pit=frozenset({5}))
    assert race({"7": laps}).rows[0].pit_stops == []


@st.composite
def fields(draw: st.DrawFn) -> dict[str, list[int]]:
    numbers = draw(st.lists(st.sampled_from(["1", "01", "7", "21", "021", "99"]), unique=True))
    lap_time = st.integers(min_value=60_000, max_value=200_000)
    return {n: draw(st.lists(lap_time, max_size=12)) for n in numbers}


@given(fields())
def test_classification_is_a_permutation_of_the_entries(cars: dict[str, list[int]]) -> None:
    result = race({n: drive(n, times) for n, times in cars.items()})
    assert sorted(order(result)) == sorted(cars)
    assert [r.position for r in result.rows] == list(range(1, len(cars) + 1))


@given(fields(), st.data())
def test_adding_a_lap_never_lowers_a_cars_laps(
    cars: dict[str, list[int]], data: st.DataObject
) -> None:
    if not cars:
        return
    number = data.draw(st.sampled_from(sorted(cars)))
    before = race({n: drive(n, times) for n, times in cars.items()})
    longer = {**cars, number: [*cars[number], 100_000]}
    after = race({n: drive(n, times) for n, times in longer.items()})
    laps_before = {r.number: r.laps for r in before.rows}
    laps_after = {r.number: r.laps for r in after.rows}
    assert all(laps_after[n] >= laps_before[n] for n in cars)
    assert laps_after[number] == laps_before[number] + 1


@given(
    st.lists(
        st.tuples(st.sampled_from(["A", "B"]), st.booleans(), st.integers(50_000, 200_000)),
        min_size=1,
        max_size=30,
    ),
    st.data(),
)
def test_a_row_extended_lap_by_lap_equals_the_row_made_from_all_laps(
    spec: list[tuple[str, bool, int]], data: st.DataObject
) -> None:
    """`extend_race_row` (stints, stops and best lap carried on from the laps counted before)
    equals `race_row` over all the laps, for stints that end in the pit or at a driver change."""
    entry = Entry("7", "GT3", "Team")
    laps, elapsed = [], 0
    for number, (driver, in_pit, time) in enumerate(spec, start=1):
        elapsed += time
        laps.append(Lap("7", number, time, elapsed, in_pit=in_pit, driver=driver, pit_time=time))
    counted = data.draw(st.integers(1, len(laps)))
    row = race_row(entry, laps[:counted], [])
    while counted < len(laps):
        end = min(len(laps), counted + data.draw(st.integers(1, 3)))
        row, counted = extend_race_row(row, laps[:end], counted, []), end
        assert row == race_row(entry, laps[:end], [])
    assert row.stints == race_row(entry, laps, []).stints


def test_ranking_again_changes_no_row_of_the_ranking_before() -> None:
    """The live session ranks the rows of its ranking before (and those of the cars that
    crossed since, extended): `rank_race` returns each such row itself or a copy, never changes
    it (towers hold it), and ranks them as it ranks rows made afresh."""
    entries = [Entry(number, "GT3", "Team") for number in ("1", "2", "3", "4")]
    laps = {
        "1": drive("1", [LAP] * 5),
        "2": drive("2", [LAP - 2_000] * 5),
        "3": drive("3", [LAP + 3_000] * 5),
        "4": [],
    }
    rules = load_ruleset("wec")  # a flag and a minimum distance: statuses change as cars cross

    def fresh(counts: dict[str, int]) -> list[ClassifiedCar]:
        so_far = {number: laps[number][: counts[number]] for number in laps}
        rows = [race_row(entry, so_far[entry.number], []) for entry in entries]
        return rank_race(rows, so_far, rules, {})

    before_counts = {"1": 3, "2": 2, "3": 3, "4": 0}
    before = fresh(before_counts)
    held = [repr(row) for row in before]
    kept = {row.number: row for row in before}
    counts = {"1": 3, "2": 4, "3": 5, "4": 0}
    rows = [
        kept[entry.number]
        if counts[entry.number] == before_counts[entry.number]
        else extend_race_row(
            kept[entry.number],
            laps[entry.number][: counts[entry.number]],
            before_counts[entry.number],
            [],
        )
        for entry in entries
    ]
    so_far = {number: laps[number][: counts[number]] for number in laps}
    after = rank_race(rows, so_far, rules, {})
    assert [repr(row) for row in before] == held
    assert after == fresh(counts)
    assert [row.status for row in before] != [row.status for row in after]
