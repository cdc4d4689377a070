"""faster-whisper (CTranslate2, int8 on CPU): the default backend."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from faster_whisper import WhisperModel

from voicebot.speech.audio import SAMPLE_RATE, speech_ratio
from voicebot.speech.base import Transcript

NO_SPEECH_PROB = 0.6
LOW_LOGPROB = -1.0
HIGH_COMPRESSION = 2.4


class FasterWhisperSTT:
    name = "faster-whisper"

    def __init__(self, model_dir: Path, threads: int = 2, compute_type: str = "int8") -> None:
        if not (Path(model_dir) / "model.bin").exists():
            raise FileNotFoundError(f"no Whisper model in {model_dir}: run `voicebot stt install`")
        self.model = WhisperModel(str(model_dir), device="cpu", compute_type=compute_type, cpu_threads=threads)
        self._lock = threading.Lock()  # one decode at a time per loaded model

    def transcribe(self, audio: np.ndarray, language: str = "ko", prompt: str = "",
                   hotwords: list[str] | None = None) -> Transcript:
        duration = audio.size / SAMPLE_RATE
        if speech_ratio(audio) < 0.02:
            return Transcript("", language, duration, no_speech=True, no_speech_prob=1.0)
        with self._lock:
            segments, info = self.model.transcribe(
                audio, language=language, beam_size=1, vad_filter=True,
                vad_parameters={"min_silence_duration_ms": 300},
                initial_prompt=prompt or None, hotwords=" ".join(hotwords) if hotwords else None,
                condition_on_previous_text=False, without_timestamps=True,
            )
            segments = list(segments)
        return judge(segments, language, duration)


def judge(segments: list, language: str, duration: float) -> Transcript:
    """Turns Whisper's segments into a transcript, refusing text Whisper itself
    thinks is not speech (the source of hallucinated 'thank you for watching')."""
    kept = [s for s in segments if not (s.no_speech_prob > NO_SPEECH_PROB and s.avg_logprob < LOW_LOGPROB)]
    text = " ".join(s.text.strip() for s in kept).strip()
    if not text:
        nsp = max((s.no_speech_prob for s in segments), default=1.0)
        return Transcript("", language, duration, no_speech=True, no_speech_prob=round(nsp, 3))
    logprob = sum(s.avg_logprob for s in kept) / len(kept)
    compression = max(s.compression_ratio for s in kept)
    return Transcript(
        text, language, duration,
        low_confidence=logprob < LOW_LOGPROB or compression > HIGH_COMPRESSION,
        avg_logprob=round(logprob, 3), no_speech_prob=round(min(s.no_speech_prob for s in kept), 3),
        compression_ratio=round(compression, 3),
    )
