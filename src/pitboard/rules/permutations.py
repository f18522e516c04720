"""Title permutations: before a round, who can still win the championship and what each needs.

Pure: the season's results so far, its rules and the rounds still to run in; every scenario is
scored by `compute_standings`, so best-N drops, count-back, shared drives, half or double points
of a named round and exclusions all count as they will.

- **Can still win**: the driver's best case (wins every remaining race, and sprint, with every
  bonus the rules give, and nobody else scores) puts them first (a tie for first counts: the
  FIA then nominates). Adding results never lowers anyone's counted total, so a driver this
  rules out cannot win.
- **Clinched**: no rival's best case beats the driver even when the driver scores nothing more.
- **Needs** (before the last round): the lowest place that makes the driver champion whatever
  the others do (each rival taking the best place left, with every bonus), the lowest place
  that still leaves them a chance, and, when they score nothing, how low each threatening rival
  must finish (said for up to three rival crews). Each condition stated is sufficient (or,
  "needs at least", necessary); together they are not every combination. Drivers who drove the
  same cars in the same races (a GT crew) score together and are no rivals of each other.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pitboard.model import ChampionshipRules, ScoredResult, Standing
from pitboard.model.championship import ZERO
from pitboard.rules.standings import compute_standings

HYPOTHETICAL = "?"  # car number of a result that has not happened
MAX_RIVALS = 3  # "or if X does not win and Y …": said for at most this many rival crews


@dataclass(frozen=True, slots=True)
class TitleChance:
    """One driver's title chances before the remaining rounds."""

    driver: str
    standing: Standing  # the row of the standings now
    can_win: bool
    clinched: bool
    needs: str  # in words ("" when ruled out)


def title_permutations(
    results: Sequence[ScoredResult],
    rules: ChampionshipRules,
    remaining: Sequence[int],
    sprints: Collection[int] = (),
    names: Mapping[str, str] | None = None,
) -> list[TitleChance]:
    """Every driver of the standings now, with their title chances before `remaining` (round
    numbers still to run; `sprints`: those of them with a sprint), in standings order; `names`
    (driver -> display name) for the words of `needs`."""
    now = compute_standings(results, rules)
    if not remaining:
        return [_final(row) for row in now]
    scenario = _Scenario(list(results), rules, tuple(sorted(remaining)), frozenset(sprints))
    scenario.names = dict(names or {})
    scenario.crews = _crews(results)
    bound = _upper_bound(rules, scenario.remaining, scenario.sprints)
    leader = max((r.points for r in now if not r.excluded), default=ZERO)
    contenders = {
        row.driver for row in now if row.gross + bound >= leader and scenario.can_win(row.driver)
    }
    chances = []
    for row in now:
        if row.driver not in contenders:
            chances.append(TitleChance(row.driver, row, False, False, ""))
            continue
        rivals = _one_per_crew(
            [r.driver for r in now if r.driver in contenders], scenario, row.driver
        )
        clinched = not any(scenario.beats(r, row.driver) for r in rivals)
        needs = scenario.needs(row.driver, rivals, clinched)
        chances.append(TitleChance(row.driver, row, True, clinched, needs))
    return chances


def _one_per_crew(drivers: list[str], scenario: _Scenario, driver: str) -> list[str]:
    """The rivals of `driver` in standings order, one driver for each other crew."""
    seen = set(scenario.crew(driver))
    rivals = []
    for other in drivers:
        if other not in seen:
            rivals.append(other)
            seen.update(scenario.crew(other))
    return rivals


def _crews(results: Sequence[ScoredResult]) -> dict[str, tuple[str, ...]]:
    """Drivers who drove the very same cars in the very same races (a GT crew) play forward
    as one: they score together, and one is no rival of the other."""
    cars: dict[str, set[tuple[int, bool, str]]] = {}
    for row in results:
        car = row.car or f"{HYPOTHETICAL}{row.driver}"  # no car number: a crew of one
        cars.setdefault(row.driver, set()).add((row.round, row.sprint, car))
    by_cars: dict[frozenset[tuple[int, bool, str]], list[str]] = {}
    for driver, driven in cars.items():
        by_cars.setdefault(frozenset(driven), []).append(driver)
    return {d: tuple(sorted(crew)) for crew in by_cars.values() for d in crew}


def _final(row: Standing) -> TitleChance:
    champion = row.position == 1 and not row.excluded
    return TitleChance(row.driver, row, champion, champion, "")


def _upper_bound(
    rules: ChampionshipRules, remaining: tuple[int, ...], sprints: frozenset[int]
) -> Decimal:
    """More than anyone can add in `remaining`: a quick filter before the exact check."""
    race = max(rules.race.positions, default=ZERO) + rules.race.fastest_lap + rules.race.pole
    sprint = ZERO if rules.sprint is None else max(rules.sprint.positions, default=ZERO)
    factors = [o.factor for o in rules.overrides if o.positions is None] + [Decimal(1)]
    tables = [max(o.positions, default=ZERO) for o in rules.overrides if o.positions]
    most = max([race, *tables]) * max(factors)
    return most * len(remaining) + sprint * len(sprints) + 1


class _Scenario:
    """The results so far plus results that have not happened, scored by the rules."""

    def __init__(
        self,
        results: list[ScoredResult],
        rules: ChampionshipRules,
        remaining: tuple[int, ...],
        sprints: frozenset[int],
    ) -> None:
        self.results, self.rules, self.remaining, self.sprints = results, rules, remaining, sprints
        self.season = rules.season
        self.places = len(rules.race.positions)
        self.names: dict[str, str] = {}
        self.crews: dict[str, tuple[str, ...]] = {}

    def name(self, driver: str) -> str:
        """The driver's crew in words: "Ann Berg / Kim Ode"."""
        return " / ".join(self.names.get(d, d) for d in self.crew(driver))

    def crew(self, driver: str) -> tuple[str, ...]:
        return self.crews.get(driver, (driver,))

    def row(
        self, driver: str, round_: int, position: int | None, best: bool, sprint: bool = False
    ) -> list[ScoredResult]:
        """`driver`'s crew's result in a round not yet run: `best` adds every bonus (fastest
        lap, pole)."""
        crew = self.crew(driver)
        return [
            ScoredResult(
                season=self.season,
                round=round_,
                driver=member,
                position=position,
                classified=position is not None,
                shared=len(crew),
                fastest_lap=best and not sprint,
                pole=best and not sprint,
                sprint=sprint,
                car=f"{HYPOTHETICAL}{driver}",
            )
            for member in crew
        ]

    def best_case(self, driver: str, last_position: int = 1) -> list[ScoredResult]:
        """`driver` wins everything left (the last race: `last_position`, with the bonuses)."""
        rows = [
            result
            for r in self.remaining
            if r in self.sprints
            for result in self.row(driver, r, 1, True, sprint=True)
        ]
        rows += [result for r in self.remaining[:-1] for result in self.row(driver, r, 1, True)]
        rows += self.row(driver, self.remaining[-1], last_position, True)
        return rows

    def first(self, extra: list[ScoredResult], driver: str, alone: bool) -> bool:
        """Is `driver` first (alone, or tied for first) with `extra` results added?"""
        table = compute_standings([*self.results, *extra], self.rules)
        row = next((r for r in table if r.driver == driver), None)
        if row is None or row.excluded or row.position != 1:
            return False
        crew = self.crew(driver)
        return not (alone and any(r.position == 1 and r.driver not in crew for r in table))

    def can_win(self, driver: str) -> bool:
        return self.first(self.best_case(driver), driver, alone=False)

    def beats(self, rival: str, driver: str) -> bool:
        """Can `rival` end up level with or ahead of `driver` if `driver` scores nothing more?"""
        return not self.first(self.best_case(rival), driver, alone=True)

    def needs(self, driver: str, rivals: list[str], clinched: bool) -> str:
        if clinched:
            return "champion whatever happens"
        if len(self.remaining) > 1:
            return self.gap(driver, rivals)
        parts = []
        sure = self.sure_place(driver, rivals)
        if sure is not None:
            parts.append(_sure(sure))
        conditions = self.rival_limits(driver, rivals)
        if conditions is not None:
            lead = "or if" if parts else "champion if"
            parts.append(f"{lead} {' and '.join(conditions)}")
        least = self.least_place(driver)
        if least is not None and (sure is None or least > sure):
            parts.append("needs a win" if least == 1 else f"needs at least {_place(least)}")
        return "; ".join(parts) if parts else "needs others to finish behind"

    def gap(self, driver: str, rivals: list[str]) -> str:
        """Before several rounds: the gap to the nearest rival (leader) or to the leader."""
        table = {r.driver: r for r in compute_standings(self.results, self.rules)}
        mine = table[driver].points
        others = [table[r].points for r in rivals if r in table]
        best = max(others, default=ZERO)
        rounds = f"{len(self.remaining)} rounds to run"
        if mine == best:
            return f"level on points at the top with {rounds}"
        if mine > best:
            return f"leads by {_points(mine - best)} with {rounds}"
        return f"{_points(best - mine)} behind with {rounds}"

    def sure_place(self, driver: str, rivals: list[str]) -> int | None:
        """The lowest place in the last race that makes `driver` champion whatever others do."""
        last = self.remaining[-1]
        found = None
        for place in range(1, self.places + 1):
            mine = self.row(driver, last, place, False)
            if all(self.first([*mine, *self.rival_best(r, place)], driver, True) for r in rivals):
                found = place
            else:
                break
        return found

    def rival_best(self, rival: str, taken: int | None) -> list[ScoredResult]:
        """`rival`'s best case in the last race with place `taken` held by someone else."""
        return self.best_case(rival, 2 if taken == 1 else 1)

    def rival_at(self, rival: str, place: int | None) -> list[ScoredResult]:
        """`rival` at `place` in the last race, with the bonuses and a sprint win if any."""
        last = self.remaining[-1]
        sprint = self.row(rival, last, 1, True, sprint=True) if last in self.sprints else []
        return [*sprint, *self.row(rival, last, place, True)]

    def least_place(self, driver: str) -> int | None:
        """The lowest place in the last race (with the bonuses) that still leaves a chance."""
        if self.first([], driver, alone=False):
            return None  # a chance even scoring nothing more
        found = None
        for place in range(1, self.places + 1):
            if self.first(self.best_case(driver, place), driver, alone=False):
                found = place
            else:
                break
        return found

    def rival_limits(self, driver: str, rivals: list[str]) -> list[str] | None:
        """If `driver` scores nothing more: how low each rival who could beat them must finish
        (None when a rival beats them even finishing out of the points)."""
        limits = []
        for rival in rivals:
            if not self.beats(rival, driver):
                continue
            places: list[int | None] = [*range(2, self.places + 2), None]
            worst = next(
                (p for p in places if self.first(self.rival_at(rival, p), driver, True)), 0
            )
            if worst == 0:
                return None
            limits.append(_limit(self.name(rival), worst, self.places))
        if len(limits) > MAX_RIVALS:
            return None  # too many to say in a line: the conditions above are the ones to read
        return limits or None


def _sure(place: int) -> str:
    return "champion with a win" if place == 1 else f"champion if {_place(place)} or better"


def _limit(rival: str, worst: int | None, places: int) -> str:
    if worst is None:
        return f"{rival} does not finish"
    if worst == 2:
        return f"{rival} does not win"
    if worst > places:
        return f"{rival} does not score"
    return f"{rival} finishes {_place(worst)} or lower"


def _points(points: Decimal) -> str:
    text = format(points.quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _place(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
