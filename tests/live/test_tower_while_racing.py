"""While the race is run, the tower is the order on the road.

Before the chequered flag no car has taken it, so none can be "retired" for not taking it: a car
that has not crossed the line since the leader did is still racing. Ranking the live session as if
the flag had fallen showed every such car DNF mid-race (greyed out in the browser, and under the
WEC ruleset, where retired cars are listed after the rest, sent below lapped cars). Once the race is
stopped, the live classification is the batch one again, retirements and all.
"""

from __future__ import annotations

from pitboard.model import ClassificationStatus, Session, SessionKind
from pitboard.model.passing import SessionStop
from pitboard.rules import classify
from pitboard.rules.live import LiveSession
from pitboard.rules.rulesets import load_ruleset
from pitboard.sim import RaceSettings, simulate_race

RACE = simulate_race(RaceSettings(seed=5, cars=24, minutes=40, noise=False))
WEC = load_ruleset("wec")


def _live_until(share: float) -> LiveSession:
    """The session after the inputs of the first `share` of the race (the stop never reached)."""
    live = LiveSession(RACE.entries, rules=WEC)
    inputs = [item for item in RACE.inputs if not isinstance(item, SessionStop)]
    for item in inputs[: int(len(inputs) * share)]:
        live.apply(item)
    return live


def _road_order(live: LiveSession) -> list[str]:
    """Most laps, then the earliest last crossing: who is ahead on the road."""
    last = {
        number: (-len(timing.laps), timing.laps[-1].elapsed or 0)
        for number, timing in live.builder.cars.items()
        if timing.laps
    }
    return sorted(last, key=last.__getitem__)


def test_mid_race_every_running_car_is_classified_in_road_order() -> None:
    live = _live_until(0.5)
    rows = live.classification().rows
    crossed = set(_road_order(live))
    assert len(crossed) > 10  # the race is well under way
    running = [row for row in rows if row.entry.number in crossed]
    assert {row.status for row in running} == {ClassificationStatus.CLASSIFIED}
    assert [row.entry.number for row in running] == _road_order(live)
    assert [row.position for row in running] == list(range(1, len(running) + 1))


def test_mid_race_live_equals_batch_of_the_running_session() -> None:
    live = _live_until(0.7)
    session = live.session()
    assert session.running
    assert classify(session, WEC).rows == live.classification().rows
    tower = live.tower()
    assert not tower.finished
    assert [row.number for row in tower.rows][: len(_road_order(live))] == _road_order(live)


def test_after_the_stop_retirements_are_back_and_equal_to_batch() -> None:
    live = LiveSession(RACE.entries, rules=WEC)
    for item in RACE.inputs:
        live.apply(item)
    assert live.stopped and not live.session().running
    entries = {entry.number: entry for entry in RACE.entries}
    batch = classify(Session(SessionKind.RACE, entries, RACE.laps), WEC).rows
    assert live.classification().rows == batch
    assert ClassificationStatus.DNF in {row.status for row in batch}  # seed 5 has retirements
