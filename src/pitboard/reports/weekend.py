"""The weekend report: one car's weekend as a press release, written from the results.

`weekend_report(weekend, car, language, quotes, media)` returns a `Report` (headline, lead, parts,
results list, links, calendar); render.py prints it as Markdown, HTML or PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pitboard.model import CarNumber, ClassificationStatus, Entry, PitboardError, SessionKind
from pitboard.reports.conditions import Conditions, conditions
from pitboard.reports.facts import RaceFacts, WeekendFacts, weekend_facts
from pitboard.reports.i18n import N_, Language
from pitboard.reports.press_kit import Media, Quote
from pitboard.reports.race_story import race_paragraph
from pitboard.reports.story import CONTEXT, HEADLINES, outcome, pick, race_summary, timed_sentence
from pitboard.reports.weekend_data import CalendarRound, Weekend
from pitboard.rules.results_table import ResultRow, status_text

Status = ClassificationStatus

SESSION_LABELS = {
    "fp1": N_("Free practice 1"),
    "fp2": N_("Free practice 2"),
    "q1": N_("Qualifying 1 (Q1)"),
    "q2": N_("Qualifying 2 (Q2)"),
    "race1": N_("Race 1"),
    "race2": N_("Race 2"),
}
STATUS_MEANINGS = {  # what the status column's mark (`rules.results_table.status_text`) means
    Status.DNF: N_("Retired"),
    Status.DNS: N_("Did not start"),
    Status.NOT_CLASSIFIED: N_("Not classified"),
    Status.DSQ: N_("Disqualified"),
}


class UnknownEntry(PitboardError):
    """The car asked for is not entered in the weekend."""


@dataclass(slots=True)
class Part:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    chart: str | None = None  # the race (session key) whose chart goes with this part
    quotes: list[str] = field(default_factory=list)  # from the press officer's file


@dataclass(slots=True)
class Report:
    language: str
    headline: str
    lead: str
    parts: list[Part]
    results_title: str
    results: list[str]
    links: list[tuple[str, str]]  # (label, url)
    links_title: str
    calendar_title: str
    calendar: list[str]
    notice: str | None
    facts: WeekendFacts


def session_label(lang: Language, key: str, fallback: str = "") -> str:
    return lang.text(SESSION_LABELS[key]) if key in SESSION_LABELS else (fallback or key)


def crew_name(lang: Language, entry: Entry) -> str:
    """`Oskar and Elin Vallgren` for a crew with one family name, else every full name."""
    names = [driver.name.rsplit(" ", 1) for driver in entry.drivers]
    if len(names) > 1 and all(len(n) == 2 for n in names) and len({n[1] for n in names}) == 1:
        first = lang.names([n[0] for n in names])
        return lang.text("{first_names} {family_name}", first_names=first, family_name=names[0][1])
    return lang.names([driver.name for driver in entry.drivers])


def weekend_report(
    weekend: Weekend,
    car: CarNumber,
    lang: Language,
    quotes: Sequence[Quote] = (),
    media: Media | None = None,
) -> Report:
    entry = _entry(weekend, car)
    facts = weekend_facts(weekend, car)
    races = [facts.races[key] for key in facts.races]
    values = _values(weekend, entry, lang)
    best = outcome(races, weekend.points_places)
    best_race = _headline_race(lang, weekend, facts)
    wording = pick(HEADLINES[best], weekend.season, weekend.event.key, car)
    headline = lang.text(wording, race=best_race, **values)
    parts = _timed_parts(lang, weekend, facts, entry, quotes)
    parts += _race_parts(lang, weekend, facts, entry, quotes)
    parts += _closing_parts(lang, weekend, quotes)
    links = _links(lang, media)
    return Report(
        language=lang.code,
        headline=headline,
        lead=_lead(lang, weekend, facts, entry, values),
        parts=parts,
        results_title=lang.text("Results ({car_class} class)", car_class=entry.car_class),
        results=results_list(lang, weekend, facts),
        links=links,
        links_title=lang.text("TV and photos"),
        calendar_title=lang.text("Calendar: {season}", season=values["season"]),
        calendar=[calendar_line(lang, r) for r in weekend.calendar],
        notice=lang.text("Synthetic data: every team, driver and result in this report is "
                         "invented.") if weekend.synthetic else None,
        facts=facts,
    )  # fmt: skip


def _entry(weekend: Weekend, car: CarNumber) -> Entry:
    for session in weekend.sessions:
        if car in session.session.entries:
            return session.session.entries[car]
    raise UnknownEntry(f"car {car!r} is not entered at {weekend.event.key}")


def _values(weekend: Weekend, entry: Entry, lang: Language) -> dict[str, object]:
    event = weekend.event
    return {
        "crew": crew_name(lang, entry),
        "venue": event.venue,
        "car_class": entry.car_class,
        "season": weekend.season_name,
        "round": event.number,
        "dates": lang.date_range(event.start, event.end),
        "vehicle": entry.vehicle,
    }


def _headline_race(lang: Language, weekend: Weekend, facts: WeekendFacts) -> str:
    """The race the headline is about: the best class finish."""
    finished = [(r.result.class_position, k) for k, r in facts.races.items()
                if r.result.status is Status.CLASSIFIED]  # fmt: skip
    key = min(finished)[1] if finished else next(iter(facts.races), "")
    return session_label(lang, key, weekend.name_of(key))


def _lead(
    lang: Language, weekend: Weekend, facts: WeekendFacts, entry: Entry, values: dict[str, object]
) -> str:
    sentences = [lang.text(pick(CONTEXT, weekend.season, weekend.event.key, "lead"), **values)]
    if entry.team:
        sentences.append(lang.text("The car is entered by {team}.", team=entry.team))
    for key, race in facts.races.items():
        sentences.append(
            race_summary(
                lang, race.result, session_label(lang, key, weekend.name_of(key)), entry.car_class
            )
        )
    return " ".join(sentences)


def _quotes(lang: Language, quotes: Sequence[Quote], part: str) -> list[str]:
    return [
        lang.text("{driver}: “{quote}”", quote=q.texts[lang.code], driver=q.driver)
        for q in quotes
        if q.part == part and lang.code in q.texts
    ]


def quote_holds(when: str, race: RaceFacts) -> bool:
    """Whether the race went as a quote's `when` takes for granted."""
    gained = race.places_gained or 0
    return {
        "gained": gained > 0,
        "lost": gained < 0,
        "finished": race.result.status is Status.CLASSIFIED,
        "retired": race.result.status is Status.DNF,
    }[when]


def _timed_parts(
    lang: Language, weekend: Weekend, facts: WeekendFacts, entry: Entry, quotes: Sequence[Quote]
) -> list[Part]:
    parts, crew = [], crew_name(lang, entry)
    for kind, title, key in (
        (SessionKind.PRACTICE, N_("Free practice"), "practice"),
        (SessionKind.QUALIFYING, N_("Qualifying"), "qualifying"),
    ):
        lines = [
            timed_sentence(
                lang, s, session_label(lang, s.key, weekend.name_of(s.key)), entry.car_class, crew
            )
            for s in facts.sessions
            if s.kind is kind
        ]
        if lines:
            parts.append(
                Part(lang.text(title), [" ".join(lines)], quotes=_quotes(lang, quotes, key))
            )
    if parts:
        parts[0].quotes[:0] = _quotes(lang, quotes, "weekend")
    return parts


def _race_parts(
    lang: Language, weekend: Weekend, facts: WeekendFacts, entry: Entry, quotes: Sequence[Quote]
) -> list[Part]:
    parts = []
    for key, race in facts.races.items():
        name = session_label(lang, key, weekend.name_of(key))
        salt = "/".join((weekend.season, weekend.event.key, facts.car, key))
        paragraphs = [race_paragraph(lang, race, name, entry.car_class, salt)]
        session = weekend.session(key)
        weather = conditions(session.weather) if session else None
        if weather is not None:
            paragraphs.append(_conditions(lang, weather))
        chart = key if race.chart else None
        fitting = [q for q in quotes if not q.when or quote_holds(q.when, race)]
        parts.append(Part(name, paragraphs, chart, _quotes(lang, fitting, key)))
    return parts


def _conditions(lang: Language, weather: Conditions) -> str:
    air = lang.decimal(weather.air[1])
    if weather.track is None:
        return lang.text("Conditions: air up to {air} °C.", air=air)
    track = lang.decimal(weather.track[1])
    if weather.wet:
        return lang.text("Conditions: wet, air up to {air} °C, track up to {track} °C.",
                         air=air, track=track)  # fmt: skip
    if weather.hot:
        return lang.text("Conditions: hot and dry, air up to {air} °C and the track up to "
                         "{track} °C.", air=air, track=track)  # fmt: skip
    return lang.text("Conditions: dry, air up to {air} °C, track up to {track} °C.",
                     air=air, track=track)  # fmt: skip


def _closing_parts(lang: Language, weekend: Weekend, quotes: Sequence[Quote]) -> list[Part]:
    following = [r for r in weekend.calendar if r.start > weekend.event.end]
    if not following:
        text = lang.text("{venue} was the last round of the season.", venue=weekend.event.venue)
        return [Part(lang.text("Next round"), [text], quotes=_quotes(lang, quotes, "next"))]
    upcoming = min(following, key=lambda r: r.start)
    weeks = (upcoming.start - weekend.event.end).days // 7
    text = lang.plural(
        "Round {round} follows in {count} week, {dates}: {venue}, {country}.",
        "Round {round} follows in {count} weeks, {dates}: {venue}, {country}.",
        weeks,
        round=upcoming.number,
        venue=upcoming.venue,
        country=lang.country(upcoming.country),
        dates=lang.date_range(upcoming.start, upcoming.end),
    )
    return [Part(lang.text("Next round"), [text], quotes=_quotes(lang, quotes, "next"))]


def calendar_line(lang: Language, round_: CalendarRound) -> str:
    return lang.text(
        "{dates} – {venue}, {country}",
        dates=lang.date_range(round_.start, round_.end),
        venue=round_.venue,
        country=lang.country(round_.country),
    )


def results_list(lang: Language, weekend: Weekend, facts: WeekendFacts) -> list[str]:
    """One line per session from the car's row of each result table (`rules.results_table`, as
    every other presentation shows it): `Free practice 1: 20th place`, `Race 1: DNF (Retired)`."""
    return [
        _result_line(lang, facts.results[s.key], s.kind,
                     session_label(lang, s.key, weekend.name_of(s.key)))
        for s in facts.sessions
    ]  # fmt: skip


def _result_line(lang: Language, row: ResultRow, kind: SessionKind, session: str) -> str:
    if not row.classified:
        meaning = lang.text(STATUS_MEANINGS[row.status])
        return lang.text("{session}: {status} ({meaning})", session=session,
                         status=status_text(row), meaning=meaning)  # fmt: skip
    untimed = kind is not SessionKind.RACE and row.car.best_lap is None
    if untimed or row.class_position is None:
        return lang.text("{session}: no time", session=session)
    return lang.text("{session}: {position} place", session=session,
                     position=lang.ordinal(row.class_position))  # fmt: skip


def _links(lang: Language, media: Media | None) -> list[tuple[str, str]]:
    if media is None:
        return []
    labels = {
        "qualifying": lang.text("Watch Qualifying 1 & 2"),
        "race1": lang.text("Watch Race 1"),
        "race2": lang.text("Watch Race 2"),
    }
    links = [(labels.get(link.part, link.part), link.url) for link in media.tv]
    if media.photos:
        links.append((lang.text("Press photos"), media.photos))
    return links
