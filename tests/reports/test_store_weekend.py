"""The weekend report written from the store (what the site serves), not from the generator:
the demo season loaded into a SQLite file, read back through `store_weekend`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.reports.test_weekend_golden import SEED_RESULTS

from pitboard.cli.serve import load_demo
from pitboard.model import Penalty, PenaltyKind
from pitboard.reports.i18n import Language
from pitboard.reports.store_weekend import (
    find_event,
    store_media,
    store_quotes,
    store_weekend,
)
from pitboard.reports.weekend import weekend_report
from pitboard.store import Decision, NotFound, ResultState, Store, open_store

EVENT = "gt4-europe-2023-misano"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder: Path = tmp_path_factory.mktemp("store-weekend")
    with open_store(f"sqlite:///{folder}/demo.db") as opened:
        load_demo(opened)
        yield opened


def test_results_list_from_the_store_is_the_seeds(store: Store) -> None:
    report = weekend_report(store_weekend(store, EVENT), "17", Language("en"))
    assert report.results == SEED_RESULTS.splitlines()
    assert (report.facts.races["race1"].start, report.facts.races["race2"].start) == (23, 21)
    assert report.notice is not None  # the demo is marked synthetic in the store


def test_quotes_and_media_come_from_the_store(store: Store) -> None:
    quotes = store_quotes(store, EVENT, "17")
    media = store_media(store, EVENT)
    report = weekend_report(store_weekend(store, EVENT), "17", Language("sv"), quotes, media)
    said = [q for part in report.parts for q in part.quotes]
    assert any(q.startswith("Oskar Vallgren: ”Vi hittade aldrig greppet") for q in said)
    assert ("Se race 1", "https://example.org/pitboard-demo/misano-2023/race-1") in report.links
    assert store_quotes(store, EVENT, "18") == []


def test_the_short_event_name_is_found_in_its_season(store: Store) -> None:
    assert find_event(store, "gt4-europe-2023", "misano").key == EVENT
    with pytest.raises(NotFound):
        find_event(store, "gt4-europe-2022", "misano")


def test_an_event_without_results_says_so(store: Store) -> None:
    with pytest.raises(NotFound, match="no results"):
        store_weekend(store, "gt4-europe-2023-hockenheim")


def test_a_published_disqualification_reaches_the_report(tmp_path: Path) -> None:
    """The report reads the published version (with the stewards' decisions), not raw timing."""
    with open_store(f"sqlite:///{tmp_path}/dsq.db") as store:
        load_demo(store)
        race2 = f"{EVENT}-race2"
        penalty = Penalty("17", PenaltyKind.DISQUALIFICATION, reason="technical infringement")
        store.save_penalties(race2, [Decision(penalty, "Stewards", datetime.now(UTC))])
        before = weekend_report(store_weekend(store, EVENT), "17", Language("en"))
        store.publish_result(race2, ResultState.REVISED, reason="DSQ car 17", by="Clerk")
        after = weekend_report(store_weekend(store, EVENT), "17", Language("en"))
    assert before.results[-1] == "Race 2: 18th place"  # taken, not yet published
    assert after.results[-1] == "Race 2: DSQ (Disqualified)"


def test_the_stewards_penalty_is_told(store: Store) -> None:
    """The demo's Race 2 decision: +5 s to the first car of the entry list."""
    race2 = f"{EVENT}-race2"
    penalised = next(iter(store.load_session(race2).entries))
    [decision] = store.load_penalties(race2)
    assert decision.penalty.car == penalised and decision.penalty.millis == 5_000
    report = weekend_report(store_weekend(store, EVENT), penalised, Language("en"))
    race = next(p for p in report.parts if p.title == "Race 2").paragraphs[0]
    assert "The stewards added a 5.000 s time penalty to the race time." in race
    swedish = weekend_report(store_weekend(store, EVENT), penalised, Language("sv"))
    assert "tidsstraff på 5,000 s" in " ".join(p.paragraphs[0] for p in swedish.parts)
    other = weekend_report(store_weekend(store, EVENT), "17", Language("en"))
    assert "time penalty" not in " ".join(p for part in other.parts for p in part.paragraphs)


def test_a_practice_lap_is_credited_to_the_driver_who_set_it(store: Store) -> None:
    report = weekend_report(store_weekend(store, EVENT), "17", Language("en"))
    practice = next(p for p in report.parts if p.title == "Free practice").paragraphs[0]
    assert "Oskar and Elin Vallgren" not in practice  # a lap has one driver
    for key, text in zip(("fp1", "fp2"), practice.split("Free practice ")[1:], strict=True):
        laps = [lap for lap in store.load_session(f"{EVENT}-{key}").laps if lap.car == "17"]
        best = min((lap for lap in laps if lap.time is not None), key=lambda lap: lap.time)
        assert f"from {best.driver} meant" in text, (key, best.driver, text)


def test_the_team_is_named(store: Store) -> None:
    entry = store.load_session(f"{EVENT}-race1").entries["17"]
    report = weekend_report(store_weekend(store, EVENT), "17", Language("en"))
    assert entry.team and f"The car is entered by {entry.team}." in report.lead
