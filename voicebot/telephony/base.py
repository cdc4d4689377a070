from __future__ import annotations

from typing import Protocol


class Telephony(Protocol):
    def place_call(self, to: str, answer_url: str, status_url: str) -> str:
        """Dials out; returns the call SID."""
        ...

    def fetch_recording(self, url: str) -> bytes: ...

    def delete_recording(self, recording_sid: str) -> None: ...
