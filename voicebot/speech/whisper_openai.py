"""openai-whisper (PyTorch): the second backend, on a checkpoint converted from the
packaged CTranslate2 weights by scripts/convert_ct2_to_openai.py (nothing downloads)."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from voicebot.speech.audio import SAMPLE_RATE
from voicebot.speech.base import SpeechRequest, Transcript
from voicebot.speech.whisper_fast import judge, trim_silence


class OpenAIWhisperSTT:
    name = "openai-whisper"

    def __init__(self, checkpoint: Path, threads: int = 2) -> None:
        import torch
        import whisper

        if not Path(checkpoint).is_file():
            raise FileNotFoundError(f"no openai-whisper checkpoint at {checkpoint}: "
                                    "run `python scripts/convert_ct2_to_openai.py`")
        torch.set_num_threads(threads)
        self.model = whisper.load_model(str(checkpoint), device="cpu")
        self._lock = threading.Lock()

    def transcribe(self, audio: np.ndarray, language: str = "ko", prompt: str = "",
                   hotwords: list[str] | None = None) -> Transcript:
        duration = audio.size / SAMPLE_RATE
        speech = trim_silence(audio)  # the same VAD as the default backend, so both hear the same audio
        if speech is None:
            return Transcript("", language, duration, no_speech=True, no_speech_prob=1.0)
        initial = SpeechRequest(audio, language, prompt, tuple(hotwords or ())).bias or None
        with self._lock:
            result = self.model.transcribe(
                speech.astype(np.float32), language=language, temperature=0.0, initial_prompt=initial,
                condition_on_previous_text=False, without_timestamps=True, fp16=False, verbose=None,
            )
        segments = [SimpleNamespace(**s) for s in result["segments"]]
        return judge(segments, language, duration)

    def transcribe_batch(self, requests: list[SpeechRequest]) -> list[Transcript]:
        # openai-whisper decodes one audio at a time; a batch is a loop.
        return [self.transcribe(r.audio, r.language, r.prompt, list(r.hotwords)) for r in requests]
