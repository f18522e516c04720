"""ACC server result JSON: the real files of ../shared/data/real/acc, bad input, and fuzzing.

Expected values come from the files themselves and from the simresults test suite that ships
them (mauserrifle/simresults, tests for its ACC reader): #82 Andrea Mel, Mercedes-AMG GT3, 23 laps,
first lap 354.586 with splits 281.629 / 27.762 / 45.195; "Kevin" sixth in the race to fix; lap 1
of the swapped car driven by "Second Driver".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pitboard.formats.acc import decode_acc, parse_acc, read_acc
from pitboard.model import ClassificationStatus, FormatError, PenaltyKind, SessionKind
from pitboard.rules.classify import classify

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _acc(real_data: Path, name: str) -> Path:
    return real_data / "acc" / name


def test_race_file_is_read_from_utf16(real_data: Path) -> None:
    path = _acc(real_data, "191003_235558_R.json")
    assert path.read_bytes()[1] == 0  # UTF-16 LE without a BOM
    result = read_acc(path)
    assert result.session.kind is SessionKind.RACE
    assert result.track == "brands_hatch"
    car = result.session.entries["82"]
    assert car.vehicle == "Mercedes-AMG GT3" and car.car_class == "GT3"
    assert car.driver_names == ["Andrea Mel"]
    laps = result.session.laps_by_car()["82"]
    assert len(laps) == 23
    assert (laps[0].time, laps[0].sectors) == (354586, (281629, 27762, 45195))
    assert laps[1].time == 336123
    assert laps[-1].elapsed == 2329129  # timing.totalTime of the car


def test_cup_category_and_gt4_model_make_the_class(real_data: Path) -> None:
    race = read_acc(_acc(real_data, "191003_235558_R.json")).session
    gt4 = read_acc(_acc(real_data, "race.modified.with.gt4.json")).session
    assert sorted(race.classes) == ["GT3", "GT3 Pro-Am"]
    assert sorted(gt4.classes) == ["GT3", "GT3 Pro-Am", "GT4"]
    gt4_car = next(e for e in gt4.entries.values() if e.car_class == "GT4")
    assert gt4_car.vehicle == "Alpine A110 GT4"


def test_driver_swap_gives_each_lap_its_driver(real_data: Path) -> None:
    session = read_acc(_acc(real_data, "race.modified.with.swaps.json")).session
    car = next(e for e in session.entries.values() if len(e.drivers) == 2)
    laps = session.laps_by_car()[car.number]
    assert (laps[0].driver, laps[0].driver_number) == ("Second Driver", 2)
    assert (laps[1].driver, laps[1].driver_number) == ("Andrea Mel", 1)


def test_practice_and_qualifying_kinds_and_invalid_laps(real_data: Path) -> None:
    practice = read_acc(_acc(real_data, "191003_224358_FP.json"))
    assert practice.session.kind is SessionKind.PRACTICE
    assert read_acc(_acc(real_data, "191003_225901_Q.json")).session.kind is SessionKind.QUALIFYING
    # simresults: the first car's laps 1, 3, 4, 7, 11, 13, 14, 15 have no time: invalid in the
    # file, or deleted by a RemoveBestLaptime penalty (laps 3 and 13)
    first = next(iter(practice.session.entries))
    laps = practice.session.laps_by_car()[first]
    invalid = {lap.number for lap in laps if not lap.valid}
    deleted = {p.lap or 0 for p in practice.penalties if p.car == first}
    assert (sorted(invalid), sorted(deleted)) == ([1, 4, 7, 11, 14, 15], [3, 13])
    assert [p.kind for p in practice.penalties] == [PenaltyKind.DELETE_LAP] * 4


def test_race_to_fix_positions_penalties(real_data: Path) -> None:
    result = read_acc(_acc(real_data, "race.to.fix.positions.json"))
    assert (len(result.session.entries), len(result.session.laps)) == (40, 820)
    (post_race,) = result.penalties
    assert (post_race.car, post_race.kind, post_race.millis) == ("20", PenaltyKind.TIME, 80_000)
    (drive_through,) = result.served
    assert drive_through.car == "20" and "DriveThrough" in drive_through.reason


def test_race_classification_matches_the_servers_order(real_data: Path) -> None:
    """Same order as leaderBoardLines for the 35 cars that drove; the 80 s post-race penalty
    moves #20 from 8th to 14th. The five cars without a lap are listed by the server in its own
    order; we list non-starters by car number."""
    result = read_acc(_acc(real_data, "race.to.fix.positions.json"))
    ours = classify(result.session, penalties=result.penalties).rows
    assert [r.number for r in ours[:35]] == list(result.order[:35])
    assert ours[5].entry.driver_names == ["Kevin"]
    assert {r.number for r in ours[35:]} == set(result.order[35:])
    assert all(r.status is ClassificationStatus.DNS for r in ours[35:])
    without = [r.number for r in classify(result.session).rows]
    assert without.index("20") == 7 and [r.number for r in ours].index("20") == 13


def _minimal(**changes: Any) -> dict[str, Any]:
    car = {
        "carId": 1,
        "raceNumber": 7,
        "carModel": 50,
        "cupCategory": 0,
        "teamName": "T",
        "drivers": [{"firstName": "Ann", "lastName": "Lee", "shortName": "LEE"}],
    }
    data: dict[str, Any] = {
        "sessionType": "R",
        "trackName": "misano",
        "sessionResult": {"leaderBoardLines": [{"car": car, "timing": {"totalTime": 200000}}]},
        "laps": [
            {
                "carId": 1,
                "driverIndex": 0,
                "laptime": 100000,
                "isValidForBest": True,
                "splits": [30000, 40000, 30000],
            }
        ]
        * 2,
        "penalties": [],
    }
    data.update(changes)
    return data


def _bytes(data: object, encoding: str = "utf-16-le") -> bytes:
    return json.dumps(data).encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16", "utf-8", "utf-8-sig", "utf-16-be"])
def test_encodings(encoding: str) -> None:
    result = parse_acc(_bytes(_minimal(), encoding))
    assert result.session.entries["7"].car_class == "GT4"
    assert [lap.elapsed for lap in result.session.laps] == [100000, 200000]


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (_minimal(laps=[{"carId": 9, "laptime": 1}]), "laps[0].carId"),
        (_minimal(laps=[{"carId": 1, "laptime": "1:40"}]), "laps[0].laptime"),
        (_minimal(laps=[{"carId": 1, "driverIndex": 3, "laptime": 1}]), "laps[0].driverIndex"),
        (_minimal(sessionType="X"), "sessionType"),
        (_minimal(penalties=[{"carId": 1, "penalty": "Jail"}]), "penalties[0].penalty"),
        ({"sessionType": "R"}, "sessionResult"),
    ],
)
def test_bad_input_names_the_json_path(data: object, where: str) -> None:
    with pytest.raises(FormatError) as raised:
        parse_acc(_bytes(data), "R.json")
    assert str(raised.value).startswith(f"R.json: {where}:")


def test_bad_bytes_name_the_file() -> None:
    with pytest.raises(FormatError, match=r"^x\.json:2: bad JSON: Expecting property name"):
        parse_acc(b"{\n  oops", "x.json")
    with pytest.raises(FormatError, match="not UTF-16 or UTF-8"):
        decode_acc(b"\xff\xfe\x00\xd8", "x.json")


def _check(raw: bytes) -> None:
    try:
        parse_acc(raw, "fuzz.json")
    except FormatError as error:
        assert "\n" not in str(error)


@FUZZ
@given(st.binary(max_size=400))
def test_fuzz_any_bytes(raw: bytes) -> None:
    _check(raw)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
PLACES = st.sampled_from(
    ["sessionType", "trackName", "sessionResult", "laps", "penalties", "post_race_penalties"]
)


@FUZZ
@given(PLACES, JSON, st.sampled_from(["utf-16-le", "utf-8"]))
def test_fuzz_any_value_in_any_place(place: str, value: object, encoding: str) -> None:
    _check(json.dumps(_minimal(**{place: value})).encode(encoding))


@FUZZ
@given(st.sampled_from(["raceNumber", "carModel", "cupCategory", "drivers", "carId"]), JSON)
def test_fuzz_any_car_field(field: str, value: object) -> None:
    data = _minimal()
    data["sessionResult"]["leaderBoardLines"][0]["car"][field] = value
    _check(_bytes(data))
