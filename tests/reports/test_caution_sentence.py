"""The weekend report names the caution periods of the car's race in one sentence (English and
Swedish), from rules.track_status; a race without a caution gets no such sentence.

The hand-made weekends set the flag at the line lap by lap here; the real race's expected
periods and retirements are read from the file with the csv module.
"""

from __future__ import annotations

import csv
import dataclasses
from datetime import date
from pathlib import Path

import pytest
from tests.reports.small_weekend import car_17, weekend

from pitboard.formats.alkamel.analysis import read_analysis
from pitboard.model import Flag, SessionKind
from pitboard.reports.i18n import Language
from pitboard.reports.weekend import Report, weekend_report
from pitboard.reports.weekend_data import CalendarRound, Weekend, WeekendSession

# The leader's laps 5-6 end under FCY, lap 15 under the safety car, lap 18 under a code 60.
FLAGS = {5: Flag.FCY, 6: Flag.FCY, 15: Flag.SAFETY_CAR, 18: Flag.CODE_60}


def _flagged(built: Weekend) -> Weekend:
    """Every car's lap n ends under FLAGS[n] (green otherwise): the whole field sees the flag
    on the same lap, as the cars here run a lap apart by less than a lap."""
    race = built.session("race1")
    assert race is not None
    laps = [
        dataclasses.replace(lap, flag=FLAGS.get(lap.number, Flag.GREEN))
        for lap in race.session.laps
    ]
    session = dataclasses.replace(race.session, laps=laps)
    sessions = tuple(
        dataclasses.replace(s, session=session) if s.key == "race1" else s for s in built.sessions
    )
    return dataclasses.replace(built, sessions=sessions)


def _race(written: Report) -> str:
    return next(p for p in written.parts if p.title == "Race 1").paragraphs[0]


def test_three_cautions_in_english() -> None:
    text = _race(weekend_report(_flagged(weekend(car_17(100_050))), "17", Language("en")))
    assert (
        "The race went under caution 3 times: a full-course yellow on laps 5–6, "
        "a safety car on lap 15, and a code 60 on lap 18." in text
    )
    assert text.count("caution") == 1  # one sentence


def test_three_cautions_in_swedish() -> None:
    text = _race(weekend_report(_flagged(weekend(car_17(100_050))), "17", Language("sv")))
    assert (
        "Loppet neutraliserades 3 gånger: gul flagga över hela banan på varv 5–6, "
        "säkerhetsbil på varv 15 och kod 60 på varv 18." in text
    )


def test_a_car_that_retired_meets_only_the_cautions_before() -> None:
    """Car 17 completes 13 laps: only the FCY on laps 5-6 came while it ran."""
    built = _flagged(weekend(car_17(100_500, count=13)))
    english = _race(weekend_report(built, "17", Language("en")))
    assert "The race went under caution once: a full-course yellow on laps 5–6." in english
    swedish = _race(weekend_report(built, "17", Language("sv")))
    assert "Loppet neutraliserades en gång: gul flagga över hela banan på varv 5–6." in swedish


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_race_without_a_caution_has_no_caution_sentence(lang: str) -> None:
    green = weekend(car_17(100_050))
    for built in (green, _flagged_green(green)):
        text = _race(weekend_report(built, "17", Language(lang)))
        assert "caution" not in text and "neutraliserades" not in text
        assert "flag" not in text.replace("chequered flag", "")  # no flag named but the finish


def _flagged_green(built: Weekend) -> Weekend:
    race = built.session("race1")
    assert race is not None
    laps = [dataclasses.replace(lap, flag=Flag.GREEN) for lap in race.session.laps]
    session = dataclasses.replace(race.session, laps=laps)
    return dataclasses.replace(
        built, sessions=(built.sessions[0], WeekendSession("race1", session))
    )


LIME_ROCK = "imsa/2023/14-lime-rock-park/202307221210-race-laps.csv"


def _lime_rock(real_data: Path) -> Weekend:
    session = read_analysis(real_data / LIME_ROCK, SessionKind.RACE)
    here = CalendarRound(14, "lime-rock", "Lime Rock", "US", date(2023, 7, 22), date(2023, 7, 22))
    return Weekend("imsa-2023", "IMSA WeatherTech", here, (WeekendSession("race1", session),))


def _rows(real_data: Path) -> list[dict[str, str]]:
    with open(real_data / LIME_ROCK, encoding="utf-8-sig", newline="") as handle:
        return [{k.strip(): v for k, v in row.items()} for row in csv.DictReader(handle)]


def _seconds(elapsed: str) -> float:
    parts = [float(part) for part in elapsed.split(":")]
    return sum(part * 60**power for power, part in enumerate(reversed(parts)))


def test_lime_rock_2023_reports_its_full_course_yellows(real_data: Path) -> None:
    """The winner (#23) ran through both FCYs (laps 42-49 and 103-112, see
    tests/rules/test_track_status.py); #94's last crossing came before the first car crossed
    the line under the first FCY, so its report names none; #91 retired between the two."""
    rows = _rows(real_data)
    fcy = sorted(_seconds(r["ELAPSED"]) for r in rows if r["FLAG_AT_FL"] == "FCY")
    last = {
        car: max(_seconds(r["ELAPSED"]) for r in rows if r["NUMBER"] == car) for car in ("91", "94")
    }
    first_of_second = min(t for t in fcy if t > last["91"])
    assert last["94"] < fcy[0] < last["91"] < first_of_second
    built = _lime_rock(real_data)
    texts = {car: _race(weekend_report(built, car, Language("en"))) for car in ("23", "91", "94")}
    assert (
        "The race went under caution twice: a full-course yellow on laps 42–49 and "
        "a full-course yellow on laps 103–112." in texts["23"]
    )
    assert "The race went under caution once: a full-course yellow on laps 42–49." in texts["91"]
    assert "caution" not in texts["94"]
    swedish = _race(weekend_report(built, "23", Language("sv")))
    assert (
        "Loppet neutraliserades två gånger: gul flagga över hela banan på varv 42–49 och "
        "gul flagga över hela banan på varv 103–112." in swedish
    )


def test_no_caution_phrase_is_left_untranslated() -> None:
    from pitboard.reports.story import CAUTION
    from pitboard.rules.track_status import CAUTION as CAUTION_FLAGS

    assert set(CAUTION) == CAUTION_FLAGS  # every caution kind has its words
    swedish = Language("sv")
    for over, on in CAUTION.values():
        for message in (over, on):
            assert swedish.text(message, first=1, last=2) != message.format(first=1, last=2)


def test_a_one_day_event_reads_as_a_date_in_both_languages() -> None:
    """Lime Rock 2023 is a one-day event (found writing its report): `22 juli`, not `juli22`."""
    day = date(2023, 7, 22)
    assert (Language("en").date_range(day, day), Language("sv").date_range(day, day)) == (
        "July 22",
        "22 juli",
    )
