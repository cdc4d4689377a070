"""One answer: fetch the recording, transcribe it, classify it, advance the interview."""

from __future__ import annotations

import logging
from pathlib import Path

from voicebot.db import Turn
from voicebot.flow import Heard
from voicebot.interview import hear
from voicebot.jobs import runtime
from voicebot.speech.audio import AudioError, decode
from voicebot.speech.simulated import SimulatedSTT
from voicebot.telephony import telephony_from_settings

log = logging.getLogger(__name__)


def process_answer(turn_id: int) -> str:
    svc = runtime.services()
    with svc.db.session() as session:
        turn = session.get_one(Turn, turn_id)
        if turn.status == "processed":
            return "already processed"
        text, url, sid = turn.transcript, turn.audio_ref, turn.recording_sid
        flow = svc.flow(turn.attempt.enrollment.campaign.flow_path)
        asked = turn.prompt
        hints = next((a.get("hints", []) for a in turn.attempt.pending_actions if a.get("type") == "ask"), [])
    stt_conf = None
    low_conf = False
    if text is None and url:
        telephony = telephony_from_settings(svc.settings)
        data = telephony.fetch_recording(url)
        stt = runtime.stt()
        if isinstance(stt, SimulatedSTT):
            stt.hear_file(data)
        try:
            audio = decode(data)
        except AudioError:
            log.warning("turn %s: undecodable recording", turn_id)
            audio = None
        if audio is None:
            return _advance(svc, turn_id, Heard(no_speech=True), "")
        result = stt.transcribe(audio, language=flow.language, prompt=asked, hotwords=hints)
        _store_audio(svc, turn_id, data)
        if sid:
            telephony.delete_recording(sid)  # transcribed and stored: Twilio keeps no copy
        if result.no_speech:
            return _advance(svc, turn_id, Heard(no_speech=True), "")
        text, stt_conf, low_conf = result.text, result.avg_logprob, result.low_confidence
    text = text or ""
    if not text.strip():
        return _advance(svc, turn_id, Heard(no_speech=True), "")
    pred = runtime.classifier().predict([text])[0]
    heard = Heard(text=text, intent=pred.intent, confidence=pred.confidence, needs=tuple(pred.needs),
                  risks=tuple(pred.risks), low_confidence=low_conf)
    return _advance(svc, turn_id, heard, text, stt_conf)


def _advance(svc, turn_id: int, heard: Heard, text: str, stt_conf: float | None = None) -> str:  # noqa: ANN001
    actions = hear(svc, turn_id, heard, transcript=text, stt_confidence=stt_conf)
    return ",".join(a["type"] for a in actions)


def _store_audio(svc, turn_id: int, data: bytes) -> None:  # noqa: ANN001
    """Keeps the recording for officers only while the retention setting says so."""
    if svc.settings.recording_retention_days <= 0:
        return
    folder: Path = svc.settings.data_dir / "recordings"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"turn-{turn_id}.wav"
    path.write_bytes(data)
    with svc.db.session() as session:
        session.get_one(Turn, turn_id).audio_ref = str(path)
