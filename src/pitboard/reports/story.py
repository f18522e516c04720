"""The words of the weekend report, chosen by what happened.

Every sentence is a whole message in the catalogue (no sentence is glued from pieces). Where a
fact can be told several ways, one variant is picked by a stable hash of the weekend, the car and
the part of the report, so one weekend always reads the same and two weekends read differently.
"""

from __future__ import annotations

import enum
import zlib
from collections.abc import Sequence

from pitboard.model import ClassificationStatus, Flag
from pitboard.reports.facts import RaceFacts, SessionFacts
from pitboard.reports.i18n import N_, Language
from pitboard.rules.results_table import lap_time_text

Status = ClassificationStatus


class Outcome(enum.Enum):
    """How a weekend (its best race) went, for the headline."""

    WIN = "win"
    PODIUM = "podium"
    POINTS = "points"
    GAIN = "gain"
    FINISH = "finish"
    NO_FINISH = "no_finish"


BIG_GAIN = 5  # places gained over a race that the headline calls a climb

HEADLINES: dict[Outcome, tuple[str, ...]] = {
    Outcome.WIN: (
        N_("{crew} win {race} in the {car_class} class at {venue}"),
        N_("Victory at {venue}: {crew} take {race}"),
    ),
    Outcome.PODIUM: (
        N_("Podium at {venue} for {crew}"),
        N_("{crew} on the {car_class} podium at {venue}"),
    ),
    Outcome.POINTS: (
        N_("{crew} bring home points from {venue}"),
        N_("Points for {crew} at {venue}"),
    ),
    Outcome.GAIN: (
        N_("{crew} fight through the field at {venue}"),
        N_("A climb through the order for {crew} at {venue}"),
    ),
    Outcome.FINISH: (
        N_("A hard weekend at {venue} for {crew}"),
        N_("{crew} battle the heat and the field at {venue}"),
    ),
    Outcome.NO_FINISH: (
        N_("No finish for {crew} at {venue}"),
        N_("An early end to the {venue} weekend for {crew}"),
    ),
}

CONTEXT = (
    N_("{crew} raced round {round} of the {season} at {venue} ({dates}) in the {vehicle}."),
    N_("From {dates}, {crew} shared the {vehicle} at {venue}, round {round} of the {season}."),
)

RACE_SUMMARY = {
    "win": N_("They won {race} in the {car_class} class."),
    "podium": N_("{race} gave them a {position} place in the {car_class} class, on the podium."),
    "finish": N_("They finished {race} {position} in the {car_class} class."),
    "dnf": N_("{race} ended in retirement."),
    "dns": N_("They did not start {race}."),
    "nc": N_("They were not classified in {race}."),
    "dsq": N_("They were disqualified from {race}."),
}

TIMED = {
    "best": (
        N_("{session}: {driver} was fastest in the {car_class} class ({overall} overall) "
           "with {lap}."),
    ),
    "timed": (
        N_("{session}: {driver} was {position} in the {car_class} class ({overall} overall), "
           "best lap {lap}, {gap} s off the class best."),
        N_("{session}: a best lap of {lap} from {driver} meant {position} in the {car_class} "
           "class ({overall} overall), {gap} s behind the quickest in class."),
    ),
    "untimed": (N_("{session}: no lap time was set."),),
    "dns": (N_("{session}: the car did not run."),),
}  # fmt: skip

START = (
    N_("{driver} started {race} from {start} in the {car_class} class."),
    N_("{driver} took the start of {race} from {start} place in class."),
)
STOP = (
    N_("The car came in at the end of lap {lap} and {next_driver} took over."),
    N_("On lap {lap} {driver} pitted and handed the car to {next_driver}."),
)
FINISH = {
    "win": N_("{driver} took the chequered flag to win the {car_class} class."),
    "podium": N_("{driver} brought the car home {position} in class, on the podium."),
    "finish": N_("{driver} brought the car home {position} in the {car_class} class "
                 "({overall} overall)."),
    "dnf": N_("{driver} had to retire the car on lap {lap}."),
    "nc": N_("{driver} reached the flag but had not covered enough laps to be classified."),
    "dns": N_("The car did not take the start of {race}."),
    "dsq": N_("The car was disqualified from {race}."),
}  # fmt: skip


# A caution period as a phrase of the sentence below: (over several laps, on one lap) per kind.
CAUTION = {
    Flag.FCY: (
        N_("a full-course yellow on laps {first}–{last}"),
        N_("a full-course yellow on lap {first}"),
    ),
    Flag.SAFETY_CAR: (
        N_("a safety car on laps {first}–{last}"),
        N_("a safety car on lap {first}"),
    ),
    Flag.CODE_60: (
        N_("a code 60 on laps {first}–{last}"),
        N_("a code 60 on lap {first}"),
    ),
    Flag.RED: (
        N_("a red flag on laps {first}–{last}"),
        N_("a red flag on lap {first}"),
    ),
    Flag.YELLOW: (
        N_("a yellow flag on laps {first}–{last}"),
        N_("a yellow flag on lap {first}"),
    ),
}


def pick(options: Sequence[str], *salt: str) -> str:
    """One of the options, the same for the same salt."""
    return options[zlib.crc32("/".join(salt).encode()) % len(options)]


def race_kind(result: SessionFacts, podium: int = 3) -> str:
    """The key of a race result's wording: win, podium, finish, dnf, dns, nc, dsq."""
    if result.status is Status.CLASSIFIED:
        if result.class_position == 1:
            return "win"
        return "podium" if result.class_position <= podium else "finish"
    return {Status.DNF: "dnf", Status.DNS: "dns", Status.NOT_CLASSIFIED: "nc"}.get(
        result.status, "dsq"
    )


def outcome(races: Sequence[RaceFacts], points_places: int) -> Outcome:
    kinds = [race_kind(race.result) for race in races]
    finished = [race.result for race in races if race.result.status is Status.CLASSIFIED]
    if "win" in kinds:
        return Outcome.WIN
    if "podium" in kinds:
        return Outcome.PODIUM
    if any(result.class_position <= points_places for result in finished):
        return Outcome.POINTS
    if any((race.places_gained or 0) >= BIG_GAIN for race in races if race.result in finished):
        return Outcome.GAIN
    return Outcome.FINISH if finished else Outcome.NO_FINISH


def timed_sentence(
    lang: Language, facts: SessionFacts, session: str, car_class: str, crew: str
) -> str:
    values: dict[str, object] = {"session": session, "car_class": car_class}
    if facts.status is Status.DNS:
        kind = "dns"
    elif facts.best_lap is None:
        kind = "untimed"
    else:
        kind = "best" if facts.class_position == 1 else "timed"
        alone = facts.drivers[0] if len(facts.drivers) == 1 else crew
        values |= {
            "driver": facts.best_lap_driver or alone,  # the lap is one driver's
            "position": lang.ordinal(facts.class_position),
            "overall": lang.ordinal(facts.position),
            "lap": lap_time_text(facts.best_lap),
            "gap": lang.seconds(facts.gap_to_class_best or 0),
        }
    return lang.text(pick(TIMED[kind], session, facts.key), **values)


def race_summary(lang: Language, facts: SessionFacts, race: str, car_class: str) -> str:
    return lang.text(
        RACE_SUMMARY[race_kind(facts)],
        race=race,
        car_class=car_class,
        position=lang.ordinal(facts.class_position),
    )
