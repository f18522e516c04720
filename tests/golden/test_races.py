"""Golden tests for races: classify every real race from its lap file, compare with the official.

Sessions: every IMSA 2021/2023 race with a lap file (the Roar's qualifying race too), the 14 GR
Cup 2025 races, Le Mans 2023 and 2024. Compared: position, class position, laps, total time,
gaps, best lap and its number (IMSA, GR Cup: a retired car is "Classified" there, so no
status); position, class position, laps, total time and status at Le Mans (results_in.csv).

A session is classified with the stewards' decisions behind its official result
(tests/golden/penalties/<session>.toml): the lap file never carries them. Each file's first line
says its evidence: `documented` (a published decision, cited: Le Mans 2023) or `inferred` (no
decision was published with the data; each penalty is reconstructed from the official times,
laps and order, so those tests show that a penalty of that size explains the official result,
not that the stewards gave it). Each file has a test named after the incident showing the
mismatch without it and the match with it. Known data
defects have their own tests too, and the session test requires exactly those rows to differ.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from golden.compare import Comparison, match_table
from golden.defects import pair_official_rows, reused_numbers, split_reused_number
from golden.races import (
    PENALTIES,
    RACES,
    Race,
    compare_race,
    compare_rows,
    official_rows,
    read_race,
    stewards_decisions,
)
from pitboard.formats.penalties import read_penalties
from pitboard.model import ClassifiedCar, SessionKind
from pitboard.rules import classify
from pitboard.rules.rulesets import load_ruleset

TABLE_FILE = Path("/tmp/pitboard-race-match-table.txt")

# GR Cup anonymised files: two different cars both numbered 3 (see defects.py).
TWO_CARS_NUMBERED_3 = ("grcup-cota-r1", "grcup-cota-r2", "grcup-sonoma-r1", "grcup-sonoma-r2")

# results_in.csv, Le Mans 2023: the Time column of P9..P16 is shifted one row (each row carries
# the time of the car one place below, P9 that of P16). The official PDF and the lap file agree.
LEMANS_2023_SHIFTED_TIMES = ("34", "41", "30", "36", "31", "48", "10", "5")
DATA_DEFECTS: dict[str, set[str]] = {"lemans-2023": set(LEMANS_2023_SHIFTED_TIMES)}


def differing_cars(result: Comparison) -> set[str]:
    return {line.split(":", 1)[0].removeprefix("#") for line in result.differences}


def classify_session(root: Path, race: Race, with_decisions: bool = True) -> Comparison:
    """Our classification against the official one; the GR Cup #3 defect repaired."""
    penalties = stewards_decisions(race) if with_decisions else []
    if race.name not in TWO_CARS_NUMBERED_3:
        return compare_race(root, race, penalties)
    session = split_reused_number(read_race(root, race), "3")
    ours = classify(session, load_ruleset(race.ruleset), penalties).rows
    official = pair_official_rows(ours, official_rows(root, race), "3")
    return compare_rows(race.name, ours, official, race)


@pytest.mark.parametrize("name", sorted(RACES))
def test_race_matches_official(real_data: Path, name: str) -> None:
    result = classify_session(real_data, RACES[name])
    assert result.rows > 0
    assert differing_cars(result) == DATA_DEFECTS.get(name, set()), "\n".join(result.differences)


def test_print_race_match_table(real_data: Path) -> None:
    """The whole table: as published (no decisions), then with the stewards' decisions."""
    races = [RACES[name] for name in sorted(RACES)]
    raw = [compare_race(real_data, race, name=race.name) for race in races]
    final = [classify_session(real_data, race) for race in races]
    text = (
        "RACES, lap file only (no stewards' decisions, no data repair)\n"
        + match_table(raw)
        + "\n\nRACES, with the stewards' decisions of tests/golden/penalties\n"
        + match_table(final)
    )
    print(text)
    TABLE_FILE.write_text(text + "\n", encoding="utf-8")
    assert sum(r.rows for r in final) == sum(r.rows for r in raw)


# --- incidents: post-race penalties the official results show --------------------------------

EVIDENCE = ("# evidence: documented", "# evidence: inferred")


def test_each_penalties_file_says_whether_its_decisions_are_documented_or_inferred() -> None:
    files = sorted(PENALTIES.glob("*.toml"))
    assert len(files) >= 15
    for path in files:
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith(EVIDENCE), f"{path.name}: first line must state the evidence"
        if first.startswith(EVIDENCE[0]):
            reasons = [p.reason for p in read_penalties(path)]
            assert all("decision" in r.lower() and ".pdf" in r for r in reasons), path.name


def assert_decisions_explain(root: Path, name: str, cars: set[str]) -> None:
    """Without the decisions `cars` differ from the official result; with them all match."""
    race = RACES[name]
    without = classify_session(root, race, with_decisions=False)
    assert cars <= differing_cars(without), "\n".join(without.differences)
    penalised = {penalty.car for penalty in stewards_decisions(race)}
    assert cars <= penalised
    with_them = classify_session(root, race)
    assert differing_cars(with_them) == DATA_DEFECTS.get(name, set())


def test_watkins_glen_2021_6h_car_48_35_second_penalty(real_data: Path) -> None:
    # #48 crossed the line 4th overall; official P5 (total time +35 s), behind #31.
    assert_decisions_explain(real_data, "imsa-2021-12-6h---watkins-glen-international", {"48"})


def test_road_atlanta_2021_car_52_37_second_penalty(real_data: Path) -> None:
    assert_decisions_explain(real_data, "imsa-2021-22-road-atlanta", {"52"})


def test_ctmp_2023_cars_24_and_96_28_second_penalties(real_data: Path) -> None:
    assert_decisions_explain(real_data, "imsa-2023-13-canadian-tire-motorsport-park", {"24", "96"})


def test_lime_rock_2023_car_91_28_second_penalty(real_data: Path) -> None:
    assert_decisions_explain(real_data, "imsa-2023-14-lime-rock-park", {"91"})


def test_indianapolis_r1_car_22_five_second_penalty(real_data: Path) -> None:
    # #22 crossed the line first; classified P8 after +5 s. #8 and #72: +68 s each.
    name = "grcup-indianapolis-r1"
    assert_decisions_explain(real_data, name, {"22", "8", "72"})
    rows = _our_rows(real_data, name)
    assert rows["22"].position == 8 and rows["55"].position == 1


def test_indianapolis_r2_car_22_five_and_cars_03_5_68_second_penalties(real_data: Path) -> None:
    assert_decisions_explain(real_data, "grcup-indianapolis-r2", {"22", "03", "5"})


def test_cota_r1_time_penalties_and_car_47_lap_7_deleted(real_data: Path) -> None:
    # #47, #14 +3 s; #113 +13 s; #89, #51 +41 s; #47's lap 7 (2:29.690) does not count.
    assert_decisions_explain(real_data, "grcup-cota-r1", {"47", "14", "113", "89", "51"})
    assert _our_rows(real_data, "grcup-cota-r1")["47"].best_lap_number == 10


def test_cota_r2_car_72_three_second_and_car_2_41_second_penalties(real_data: Path) -> None:
    assert_decisions_explain(real_data, "grcup-cota-r2", {"72", "2"})


def test_sonoma_r2_car_71_100_second_and_car_5_50_second_penalties(real_data: Path) -> None:
    assert_decisions_explain(real_data, "grcup-sonoma-r2", {"71", "5"})


def test_road_america_r2_cars_72_and_47_dropped_to_the_back(real_data: Path) -> None:
    # Plus #31 and #5: +52 s each. #72 and #47 crossed 2nd and 3rd, classified P26 and P27.
    name = "grcup-road-america-r2"
    assert_decisions_explain(real_data, name, {"72", "47", "31", "5"})
    rows = _our_rows(real_data, name)
    assert (rows["72"].position, rows["47"].position) == (26, 27)
    assert str(rows["72"].gap_previous) == "+2.135"  # the gap on the road stays


def test_sebring_r1_car_41_344_second_penalty(real_data: Path) -> None:
    assert_decisions_explain(real_data, "grcup-sebring-r1", {"41"})


def test_sebring_r2_cars_5_and_47_44_second_penalties(real_data: Path) -> None:
    assert_decisions_explain(real_data, "grcup-sebring-r2", {"5", "47"})


def test_vir_r1_30_second_penalties(real_data: Path) -> None:
    assert_decisions_explain(real_data, "grcup-vir-r1", {"113", "51", "98", "89"})


def test_vir_r2_car_2_five_and_cars_7_80_30_second_penalties(real_data: Path) -> None:
    assert_decisions_explain(real_data, "grcup-vir-r2", {"2", "7", "80"})


def test_le_mans_2023_car_5_four_lap_penalty(real_data: Path) -> None:
    # Stewards' decision nr. 159 (official PDF, page 2): 329 laps driven, 325 counted.
    name = "lemans-2023"
    assert_decisions_explain(real_data, name, {"5"})
    car_5 = _our_rows(real_data, name)["5"]
    assert (car_5.position, car_5.laps) == (16, 325)


# --- data defects -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TWO_CARS_NUMBERED_3)
def test_grcup_anonymised_files_two_cars_numbered_3(real_data: Path, name: str) -> None:
    race = RACES[name]
    session = read_race(real_data, race)
    assert reused_numbers(session) == {"3"}  # lap numbers 1, 2, ... twice under #3
    official = official_rows(real_data, race)
    assert [row.number for row in official].count("3") == 2
    merged = compare_race(real_data, race, stewards_decisions(race))
    assert "3" in differing_cars(merged)  # one car "3" cannot match two rows
    repaired = classify_session(real_data, race)
    assert repaired.ok, "\n".join(repaired.differences)


def test_le_mans_2023_results_in_times_shifted_p9_to_p16(real_data: Path) -> None:
    # results_in.csv gives P9 #34 24:05:15.061, which is #5's time (P16); P10 #41 gets #34's
    # 24:00:50.903, ... P16 #5 gets #10's 24:03:06.939. The official PDF
    # (2023-final_classification.pdf, page 1) prints each time against the car the lap file
    # gives it: #34 24:00:50.903, #41 24:01:11.918, ... #5 24:05:15.061.
    race = RACES["lemans-2023"]
    official = {row.number: row for row in official_rows(real_data, race)}
    ours = _our_rows(real_data, "lemans-2023")
    shifted = LEMANS_2023_SHIFTED_TIMES
    for car, car_above in zip(shifted[1:], shifted, strict=False):
        assert official[car].total_time == ours[car_above].total_time
    assert official[shifted[0]].total_time == ours[shifted[-1]].total_time
    result = classify_session(real_data, race)
    assert differing_cars(result) == set(shifted)
    assert all("total_time" in d and d.count("=") == 2 for d in result.differences)


def _our_rows(root: Path, name: str) -> dict[str, ClassifiedCar]:
    race = RACES[name]
    session = read_race(root, race)
    assert session.kind is SessionKind.RACE
    rows = classify(session, load_ruleset(race.ruleset), stewards_decisions(race)).rows
    return {row.number: row for row in rows}
