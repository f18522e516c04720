"""The standings page's "who can still win" section: per class, the title chances before the
next race (`pitboard.rules.permutations`), crew-mates on one line. Each race is a round (as in
the standings); the races of the calendar without a published result are the rounds to run."""

from __future__ import annotations

from typing import Any

from pitboard.model import SessionKind
from pitboard.reports.standings import SeasonStandings, crews
from pitboard.rules.permutations import TitleChance, title_permutations
from pitboard.store import Store


def permutations_json(store: Store, found: SeasonStandings) -> list[dict[str, Any]]:
    """Per class: the races still to run, who can still win (crews) and what each needs, from
    the results the standings scored (no race is classified again)."""
    left = _race_count(store, found.season.key) - len(found.races)
    if left <= 0 or not found.races:
        return []
    remaining = list(range(len(found.races) + 1, len(found.races) + left + 1))
    sections = []
    for car_class, rows in found.scored.items():
        chances = title_permutations(rows, found.rules, remaining, names=found.names)
        sections.append(_section(car_class, left, chances, found))
    return sections


def _section(
    car_class: str, left: int, chances: list[TitleChance], found: SeasonStandings
) -> dict[str, Any]:
    by_driver = {c.driver: c for c in chances}
    contenders = [c.standing for c in chances if c.can_win]
    return {
        "class": car_class,
        "races_left": left,
        "contenders": [
            {
                "names": [found.names.get(name, name) for name in crew.names],
                "points": str(crew.standing.points),
                "clinched": by_driver[crew.standing.driver].clinched,
                "needs": by_driver[crew.standing.driver].needs,
            }
            for crew in crews(contenders, found.cars)
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
