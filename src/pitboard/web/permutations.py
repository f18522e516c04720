"""The standings page's "who can still win" section: per class, the title chances before the
next race (`pitboard.rules.permutations`), crew-mates on one line. Each race is a round (as in
the standings); the races of the calendar without a published result are the rounds to run."""

from __future__ import annotations

from typing import Any

from pitboard.model import SessionKind
from pitboard.reports.standings import SeasonStandings, cars_of, championship_rules, crews
from pitboard.rules.class_standings import class_results
from pitboard.rules.permutations import TitleChance, title_permutations
from pitboard.store import Store


def permutations_json(store: Store, found: SeasonStandings) -> list[dict[str, Any]]:
    """Per class: the races still to run, who can still win (crews) and what each needs."""
    season, races = found.season, found.races
    left = _race_count(store, season.key) - len(races)
    if left <= 0 or not races:
        return []
    rules, _ = championship_rules(season)
    results = [store.load_classification(race.session).classification for race in races]
    drivers, _ = class_results(results, rules)
    cars = cars_of(results)
    remaining = list(range(len(races) + 1, len(races) + left + 1))
    order = list(dict.fromkeys(c for result in results for c in result.classes))
    sections = []
    for car_class in order:
        rows = [r for r in drivers if r.car_class == car_class]
        if rows:
            chances = title_permutations(rows, rules, remaining)
            sections.append(_section(car_class, left, chances, cars))
    return sections


def _section(
    car_class: str, left: int, chances: list[TitleChance], cars: dict[str, Any]
) -> dict[str, Any]:
    by_driver = {c.driver: c for c in chances}
    contenders = [c.standing for c in chances if c.can_win]
    return {
        "class": car_class,
        "races_left": left,
        "contenders": [
            {
                "names": list(crew.names),
                "points": str(crew.standing.points),
                "clinched": by_driver[crew.standing.driver].clinched,
                "needs": by_driver[crew.standing.driver].needs,
            }
            for crew in crews(contenders, cars)
        ],
        "ruled_out": sum(1 for c in chances if not c.can_win),
    }


def _race_count(store: Store, season: str) -> int:
    return sum(
        1
        for event in store.load_events(season)
        for info in store.load_sessions(event.key)
        if info.kind is SessionKind.RACE
    )
