"""Twilio's webhooks. Each answer is handed to an RQ job; the call waits for the job
briefly, and if it is not done yet Twilio is told to pause and ask again."""

from __future__ import annotations

import asyncio
import time

from fastapi import APIRouter, Depends, Request, Response

from voicebot import interview
from voicebot.db import CallAttempt
from voicebot.jobs.answers import enqueue_answer, requeue_if_lost
from voicebot.services import Services
from voicebot.telephony import twiml
from voicebot.web.signature import verified_form
from voicebot.web.urls import call_urls

router = APIRouter(prefix="/twilio")
MAX_POLLS = 20
RECOVER_EVERY = 3  # polls (about 3 s each) between checks that a worker still has the answer


def _svc(request: Request) -> Services:
    return request.app.state.services


def _xml(body: str) -> Response:
    return Response(content=body, media_type="application/xml")


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
async def voice(attempt_id: int, request: Request, form: dict = Depends(verified_form)) -> Response:
    svc = _svc(request)
    actions = await asyncio.to_thread(interview.begin, svc, attempt_id, form.get("AnsweredBy"))
    return await asyncio.to_thread(_render, svc, attempt_id, actions)


@router.post("/answer/{attempt_id}/{seq}")
async def answer(attempt_id: int, seq: int, request: Request, form: dict = Depends(verified_form)) -> Response:
    svc = _svc(request)
    speech = form.get("SpeechResult")
    confidence = float(form["Confidence"]) if form.get("Confidence") else None
    turn_id, new = await asyncio.to_thread(
        interview.receive_answer, svc, attempt_id, seq, recording_url=form.get("RecordingUrl"),
        recording_sid=form.get("RecordingSid"), speech=speech, speech_confidence=confidence)
    if new:
        enqueue_answer(svc.queue("answers"), turn_id)
    return await _reply_or_wait(svc, attempt_id, seq, poll=0, wait_s=2.5)


@router.post("/next/{attempt_id}/{seq}")
async def next_(attempt_id: int, seq: int, request: Request, poll: int = 0,
                form: dict = Depends(verified_form)) -> Response:
    return await _reply_or_wait(_svc(request), attempt_id, seq, poll=poll, wait_s=2.0)


async def _reply_or_wait(svc: Services, attempt_id: int, seq: int, poll: int, wait_s: float) -> Response:
    deadline = time.monotonic() + wait_s
    while True:
        actions = await asyncio.to_thread(interview.reply_for, svc, attempt_id, seq)
        if actions is not None:
            return await asyncio.to_thread(_render, svc, attempt_id, actions)
        if time.monotonic() >= deadline:
            break
        await asyncio.sleep(0.05)
    if poll % RECOVER_EVERY == RECOVER_EVERY - 1:
        turn_id = await asyncio.to_thread(interview.pending_turn, svc, attempt_id, seq)
        if turn_id is not None:
            await asyncio.to_thread(requeue_if_lost, svc.queue("answers"), turn_id)
    if poll >= MAX_POLLS:  # the answer could not be handled at all: treat it as unheard
        actions = await asyncio.to_thread(interview.silence, svc, attempt_id, seq)
        return await asyncio.to_thread(_render, svc, attempt_id, actions)
    return _xml(twiml.wait(call_urls(svc.settings.public_base_url, attempt_id).next(seq, poll + 1)))


@router.post("/silence/{attempt_id}/{seq}")
async def silence(attempt_id: int, seq: int, request: Request, form: dict = Depends(verified_form)) -> Response:
    svc = _svc(request)
    actions = await asyncio.to_thread(interview.silence, svc, attempt_id, seq)
    return await asyncio.to_thread(_render, svc, attempt_id, actions)


@router.post("/status/{attempt_id}")
async def status(attempt_id: int, request: Request, form: dict = Depends(verified_form)) -> Response:
    await asyncio.to_thread(interview.record_status, _svc(request), attempt_id, form)
    return Response(status_code=204)


@router.post("/recording/{attempt_id}")
async def recording(attempt_id: int, request: Request, form: dict = Depends(verified_form)) -> Response:
    # The answer webhook already carries the recording; this callback only confirms it.
    return Response(status_code=204)
