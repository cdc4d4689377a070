from __future__ import annotations

from dataclasses import dataclass

from voicebot.telephony.twiml import CallUrls


@dataclass(frozen=True)
class AttemptUrls:
    base: str
    attempt_id: int

    @property
    def voice(self) -> str:
        return f"{self.base}/twilio/voice/{self.attempt_id}"

    @property
    def status(self) -> str:
        return f"{self.base}/twilio/status/{self.attempt_id}"

    def turn(self, seq: int) -> CallUrls:
        return CallUrls(
            answer=f"{self.base}/twilio/answer/{self.attempt_id}/{seq}",
            silence=f"{self.base}/twilio/silence/{self.attempt_id}/{seq}",
            recording=f"{self.base}/twilio/recording/{self.attempt_id}",
        )

    def next(self, seq: int, poll: int) -> str:
        return f"{self.base}/twilio/next/{self.attempt_id}/{seq}?poll={poll}"


def sms_status_url(public_base_url: str, enrollment_id: int) -> str:
    return f"{public_base_url.rstrip('/')}/twilio/sms/status/{enrollment_id}"


def call_urls(public_base_url: str, attempt_id: int) -> AttemptUrls:
    return AttemptUrls(public_base_url.rstrip("/"), attempt_id)
