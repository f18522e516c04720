"""One race told from the lap chart: the start, the first stint, the stop, the finish."""

from __future__ import annotations

from pitboard.model import ClassificationStatus
from pitboard.reports.facts import RaceFacts
from pitboard.reports.i18n import Language
from pitboard.reports.story import CAUTION, FINISH, START, STOP, pick, race_kind

Status = ClassificationStatus


def race_paragraph(lang: Language, race: RaceFacts, name: str, car_class: str, salt: str) -> str:
    """The race in a few sentences, joined as the language joins sentences (with a space)."""
    sentences = [
        _start(lang, race, name, car_class, salt),
        _first_stint(lang, race),
        _stop(lang, race, salt),
        _cautions(lang, race),
        _finish(lang, race, name, car_class),
        _penalty(lang, race),
        _net(lang, race),
    ]
    return " ".join(s for s in sentences if s)


def _driver(race: RaceFacts, stint: int) -> str:
    return race.stints[stint].driver if len(race.stints) > stint else ""


def _start(lang: Language, race: RaceFacts, name: str, car_class: str, salt: str) -> str:
    if race.start is None or race.result.status is Status.DNS or not race.stints:
        return ""
    return lang.text(
        pick(START, salt, "start"),
        driver=_driver(race, 0),
        race=name,
        start=lang.ordinal(race.start),
        car_class=car_class,
    )


def _first_stint(lang: Language, race: RaceFacts) -> str:
    if race.start is None or race.at_stop is None:
        return ""
    change, driver = race.start - race.at_stop, _driver(race, 0)
    if change > 0:
        return lang.plural(
            "By the stop {driver} had gained {count} place.",
            "By the stop {driver} had gained {count} places.",
            change,
            driver=driver,
        )
    if change < 0:
        return lang.plural(
            "By the stop {driver} had lost {count} place.",
            "By the stop {driver} had lost {count} places.",
            -change,
            driver=driver,
        )
    return lang.text(
        "{driver} held {position} in class up to the stop.",
        driver=driver,
        position=lang.ordinal(race.at_stop),
    )


def _stop(lang: Language, race: RaceFacts, salt: str) -> str:
    if not race.stops or len(race.stints) < 2:
        return ""
    return lang.text(
        pick(STOP, salt, "stop"),
        lap=race.stops[0].lap,
        driver=_driver(race, 0),
        next_driver=_driver(race, 1),
    )


def _cautions(lang: Language, race: RaceFacts) -> str:
    """The caution periods of the car's race in one sentence, in the race's (the leader's)
    laps; none, no sentence."""
    phrases = []
    for period in race.cautions:
        over, on = CAUTION[period.flag]
        first, last = period.race_laps
        phrases.append(lang.text(on if first == last else over, first=first, last=last))
    if not phrases:
        return ""
    if len(phrases) == 2:
        return lang.text(
            "The race went under caution twice: {periods}.", periods=lang.names(phrases)
        )
    return lang.plural(
        "The race went under caution once: {periods}.",
        "The race went under caution {count} times: {periods}.",
        len(phrases),
        periods=lang.names(phrases),
    )


def _finish(lang: Language, race: RaceFacts, name: str, car_class: str) -> str:
    result = race.result
    return lang.text(
        FINISH[race_kind(result)],
        driver=race.stints[-1].driver if race.stints else "",
        race=name,
        car_class=car_class,
        position=lang.ordinal(result.class_position),
        overall=lang.ordinal(result.position),
        lap=race.retired_on or 0,
    )


def _penalty(lang: Language, race: RaceFacts) -> str:
    """The stewards' time penalty, when there was one (the result above includes it)."""
    millis = race.result.penalty_time
    if not millis:
        return ""
    return lang.text(
        "The stewards added a {seconds} s time penalty to the race time.",
        seconds=lang.seconds(millis),
    )


def _net(lang: Language, race: RaceFacts) -> str:
    """Grid to flag, for a classified car."""
    gained = race.places_gained
    if race.result.status is not Status.CLASSIFIED or gained is None:
        return ""
    if gained >= 5:
        return lang.plural(
            "A climb of {count} place from the grid.",
            "A climb of {count} places from the grid.",
            gained,
        )
    if gained > 0:
        return lang.plural(
            "That was {count} place better than the grid.",
            "That was {count} places better than the grid.",
            gained,
        )
    if gained < 0:
        return lang.plural(
            "That was {count} place lower than the grid.",
            "That was {count} places lower than the grid.",
            -gained,
        )
    return lang.text("That was exactly where the car had started.")
