"""The engine's actions as TwiML, written with the twilio library."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from twilio.twiml.voice_response import Gather, VoiceResponse

RECORD_MAX_S = 30
SILENCE_TIMEOUT_S = 4


@dataclass(frozen=True)
class CallUrls:
    """Where Twilio should post for one call; built by the web layer."""

    answer: str
    silence: str
    recording: str


def render(actions: list[dict[str, Any]], voice: str, mode: str, urls: CallUrls | None,
           transfer_number: str) -> str:
    response = VoiceResponse()
    for action in actions:
        kind = action["type"]
        if kind == "say":
            response.say(action["text"], language=voice)
        elif kind == "ask":
            assert urls is not None, "an ask needs answer URLs"
            _ask(response, action, voice, mode, urls)
        elif kind == "transfer":
            response.dial(transfer_number, timeout=30)
        elif kind == "hangup":
            response.hangup()
    return str(response)


def _ask(response: VoiceResponse, action: dict[str, Any], voice: str, mode: str, urls: CallUrls) -> None:
    if action.get("keys") or action.get("digits"):
        # Keys offered after an answer was not understood: a key press (or a year typed) or a
        # spoken answer, whichever comes (a recording cannot take keys, so Gather in either mode).
        digits = int(action.get("digits", 1))
        gather = Gather(input="dtmf speech", action=urls.answer, method="POST", language=voice, num_digits=digits,
                        finish_on_key="#" if digits > 1 else None, speech_timeout="auto",
                        timeout=SILENCE_TIMEOUT_S + 2 * digits, hints=",".join(action.get("hints", [])) or None)
        gather.say(action["text"], language=voice)
        response.append(gather)
    elif mode == "gather":
        # <Say> inside <Gather> lets the caller answer before the question ends (barge-in).
        gather = Gather(input="speech", action=urls.answer, method="POST", language=voice,
                        speech_timeout="auto", timeout=SILENCE_TIMEOUT_S,
                        hints=",".join(action.get("hints", [])) or None)
        gather.say(action["text"], language=voice)
        response.append(gather)
    else:
        response.say(action["text"], language=voice)
        response.record(action=urls.answer, method="POST", max_length=RECORD_MAX_S, timeout=SILENCE_TIMEOUT_S,
                        play_beep=False, trim="trim-silence", recording_status_callback=urls.recording,
                        recording_status_callback_method="POST")
    # Reached only when nothing was said: Twilio skips the action URL on an empty answer.
    response.redirect(urls.silence, method="POST")


def wait(next_url: str, seconds: int = 1) -> str:
    response = VoiceResponse()
    response.pause(length=seconds)
    response.redirect(next_url, method="POST")
    return str(response)
