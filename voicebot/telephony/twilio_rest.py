"""The one telephony implementation: the real twilio library.

For the simulated network the same client is used, with an HTTP layer that sends
api.twilio.com requests to the simulator instead: everything above the socket is
Twilio's own code, so the simulator is tested against what production sends."""

from __future__ import annotations

import time

import requests
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from voicebot.settings import Settings

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
    def __init__(self, account_sid: str, auth_token: str, from_number: str,
                 http_client: TwilioHttpClient | None = None, api_base: str = TWILIO_API) -> None:
        self.client = Client(account_sid, auth_token, http_client=http_client)
        self.auth = (account_sid, auth_token)
        self.from_number = from_number
        self.api_base = api_base

    def place_call(self, to: str, answer_url: str, status_url: str) -> str:
        call = self.client.calls.create(
            to=to, from_=self.from_number, url=answer_url, method="POST",
            status_callback=status_url, status_callback_method="POST",
            status_callback_event=STATUS_EVENTS, machine_detection="Enable", timeout=30,
        )
        return call.sid

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
            if resp.status_code != 404 or attempt == attempts - 1:
                resp.raise_for_status()
            time.sleep(delay)
            delay *= 2
        raise RuntimeError("unreachable")

    def delete_recording(self, recording_sid: str) -> None:
        self.client.recordings(recording_sid).delete()


def telephony_from_settings(settings: Settings) -> TwilioTelephony:
    if settings.simulated_telephony:
        return TwilioTelephony(
            settings.effective_account_sid, settings.effective_auth_token, settings.twilio_from_number,
            http_client=RedirectingHttpClient(settings.simulator_url), api_base=settings.simulator_url,
        )
    return TwilioTelephony(settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_from_number)
