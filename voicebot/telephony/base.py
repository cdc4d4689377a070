from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class RecordingMissing(LookupError):
    """Twilio has no such recording (never made, or deleted)."""


class CallRejected(RuntimeError):
    """Twilio refused to place the call (an invalid or blocked number): no call exists."""


class MessageRejected(RuntimeError):
    """Twilio refused the text message (a landline, an invalid number): none was sent."""


@dataclass(frozen=True)
class CallInfo:
    """A call as Twilio's Calls resource describes it."""

    sid: str
    to: str
    status: str
    created: datetime | None = None
    duration_s: int = 0
    answered_by: str | None = None


class Telephony(Protocol):
    def place_call(self, to: str, answer_url: str, status_url: str) -> str:
        """Dials out; returns the call SID. CallRejected when Twilio refuses it."""
        ...

    def fetch_call(self, sid: str) -> CallInfo | None:
        """The call's current state; None when Twilio does not know it."""
        ...

    def find_calls(self, to: str, since: datetime) -> list[CallInfo]:
        """Calls placed to a number since a time (a dial whose SID was never stored)."""
        ...

    def hang_up(self, sid: str) -> None: ...

    def fetch_recording(self, url: str) -> bytes:
        """RecordingMissing when Twilio has none."""
        ...

    def delete_recording(self, recording_sid: str) -> None: ...


class Messaging(Protocol):
    def send_sms(self, to: str, body: str, status_url: str) -> str:
        """Sends a text message; returns its SID. MessageRejected when Twilio refuses it."""
        ...
