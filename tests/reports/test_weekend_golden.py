"""The Misano demo weekend against the seed press release's results list (typed in from the
seed, not produced by our code), and the Swedish report's ordinals and dates."""

from __future__ import annotations

import pytest

from pitboard.cli.report import load_weekend
from pitboard.reports.i18n import Language
from pitboard.reports.weekend import Report, weekend_report

# The seed's list, line by line (../shared/seed/000_f07e75e4b179309e.txt).
SEED_RESULTS = """\
Free practice 1: 20th place
Free practice 2: 23rd place
Qualifying 1 (Q1): 23rd place
Qualifying 2 (Q2): 21st place
Race 1: DNF (Retired)
Race 2: 18th place"""


@pytest.fixture(scope="module")
def english() -> Report:
    return weekend_report(load_weekend("gt4-europe-2023", "misano"), "17", Language("en"))


@pytest.fixture(scope="module")
def swedish() -> Report:
    return weekend_report(load_weekend("gt4-europe-2023", "misano"), "17", Language("sv"))


def test_car_17_results_list_is_the_seeds(english: Report) -> None:
    assert english.results == SEED_RESULTS.splitlines()


def test_swedish_report_uses_swedish_ordinals_and_dates(swedish: Report) -> None:
    assert swedish.results[0] == "Fri träning 1: 20:e plats"
    assert swedish.results[3] == "Kval 2 (Q2): 21:a plats"
    assert "14–16 juli" in swedish.lead
    assert "14–16 juli – Misano, Italien" in swedish.calendar


def test_races_start_from_the_qualifying_grid(english: Report) -> None:
    race1, race2 = english.facts.races["race1"], english.facts.races["race2"]
    assert (race1.start, race2.start) == (23, 21)
    race1_text = next(p for p in english.parts if p.title == "Race 1").paragraphs[0]
    assert "from 23rd" in race1_text
    assert "Elin Vallgren" in race1_text and "retire" in race1_text


def test_next_round_is_hockenheim_in_six_weeks(english: Report) -> None:
    next_round = next(p for p in english.parts if p.title == "Next round").paragraphs[0]
    assert "6 weeks" in next_round and "Hockenheim, Germany" in next_round


def test_no_quote_without_a_quotes_file(english: Report) -> None:
    assert all(not part.quotes for part in english.parts)
