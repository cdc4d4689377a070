from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str
    duration_s: float
    no_speech: bool = False
    low_confidence: bool = False
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    compression_ratio: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SpeechRequest:
    """One answer to transcribe: the audio and what biases its decoding."""

    audio: np.ndarray  # mono float32 at 16 kHz
    language: str = "ko"
    prompt: str = ""  # the question just asked
    hotwords: tuple[str, ...] = ()  # the answers the question expects
    raw: bytes | None = None  # the recording as fetched; the simulated backend reads its text from it

    @property
    def bias(self) -> str:
        """Whisper's previous-text prompt: the answers the question expects, then the question
        (faster-whisper's order for hotwords; with the answers last, right before the
        transcript, they leak into it: "Tomorrow morning" came out "morning morning")."""
        return " ".join(p for p in (" ".join(self.hotwords), self.prompt.strip()) if p)


class SpeechToText(Protocol):
    name: str

    def transcribe(self, audio: np.ndarray, language: str = "ko", prompt: str = "",
                   hotwords: list[str] | None = None) -> Transcript:
        """audio: mono float32 at 16 kHz."""
        ...

    def transcribe_batch(self, requests: list[SpeechRequest]) -> list[Transcript]:
        """Several answers at once (answers that arrived together), in order."""
        ...
