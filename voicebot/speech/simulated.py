"""A speech-to-text that reads the words the simulated network spoke into the WAV.

The simulator writes each answer's text into a RIFF LIST/INFO 'ICMT' chunk; this
backend returns it, so tests of the rest of the system run without a model while
the audio still travels the same path (fetch, decode, silence gate)."""

from __future__ import annotations

import io
import struct

import numpy as np

from voicebot.speech.audio import SAMPLE_RATE, speech_ratio
from voicebot.speech.base import Transcript


class SimulatedSTT:
    name = "simulated"

    def __init__(self) -> None:
        self.last_comment: str | None = None

    def transcribe(self, audio: np.ndarray, language: str = "ko", prompt: str = "",
                   hotwords: list[str] | None = None) -> Transcript:
        duration = audio.size / SAMPLE_RATE
        text = (self.last_comment or "").strip()
        if not text or speech_ratio(audio) < 0.02:
            return Transcript("", language, duration, no_speech=True, no_speech_prob=1.0)
        return Transcript(text, language, duration, avg_logprob=-0.1)

    def hear_file(self, data: bytes) -> None:
        self.last_comment = read_comment(data)


def write_comment(wav: bytes, text: str) -> bytes:
    body = text.encode("utf-8") + b"\0"
    if len(body) % 2:
        body += b"\0"
    info = b"INFO" + b"ICMT" + struct.pack("<I", len(body)) + body
    chunk = b"LIST" + struct.pack("<I", len(info)) + info
    riff = wav[:4] + struct.pack("<I", len(wav) - 8 + len(chunk)) + wav[8:] + chunk
    return riff


def read_comment(data: bytes) -> str | None:
    if data[:4] != b"RIFF":
        return None
    f = io.BytesIO(data[12:])
    while header := f.read(8):
        if len(header) < 8:
            break
        cid, size = header[:4], struct.unpack("<I", header[4:])[0]
        payload = f.read(size + (size % 2))
        if cid == b"LIST" and payload[:4] == b"INFO":
            j = 4
            while j + 8 <= len(payload):
                sub, sz = payload[j:j + 4], struct.unpack("<I", payload[j + 4:j + 8])[0]
                if sub == b"ICMT":
                    return payload[j + 8:j + 8 + sz].rstrip(b"\0").decode("utf-8", errors="replace")
                j += 8 + sz + (sz % 2)
    return None
