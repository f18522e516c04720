"""Title permutations checked against history: for every F1 season of the shared data, before
its last round (after the second-to-last), the champion is among those `title_permutations` says
can still win, and nobody it rules out won. The champion is Ergast's driver_standings.csv
position 1 after the last round, read with the csv module."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from pitboard.formats.ergast import ErgastDatabase, read_ergast, season_results
from pitboard.rules.championships import load_championship
from pitboard.rules.permutations import TitleChance, title_permutations

SEASONS = range(1950, 2010)


@cache
def _db(folder: Path) -> ErgastDatabase:
    return read_ergast(folder / "f1_ergast")


@cache
def _champions(folder: Path) -> dict[int, str]:
    db = _db(folder)
    last = {db.season_races(year)[-1].race_id: year for year in db.seasons()}
    path = folder / "f1_ergast" / "driver_standings.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            last[int(row["raceId"])]: db.drivers[int(row["driverId"])].ref
            for row in csv.DictReader(handle)
            if int(row["raceId"]) in last and row["position"] == "1"
        }


def _before_last_round(folder: Path, season: int) -> list[TitleChance]:
    db = _db(folder)
    last = db.season_races(season)[-1].round
    results = [r for r in season_results(db, season) if r.round < last]
    return title_permutations(results, load_championship("f1", season), [last])


@pytest.mark.parametrize("season", SEASONS)
def test_champion_was_among_those_who_could_still_win_before_the_last_round(
    real_data: Path, season: int
) -> None:
    chances = _before_last_round(real_data, season)
    champion = _champions(real_data)[season]
    can_win = {c.driver for c in chances if c.can_win}
    ruled_out = {c.driver for c in chances if not c.can_win}
    assert champion in can_win, (season, champion, sorted(can_win))
    assert champion not in ruled_out
    clinched = [c.driver for c in chances if c.clinched]
    assert clinched in ([], [champion]), (season, clinched)


def test_1950_three_alfa_drivers_went_to_monza_with_a_chance(real_data: Path) -> None:
    # Fangio 26 (best 4), Fagioli 24, Farina 22 before the Italian GP: 8 + 1 were on offer.
    can_win = {c.driver for c in _before_last_round(real_data, 1950) if c.can_win}
    assert can_win == {"fangio", "fagioli", "farina"}


def test_1988_senna_had_clinched_before_adelaide(real_data: Path) -> None:
    # Senna's Japanese GP win gave him the title with a round to go (best 11 results).
    chances = {c.driver: c for c in _before_last_round(real_data, 1988)}
    assert chances["senna"].clinched and not chances["prost"].can_win


def test_2008_hamilton_needs_fifth_or_better_at_interlagos(real_data: Path) -> None:
    # Hamilton 94, Massa 87: Massa's win (10) would leave Hamilton champion with 5th (4).
    chances = {c.driver: c for c in _before_last_round(real_data, 2008)}
    hamilton = chances["hamilton"]
    assert hamilton.can_win and not hamilton.clinched
    assert hamilton.needs.startswith("champion if 5th or better")
    assert chances["massa"].can_win
    assert {c for c, chance in chances.items() if chance.can_win} == {"hamilton", "massa"}
