"""Twilio's webhooks. Each answer is stored with the promise to process it (the outbox)
and handed to an RQ job; the call waits for the job briefly, and if it is not done yet
Twilio is told to pause and ask again. Redis being away only makes the caller wait.

Every request is checked before anything is written: the signature (403), the call
(404 for an attempt we never made), the fields (400 for a malformed one, another call's
SID, an answer to a question that was not asked)."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from sqlalchemy.exc import InterfaceError, OperationalError

from voicebot import callstate, interview, outbox
from voicebot.db import CallAttempt
from voicebot.services import Services
from voicebot.telephony import twiml
from voicebot.telephony.twilio_rest import TWILIO_API
from voicebot.web.signature import verified_form
from voicebot.web.urls import call_urls

router = APIRouter(prefix="/twilio", include_in_schema=False)
RowId = Annotated[int, Path(ge=1, le=2_147_483_647)]  # what a database integer key can hold
log = logging.getLogger(__name__)
MAX_POLLS = 40  # about two minutes of "one moment, please": a Redis restart fits well inside
RECOVER_EVERY = 3  # polls between checks that the answer's job still exists
DB_PATIENCE_S = 8.0
ANSWER_WAIT_S, POLL_WAIT_S = 2.5, 2.0  # how long a request waits for the answer's job before "one moment"
MAX_SPEECH_CHARS = 2000  # a 30-second answer is a few hundred characters
TROUBLE = {
    "ko": "죄송합니다. 지금 답변을 처리하는 데 문제가 있어 통화를 마치겠습니다. 곧 다시 전화드리겠습니다.",
    "en": "Sorry, we are having trouble processing your answer. We will call you back shortly. Goodbye.",
}


def _svc(request: Request) -> Services:
    return request.app.state.services


def _xml(body: str) -> Response:
    return Response(content=body, media_type="application/xml")


def _call_sid(form: dict[str, str]) -> str:
    sid = form.get("CallSid", "")
    if not (sid.startswith("CA") and 2 < len(sid) <= 64 and sid.isalnum()):
        raise HTTPException(400, "CallSid is missing or malformed")
    return sid


def _seq(seq: int) -> int:
    if not 1 <= seq <= interview.MAX_TURNS:
        raise HTTPException(400, "no such question")
    return seq


def _confidence(form: dict[str, str]) -> float | None:
    raw = form.get("Confidence")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise HTTPException(400, "Confidence must be a number") from None
    if not (math.isfinite(value) and 0 <= value <= 1):
        raise HTTPException(400, "Confidence must be between 0 and 1")
    return value


def _recording(svc: Services, form: dict[str, str]) -> tuple[str | None, str | None]:
    """The recording's URL and SID; only Twilio's own API (or the simulated one) is fetched from."""
    url, sid = form.get("RecordingUrl") or None, form.get("RecordingSid") or None
    if url is None:
        return None, None
    api = svc.settings.simulator_url if svc.settings.simulated_telephony else TWILIO_API
    if not url.startswith(api.rstrip("/") + "/") or len(url) > 500 or any(c in url for c in "?#\\ "):
        raise HTTPException(400, "RecordingUrl is not a Twilio recording")
    if sid is not None and not (sid.startswith("RE") and sid.isalnum() and len(sid) <= 64):
        raise HTTPException(400, "RecordingSid is malformed")
    return url, sid


def _digits(form: dict[str, str]) -> str | None:
    raw = form.get("Digits")
    if not raw:
        return None
    if len(raw) > 20 or any(c not in "0123456789*#" for c in raw):
        raise HTTPException(400, "Digits must be keypad keys")
    return raw


async def _run(func, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    """Runs a database step off the event loop; what the caller got wrong becomes 4xx.
    A database that is restarting is waited for (every step is one transaction, so a
    retry is safe), well inside the 15 s Twilio waits for a webhook."""
    deadline = time.monotonic() + DB_PATIENCE_S
    pause = 0.2
    while True:
        try:
            return await asyncio.to_thread(func, *args, **kwargs)
        except interview.CallNotFound:
            raise HTTPException(404, "no such call") from None
        except interview.Rejected as exc:
            raise HTTPException(400, str(exc)) from None
        except (OperationalError, InterfaceError):
            if time.monotonic() + pause > deadline:
                raise
            log.warning("database unavailable; retrying the webhook's step")
            await asyncio.sleep(pause)
            pause = min(pause * 2, 2.0)


def _render(svc: Services, attempt_id: int, actions: list[dict]) -> Response:
    with svc.db.session() as session:
        attempt = session.get_one(CallAttempt, attempt_id)
        campaign = attempt.enrollment.campaign
        flow = svc.flow(campaign.flow_path)
        seq = interview.next_seq(attempt)
        mode = campaign.answer_mode
    urls = call_urls(svc.settings.public_base_url, attempt_id)
    return _xml(twiml.render(actions, flow.voice, mode, urls.turn(seq), svc.settings.transfer_number))


@router.post("/voice/{attempt_id}")
async def voice(attempt_id: RowId, request: Request, form: dict = Depends(verified_form)) -> Response:
    svc = _svc(request)
    actions = await _run(interview.begin, svc, attempt_id, _call_sid(form), form.get("AnsweredBy"))
    return await _run(_render, svc, attempt_id, actions)


@router.post("/answer/{attempt_id}/{seq}")
async def answer(attempt_id: RowId, seq: RowId, request: Request, form: dict = Depends(verified_form)) -> Response:
    svc = _svc(request)
    recording_url, recording_sid = _recording(svc, form)
    speech = form.get("SpeechResult")
    if speech is not None and len(speech) > MAX_SPEECH_CHARS:
        raise HTTPException(400, "SpeechResult is too long")
    turn_id, new = await _run(
        interview.receive_answer, svc, attempt_id, _seq(seq), _call_sid(form), recording_url=recording_url,
        recording_sid=recording_sid, speech=speech, speech_confidence=_confidence(form), digits=_digits(form))
    if new:
        await asyncio.to_thread(outbox.hand_over, svc, "answer", turn_id)
    return await _reply_or_wait(svc, attempt_id, seq, poll=0, wait_s=ANSWER_WAIT_S)


@router.post("/next/{attempt_id}/{seq}")
async def next_(attempt_id: RowId, seq: RowId, request: Request, poll: int = 0,
                form: dict = Depends(verified_form)) -> Response:
    svc = _svc(request)
    _call_sid(form)
    if not 0 <= poll <= MAX_POLLS:
        raise HTTPException(400, "poll out of range")
    if await _run(interview.pending_turn, svc, attempt_id, _seq(seq)) is None and \
            await _run(interview.reply_for, svc, attempt_id, seq) is None:
        raise HTTPException(400, "no answer to that question is being processed")
    return await _reply_or_wait(svc, attempt_id, seq, poll=poll, wait_s=POLL_WAIT_S)


async def _reply_or_wait(svc: Services, attempt_id: int, seq: int, poll: int, wait_s: float) -> Response:
    deadline = time.monotonic() + wait_s
    while True:
        actions = await _run(interview.reply_for, svc, attempt_id, seq)
        if actions is not None:
            return await _run(_render, svc, attempt_id, actions)
        if time.monotonic() >= deadline:
            break
        await asyncio.sleep(0.05)
    if poll % RECOVER_EVERY == RECOVER_EVERY - 1:
        turn_id = await _run(interview.pending_turn, svc, attempt_id, seq)
        if turn_id is not None:
            await asyncio.to_thread(outbox.ensure_handed, svc, "answer", turn_id)
    if poll >= MAX_POLLS:
        # The answer stays stored and promised: it is understood when the queue is back, a
        # risk in it still reaches an officer, and the household is called again.
        log.warning("attempt %s: answer %s not processed in time; ending the call politely", attempt_id, seq)
        return await _run(_trouble, svc, attempt_id)
    return _xml(twiml.wait(call_urls(svc.settings.public_base_url, attempt_id).next(seq, poll + 1)))


def _trouble(svc: Services, attempt_id: int) -> Response:
    with svc.db.session() as session:
        flow = svc.flow(session.get_one(CallAttempt, attempt_id).enrollment.campaign.flow_path)
    text = flow.messages.get("trouble") or TROUBLE.get(flow.language, TROUBLE["ko"])
    return _xml(twiml.render([{"type": "say", "text": text}, {"type": "hangup"}], flow.voice, "record", None, ""))


@router.post("/silence/{attempt_id}/{seq}")
async def silence(attempt_id: RowId, seq: RowId, request: Request, form: dict = Depends(verified_form)) -> Response:
    svc = _svc(request)
    actions = await _run(interview.silence, svc, attempt_id, _seq(seq), _call_sid(form))
    return await _run(_render, svc, attempt_id, actions)


@router.post("/status/{attempt_id}")
async def status(attempt_id: RowId, request: Request, form: dict = Depends(verified_form)) -> Response:
    _call_sid(form)
    if form.get("CallStatus") not in callstate.TWILIO_STATUSES:
        raise HTTPException(400, "CallStatus is missing or unknown")
    seq = form.get("SequenceNumber")
    if seq is not None and not (seq.isdigit() and len(seq) <= 9):
        raise HTTPException(400, "SequenceNumber must be a whole number")
    duration = form.get("CallDuration")
    if duration and not (duration.isdigit() and len(duration) <= 9):
        raise HTTPException(400, "CallDuration must be a whole number")
    await _run(interview.record_status, _svc(request), attempt_id, form)
    return Response(status_code=204)


@router.post("/recording/{attempt_id}")
async def recording(attempt_id: RowId, request: Request, form: dict = Depends(verified_form)) -> Response:
    # The answer webhook already carries the recording; this callback only confirms it.
    return Response(status_code=204)
