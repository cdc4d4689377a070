"""One answer: fetch the recording, transcribe it, classify it, advance the interview."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rq import Queue

from voicebot import outbox
from voicebot.db import Turn
from voicebot.flow import Heard
from voicebot.interview import hear
from voicebot.jobs import runtime
from voicebot.speech.audio import AudioError, decode
from voicebot.speech.base import SpeechRequest
from voicebot.telephony import RecordingMissing, telephony_from_settings

log = logging.getLogger(__name__)


MAX_BATCH = 4  # answers decoded together; more would make the first caller wait for the last
GATHER_DOUBT = 0.4  # Twilio's speech confidence below which an answer is read back before it counts


@dataclass
class _Answer:
    turn_id: int
    text: str | None
    url: str | None
    sid: str | None
    language: str
    asked: str
    hints: tuple[str, ...]
    digits: str | None = None
    confidence: float | None = None  # Twilio's, for a <Gather> speech answer
    data: bytes | None = None
    audio: np.ndarray | None = None


def process_answer(turn_id: int) -> str:
    """Handles this answer and any queued behind it, in one speech-to-text batch."""
    svc = runtime.services()
    ids = [turn_id, *claim_waiting(svc.queue("answers"), MAX_BATCH - 1)]
    return process_answers(svc, ids)[0]


def claim_waiting(queue: Queue, limit: int) -> list[int]:
    """Takes answers still waiting in the queue, for this worker's batch. LREM is atomic,
    so of two workers only one gets each job; the job record is then deleted (if this
    worker dies, the outbox hands the answers over again)."""
    claimed: list[int] = []
    for job_id in queue.get_job_ids(0, limit * 2):
        if len(claimed) >= limit:
            break
        if job_id.startswith("answer-") and queue.remove(job_id):
            claimed.append(int(job_id.removeprefix("answer-")))
            queue.connection.delete(queue.job_class.key_for(job_id))
    return claimed


def process_answers(svc, turn_ids: list[int]) -> list[str]:  # noqa: ANN001
    answers = [_load(svc, t) for t in turn_ids]
    todo = [a for a in answers if a is not None and a.text is None and a.url]
    heard_audio = {}
    telephony = telephony_from_settings(svc.settings) if todo else None
    if todo:
        stt = runtime.stt()
        for a in todo:
            a.data = _fetch(svc, telephony, a)
            if a.data is None:
                continue
            try:
                a.audio = decode(a.data)
            except AudioError:
                log.warning("turn %s: undecodable recording", a.turn_id)
        ready = [a for a in todo if a.audio is not None]
        results = stt.transcribe_batch([SpeechRequest(a.audio, a.language, a.asked, a.hints, a.data) for a in ready])
        for a, result in zip(ready, results, strict=True):
            _store_audio(svc, a.turn_id, a.data)
            heard_audio[a.turn_id] = result
    out: dict[int, str] = {}
    texts: list[tuple[int, str, float | None, bool]] = []
    for a, turn_id in zip(answers, turn_ids, strict=True):
        if a is None:
            out[turn_id] = "already processed"
            continue
        if a.digits:
            out[turn_id] = _advance(svc, turn_id, Heard(text=a.text or f"[{a.digits}]", digits=a.digits), a.text or "")
            continue
        if a.text is None and a.url:
            result = heard_audio.get(a.turn_id)
            if result is None or result.no_speech:
                out[turn_id] = _advance(svc, turn_id, Heard(no_speech=True), "")
                continue
            texts.append((turn_id, result.text, result.avg_logprob, result.low_confidence))
        elif (a.text or "").strip():
            doubt = a.confidence is not None and a.confidence < GATHER_DOUBT
            texts.append((turn_id, a.text or "", a.confidence, doubt))
        else:
            out[turn_id] = _advance(svc, turn_id, Heard(no_speech=True), "")
    preds = runtime.classifier().predict([t for _, t, _, _ in texts]) if texts else []
    for (turn_id, text, conf, low), pred in zip(texts, preds, strict=True):
        out[turn_id] = _advance(svc, turn_id, Heard.understood(text, pred, low), text, conf)
    # Only once the answers are stored does Twilio's copy go: a worker that dies before
    # this point leaves the recording for the next one.
    for a in todo:
        if a.sid and a.data is not None and telephony is not None:
            telephony.delete_recording(a.sid)
    return [out[t] for t in turn_ids]


def _fetch(svc, telephony, a: _Answer) -> bytes | None:  # noqa: ANN001
    """The recording; None when Twilio has none (it was never made, or is gone for good).
    Other failures raise: the job fails and the outbox hands the answer over again."""
    kept = _local_copy(svc, a.turn_id)
    if kept.exists():
        return kept.read_bytes()  # kept by an earlier run of this job, before Twilio's copy went
    try:
        return telephony.fetch_recording(a.url)
    except RecordingMissing:
        log.warning("turn %s: recording not found at Twilio; heard as silence", a.turn_id)
        return None


def _load(svc, turn_id: int) -> _Answer | None:  # noqa: ANN001
    with svc.db.session() as session:
        turn = session.get(Turn, turn_id)
        if turn is None or turn.status == "processed":
            outbox.mark_done(session, "answer", turn_id)
            return None
        flow = svc.flow(turn.attempt.enrollment.campaign.flow_path)
        hints = next((a.get("hints", []) for a in turn.attempt.pending_actions if a.get("type") == "ask"), [])
        return _Answer(turn_id, turn.transcript, turn.audio_ref, turn.recording_sid, flow.language,
                       turn.prompt or "", tuple(hints), turn.digits, turn.stt_confidence)


def _advance(svc, turn_id: int, heard: Heard, text: str, stt_conf: float | None = None) -> str:  # noqa: ANN001
    actions = hear(svc, turn_id, heard, transcript=text, stt_confidence=stt_conf)
    return ",".join(a["type"] for a in actions)


def _store_audio(svc, turn_id: int, data: bytes) -> None:  # noqa: ANN001
    """Keeps the recording for officers only while the retention setting says so."""
    if svc.settings.recording_retention_days <= 0:
        return
    path = _local_copy(svc, turn_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _local_copy(svc, turn_id: int) -> Path:  # noqa: ANN001
    return svc.settings.data_dir / "recordings" / f"turn-{turn_id}.wav"
