"""The standings page's "who can still win" section: per class, the title chances before the
next race (`pitboard.rules.permutations`), crew-mates on one line. Each race is a round (as in
the standings); the races of the calendar without a published result are the rounds to run."""

from __future__ import annotations

from typing import Any

from pitboard.model import SessionKind
from pitboard.rules.class_standings import class_results
from pitboard.rules.permutations import TitleChance, title_permutations
from pitboard.store import Season, Store
from pitboard.web.standings import Race, championship_rules, crews


def permutations_json(store: Store, season: Season, races: list[Race]) -> list[dict[str, Any]]:
    """Per class: the races still to run, who can still win (crews) and what each needs."""
    left = _race_count(store, season.key) - len(races)
    if left <= 0 or not races:
        return []
    rules, _ = championship_rules(season)
    drivers, _ = class_results([race.result.classification for race in races], rules)
    remaining = list(range(len(races) + 1, len(races) + left + 1))
    order = list(dict.fromkeys(c for r in races for c in r.result.classification.classes))
    sections = []
    for car_class in order:
        rows = [r for r in drivers if r.car_class == car_class]
        if rows:
            chances = title_permutations(rows, rules, remaining)
            sections.append(_section(car_class, left, chances))
    return sections


def _section(car_class: str, left: int, chances: list[TitleChance]) -> dict[str, Any]:
    by_driver = {c.driver: c for c in chances}
    contenders = [c.standing for c in chances if c.can_win]
    return {
        "class": car_class,
        "races_left": left,
        "contenders": [
            {
                "names": [row.driver for row in group],
                "points": str(group[0].points),
                "clinched": by_driver[group[0].driver].clinched,
                "needs": by_driver[group[0].driver].needs,
            }
            for group in crews(contenders)
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
