"""A speech-to-text that reads the words the simulated network spoke into the WAV.

The simulator writes each answer's text into a RIFF LIST/INFO 'ICMT' chunk; this
backend returns it, so tests of the rest of the system run without a model while
the audio still travels the same path (fetch, decode, silence gate)."""

from __future__ import annotations

import struct

import numpy as np

from voicebot.speech.audio import SAMPLE_RATE, speech_ratio
from voicebot.speech.base import SpeechRequest, Transcript


class SimulatedSTT:
    name = "simulated"

    def transcribe(self, audio: np.ndarray, language: str = "ko", prompt: str = "",
                   hotwords: list[str] | None = None) -> Transcript:
        return self._hear(audio, language, None)  # without the recording's bytes there are no words

    def transcribe_batch(self, requests: list[SpeechRequest]) -> list[Transcript]:
        return [self._hear(r.audio, r.language, read_comment(r.raw) if r.raw else None) for r in requests]

    @staticmethod
    def _hear(audio: np.ndarray, language: str, text: str | None) -> Transcript:
        duration = audio.size / SAMPLE_RATE
        if not (text or "").strip() or speech_ratio(audio) < 0.02:
            return Transcript("", language, duration, no_speech=True, no_speech_prob=1.0)
        return Transcript(text.strip(), language, duration, avg_logprob=-0.1)


def write_comment(wav: bytes, text: str) -> bytes:
    body = text.encode("utf-8") + b"\0"
    if len(body) % 2:
        body += b"\0"
    info = b"INFO" + b"ICMT" + struct.pack("<I", len(body)) + body
    chunk = b"LIST" + struct.pack("<I", len(info)) + info
    riff = wav[:4] + struct.pack("<I", len(wav) - 8 + len(chunk)) + wav[8:] + chunk
    return riff


def read_comment(data: bytes) -> str | None:
    """The text write_comment appended. Found from the end: ffmpeg writing to a pipe cannot
    go back to fill in the data chunk's size, so walking the chunks from the start fails."""
    if data[:4] != b"RIFF":
        return None
    at = data.rfind(b"INFOICMT")
    if at < 0 or at + 12 > len(data):
        return None
    size = struct.unpack("<I", data[at + 8:at + 12])[0]
    return data[at + 12:at + 12 + size].rstrip(b"\0").decode("utf-8", errors="replace")
