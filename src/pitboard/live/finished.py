"""A finished session that was not timed live here (imported, or the demo's): its live tower is
the final one, built from the stored laps and the stewards' decisions each time it is asked for.
It takes no live inputs.
"""

from __future__ import annotations

from pitboard.live.fanout import Broadcast, Message
from pitboard.live.inputs import KINDS
from pitboard.live.tower_json import tower_to_json
from pitboard.rules.live import LiveSession
from pitboard.store import Store


class FinishedSession:
    """The `LiveSource` of a session with stored laps and no live journal."""

    def __init__(self, store: Store, session: str) -> None:
        self.store, self.session = store, session
        self.broadcast = Broadcast(self.snapshot)

    @classmethod
    def of(cls, store: Store, session: str) -> FinishedSession | None:
        """The session's final tower, when it has laps in the store and no live inputs."""
        if store.read_journal(session=session, kinds=set(KINDS), limit=1):
            return None
        if not store.load_session(session).laps:
            return None
        return cls(store, session)

    def live(self) -> LiveSession:
        """The stored laps with every decision taken (as a live tower applies penalties)."""
        session = self.store.load_session(self.session)
        rules = self.store.load_session_rules(self.session)
        taken = [decision.penalty for decision in self.store.load_penalties(self.session)]
        return LiveSession.finished(session, rules, taken)

    def tower_json(self) -> Message:
        return tower_to_json(self.live().tower())

    def snapshot(self) -> Message:
        return {"type": "snapshot", **self.tower_json()}

    def refusal(self) -> str:
        """Why live inputs are refused."""
        return (
            f"session {self.session!r} is finished: its result comes from its stored laps "
            "(it has no live journal), so it takes no live inputs"
        )
