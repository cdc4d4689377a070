"""The one telephony implementation: the real twilio library.

For the simulated network the same client is used, with an HTTP layer that sends
api.twilio.com requests to the simulator instead: everything above the socket is
Twilio's own code, so the simulator is tested against what production sends."""

from __future__ import annotations

import time
from datetime import datetime

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from voicebot.settings import Settings
from voicebot.telephony.base import CallInfo, CallRejected, MessageRejected, RecordingMissing

TWILIO_API = "https://api.twilio.com"
STATUS_EVENTS = ["initiated", "ringing", "answered", "completed"]


class RedirectingHttpClient(TwilioHttpClient):
    """Sends the requests the twilio library makes to another base URL."""

    def __init__(self, base_url: str) -> None:
        super().__init__(timeout=10)
        self.base_url = base_url.rstrip("/")

    def request(self, method: str, url: str, *args, **kwargs) -> Response:  # noqa: ANN002, ANN003
        if url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API):]
        return super().request(method, url, *args, **kwargs)


class TwilioTelephony:
    """Calls, recordings and text messages through one Twilio account (Telephony, Messaging)."""

    def __init__(self, account_sid: str, auth_token: str, from_number: str,
                 http_client: TwilioHttpClient | None = None, api_base: str = TWILIO_API) -> None:
        self.client = Client(account_sid, auth_token, http_client=http_client)
        self.auth = (account_sid, auth_token)
        self.from_number = from_number
        self.api_base = api_base

    def place_call(self, to: str, answer_url: str, status_url: str) -> str:
        try:
            call = self.client.calls.create(
                to=to, from_=self.from_number, url=answer_url, method="POST",
                status_callback=status_url, status_callback_method="POST",
                status_callback_event=STATUS_EVENTS, machine_detection="Enable", timeout=30,
            )
        except TwilioRestException as exc:
            if 400 <= exc.status < 500 and exc.status != 429:  # refused: no call was made
                raise CallRejected(f"Twilio error {exc.code or exc.status}") from None
            raise
        return call.sid

    def fetch_call(self, sid: str) -> CallInfo | None:
        try:
            return _info(self.client.calls(sid).fetch())
        except TwilioRestException as exc:
            if exc.status == 404:
                return None
            raise

    def find_calls(self, to: str, since: datetime) -> list[CallInfo]:
        return [_info(c) for c in self.client.calls.list(to=to, start_time_after=since, limit=20)]

    def hang_up(self, sid: str) -> None:
        self.client.calls(sid).update(status="completed")

    def send_sms(self, to: str, body: str, status_url: str) -> str:
        try:
            message = self.client.messages.create(to=to, from_=self.from_number, body=body,
                                                  status_callback=status_url)
        except TwilioRestException as exc:
            if 400 <= exc.status < 500 and exc.status != 429:
                raise MessageRejected(f"Twilio error {exc.code or exc.status}") from None
            raise
        return message.sid

    def fetch_recording(self, url: str, attempts: int = 5) -> bytes:
        """Twilio may answer 404 for a moment after the recording callback; retry then."""
        if url.startswith(TWILIO_API):
            url = self.api_base + url[len(TWILIO_API):]
        if not url.endswith((".wav", ".mp3")):
            url += ".wav"
        delay = 0.2
        for attempt in range(attempts):
            resp = requests.get(url, auth=self.auth, timeout=15)
            if resp.status_code == 200:
                return resp.content
            if resp.status_code == 404 and attempt == attempts - 1:
                raise RecordingMissing(url.rsplit("/", 1)[-1])
            if resp.status_code != 404:
                resp.raise_for_status()
            time.sleep(delay)
            delay *= 2
        raise RuntimeError("unreachable")

    def delete_recording(self, recording_sid: str) -> None:
        self.client.recordings(recording_sid).delete()


def _info(call) -> CallInfo:  # noqa: ANN001
    return CallInfo(sid=call.sid, to=call.to, status=call.status, created=call.date_created,
                    duration_s=int(call.duration or 0), answered_by=call.answered_by)


def telephony_from_settings(settings: Settings) -> TwilioTelephony:
    if settings.simulated_telephony:
        return TwilioTelephony(
            settings.effective_account_sid, settings.effective_auth_token, settings.twilio_from_number,
            http_client=RedirectingHttpClient(settings.simulator_url), api_base=settings.simulator_url,
        )
    return TwilioTelephony(settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_from_number)
