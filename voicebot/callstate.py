"""A call's status, which only ever moves forward.

Twilio does not promise to deliver status callbacks in order (their SequenceNumber says
the order they were sent in) and may deliver one twice; a late "ringing" after
"completed" must not bring a finished call back to life, where the scheduler would count
it against the concurrency limit for ever."""

from __future__ import annotations

# Our own states before Twilio knows the call, then Twilio's CallStatus values.
RANK: dict[str, int] = {
    "queued": 0, "dialing": 1, "initiated": 2, "ringing": 3, "in-progress": 4,
    "completed": 5, "busy": 5, "no-answer": 5, "failed": 5, "canceled": 5,
}
TWILIO_STATUSES = frozenset(RANK) - {"dialing"}
FINAL = frozenset(s for s, r in RANK.items() if r == 5)
LIVE = tuple(s for s, r in RANK.items() if r < 5)


def advances(current: str, new: str) -> bool:
    """Whether a callback saying `new` moves a call that is `current` forward."""
    return RANK.get(new, -1) > RANK.get(current, -1)


def is_final(status: str) -> bool:
    return status in FINAL
