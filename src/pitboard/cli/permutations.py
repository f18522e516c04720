"""`pitboard standings SEASON --permutations`: per class, who can still win the title and what
each needs, from the stored results, the rounds still to run and the season's rules
(`pitboard.rules.permutations`). A round still to run is a race of the calendar without a
published result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pitboard.model import ChampionshipRules, ScoredResult
    from pitboard.rules.permutations import TitleChance
    from pitboard.store import Store

Tables = dict[str, list["TitleChance"]]


def season_permutations(
    store: Store, season: str, car_class: str | None
) -> tuple[Tables, dict[str, str], list[int]]:
    """Per class, every driver's title chances; display names; the rounds still to run."""
    from pitboard.importers.ergast import CAR_CLASS, load_ergast_results
    from pitboard.rules.championships import load_championship
    from pitboard.rules.permutations import title_permutations

    record = store.load_season(season)
    rules = load_championship(getattr(record, "championship", "") or record.series, record.year)
    results, names = load_ergast_results(store, season)
    sprints: list[int] = []
    if results:
        by_class = {CAR_CLASS: results}
        remaining, sprints = _unraced_rounds(store, season)
    else:
        by_class, remaining = _class_results(store, season, rules)
    if car_class is not None:
        by_class = {name: rows for name, rows in by_class.items() if name == car_class}
    tables = {
        name: title_permutations(rows, rules, remaining, sprints, names=names)
        for name, rows in by_class.items()
    }
    return tables, names, remaining


def _unraced_rounds(store: Store, season: str) -> tuple[list[int], list[int]]:
    """Rounds (events) with a race session and no published result of any race, and those of
    them with a sprint session (`…-sprint`, imported from races.csv's `sprint_date`)."""
    remaining, sprints = [], []
    for event in store.load_events(season):
        races = _races(store, event.key)
        if races and all(store.load_result(key) is None for key in races):
            remaining.append(event.round)
            if any(key.endswith("-sprint") for key in races):
                sprints.append(event.round)
    return remaining, sprints


def _races(store: Store, event: str) -> list[str]:
    from pitboard.model import SessionKind

    return [s.key for s in store.load_sessions(event) if s.kind is SessionKind.RACE]


def _class_results(
    store: Store, season: str, rules: ChampionshipRules
) -> tuple[dict[str, list[ScoredResult]], list[int]]:
    """A season timed by pitboard: each race is a round (the N-th published race is round N);
    the races of the calendar not yet published are the rounds still to run."""
    from pitboard.rules.class_standings import class_results

    published = store.load_season_results(season)
    drivers, _ = class_results([p.classification for p in published], rules)
    by_class: dict[str, list[ScoredResult]] = {}
    for row in drivers:
        by_class.setdefault(row.car_class, []).append(row)
    races = sum(len(_races(store, event.key)) for event in store.load_events(season))
    return by_class, list(range(len(published) + 1, races + 1))


def chances_json(chances: list[TitleChance], names: dict[str, str]) -> list[dict[str, object]]:
    from pitboard.reports.standings import points_text as format_points

    return [
        {
            "position": c.standing.position,
            "driver": names.get(c.driver, c.driver),
            "points": format_points(c.standing.points),
            "can_win": c.can_win,
            "clinched": c.clinched,
            "needs": c.needs,
        }
        for c in chances
    ]


def chances_lines(
    season: str, car_class: str, chances: list[TitleChance], names: dict[str, str], left: int
) -> list[str]:
    """The permutations of one class in words, one line per driver who can still win."""
    from pitboard.reports.standings import points_text as format_points

    title = f"{season} title permutations — {car_class}"
    if not left:
        champion = next((c for c in chances if c.clinched), None)
        who = names.get(champion.driver, champion.driver) if champion else "nobody"
        return [title, f"  season complete: champion {who}"]
    lines = [f"{title} ({left} round{'s' if left > 1 else ''} to run)"]
    for chance in (c for c in chances if c.can_win):
        name = names.get(chance.driver, chance.driver)
        points = format_points(chance.standing.points)
        lines.append(f"  {name} ({points}): {chance.needs}")
    out = [names.get(c.driver, c.driver) for c in chances if not c.can_win]
    if out:
        more = ", …" if len(out) > 5 else ""
        lines.append(f"  can no longer win: {len(out)} ({', '.join(out[:5])}{more})")
    return lines
