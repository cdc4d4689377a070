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


class SpeechToText(Protocol):
    name: str

    def transcribe(self, audio: np.ndarray, language: str = "ko", prompt: str = "",
                   hotwords: list[str] | None = None) -> Transcript:
        """audio: mono float32 at 16 kHz."""
        ...
