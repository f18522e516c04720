"""The report reads right for a win, a class podium, a retirement and a non-start (tiny
hand-made weekends: three Silver rivals, car 17 decided by its lap time)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.reports.small_weekend import car_17, weekend

from pitboard.model import FormatError
from pitboard.reports.i18n import Language
from pitboard.reports.press_kit import Quote, read_quotes
from pitboard.reports.weekend import Report, weekend_report


def report(laps: list, lang: str = "en", q1_time: int = 90_500) -> Report:  # type: ignore[type-arg]
    return weekend_report(weekend(laps, q1_time), "17", Language(lang))


def race_text(written: Report) -> str:
    return next(p for p in written.parts if p.title in ("Race 1",)).paragraphs[0]


def test_win() -> None:
    written = report(car_17(99_000), q1_time=89_000)
    assert written.results[-1] == "Race 1: 1st place"
    assert "win" in written.headline.lower() or "victory" in written.headline.lower()
    assert "win the Silver class" in race_text(written)


def test_class_podium_from_the_back_of_the_grid() -> None:
    written = report(car_17(100_050))
    assert written.results == ["Qualifying 1 (Q1): 4th place", "Race 1: 2nd place"]
    assert "podium" in written.headline.lower()
    assert "from 4th" in race_text(written) or "from 4th place" in race_text(written)
    assert "2nd in class, on the podium" in race_text(written)


def test_dnf_names_the_lap() -> None:
    written = report(car_17(100_500, count=13))
    assert written.results[-1] == "Race 1: DNF (Retired)"
    assert "retire the car on lap 14" in race_text(written)
    assert "finish" in written.headline.lower() or "early end" in written.headline.lower()


def test_dns() -> None:
    written = report([])
    assert written.results[-1] == "Race 1: DNS (Did not start)"
    assert race_text(written) == "The car did not take the start of Race 1."


def test_swedish_dnf() -> None:
    written = report(car_17(100_500, count=13), lang="sv")
    assert written.results[-1] == "Race 1: DNF (Bröt)"
    assert "fick bryta på varv 14" in race_text(written).replace("Race 1", "")


def test_next_round_weeks_and_swedish_dates() -> None:
    written = report(car_17(100_500), lang="sv")
    next_round = written.parts[-1].paragraphs[0]
    assert "om 3 veckor" in next_round and "5–7 juli" in next_round


def test_a_quote_that_takes_a_gain_for_granted_is_not_printed_after_a_loss() -> None:
    upbeat = Quote("Ann", "race1", {"en": "I could pick off a few cars."}, when="gained")
    sorry = Quote("Ann", "race1", {"en": "We lost out today."}, when="lost")
    plain = Quote("Ann", "race1", {"en": "Hot out there."})
    quotes = [upbeat, sorry, plain]
    lost = weekend_report(weekend(car_17(100_050), 89_000), "17", Language("en"), quotes)
    race = next(p for p in lost.parts if p.title == "Race 1")
    assert lost.facts.races["race1"].places_gained == -1  # from pole to 2nd
    assert race.quotes == ["Ann: “We lost out today.”", "Ann: “Hot out there.”"]
    gained = weekend_report(weekend(car_17(100_050), 90_500), "17", Language("en"), quotes)
    race = next(p for p in gained.parts if p.title == "Race 1")
    assert race.quotes == ["Ann: “I could pick off a few cars.”", "Ann: “Hot out there.”"]


def test_an_unknown_when_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "quotes.toml"
    path.write_text('[[quote]]\ndriver = "A"\npart = "race1"\nen = "x"\nwhen = "won"\n')
    with pytest.raises(FormatError, match=r"quotes.toml: quote 1: unknown when 'won'"):
        read_quotes(path)
