"""What a live session leaves in the store besides its journal: each lap as it completes and
each penalty race control sends as a stewards' decision, so the store's result (the site,
publishing, standings, reports) is the live one.

The laps go in the journal's transaction of the inputs that complete them (`LiveJournal.begin`);
the decisions follow the input that made them. After a restart `catch_up` writes what the store
lacks (a process that died in between, laps stored before they went with the journal) from the
session rebuilt by the replay.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from pitboard.model import Lap, Penalty, PitboardError
from pitboard.model.passing import LiveInput, PenaltyGiven
from pitboard.rules.live import LiveSession
from pitboard.store import Decision, Store

LIVE_DECIDER = "race control (live timing)"


class Recorder:
    def __init__(self, store: Store, session: str, live: LiveSession) -> None:
        self.store, self.session, self.live = store, session, live

    def catch_up(self, stored_laps: Sequence[Lap]) -> None:
        """After the replay: store the laps and decisions the journal gives and the store lacks.
        Stored laps the journal does not give (timing saved from elsewhere) are replaced; a
        session with stored laps and no live inputs at all is finished and refused."""
        built = self.live.builder.laps
        if stored_laps and not self.live.inputs:
            raise PitboardError(
                f"session {self.session!r} is finished: it has {len(stored_laps)} stored laps "
                "and no live journal, so it takes no live inputs"
            )
        if list(built[: len(stored_laps)]) == list(stored_laps):
            self.store.append_laps(self.session, built[len(stored_laps) :])
        else:
            self.store.save_session(self.session, self.live.session())
        taken = self.store.load_penalties(self.session)
        decided = [d for d in taken if d.decided_by == LIVE_DECIDER]
        given = [p for p in self.live.penalties if p.car in self._entered()]
        self._decide(given[len(decided) :])

    def record(self, inputs: Sequence[LiveInput]) -> list[str]:
        """Store the inputs' penalties as decisions (their laps went in with their journal
        records: `LiveJournal.begin`); returns the penalties that cannot be decisions (a car
        not entered), for the operator."""
        penalties = [item.penalty for item in inputs if isinstance(item, PenaltyGiven)]
        return self._decide(penalties)

    def _decide(self, penalties: Sequence[Penalty]) -> list[str]:
        if not penalties:  # most batches: no entry list, no clock read
            return []
        entered = self._entered()
        now = datetime.now(UTC)
        decisions = [Decision(p, LIVE_DECIDER, now) for p in penalties if p.car in entered]
        if decisions:
            self.store.save_penalties(self.session, decisions)
        return [
            f"penalty for car {p.car!r}, not entered in session {self.session!r}: not a decision"
            for p in penalties
            if p.car not in entered
        ]

    def _entered(self) -> set[str]:
        return {entry.number for entry in self.live.entries}
