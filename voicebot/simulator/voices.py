"""Persona speech as audio: espeak-ng for words, generated line noise, true silence.

espeak-ng's Korean is not intelligible to Whisper, its English is; Korean audio still
carries its text in a WAV comment so the simulated speech-to-text can read it."""

from __future__ import annotations

import io
import os
import subprocess
import wave
from pathlib import Path

import numpy as np

from voicebot.settings import PROJECT_ROOT
from voicebot.speech.audio import to_telephone
from voicebot.speech.simulated import write_comment

VOICES = {"ko": "ko", "en": "en-us"}


def synthesize(text: str, language: str, rate: int = 150) -> np.ndarray:
    """espeak-ng speech as clean mono float32 at 16 kHz."""
    voice = VOICES.get(language, language)
    proc = subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "--stdout", text],
                          capture_output=True, check=True)
    return _wav_to_float(proc.stdout)


def speak(text: str, language: str, rate: int = 150) -> tuple[bytes, float]:
    audio = synthesize(text, language, rate)
    padded = np.concatenate([np.zeros(4000, np.float32), audio, np.zeros(4000, np.float32)])
    return write_comment(to_telephone(padded), text), padded.size / 16000


def clip(folder: str, name: str) -> tuple[bytes, float]:
    """A recording of a real person (the shared Korean speech, or any folder of NAME.wav),
    as a phone line delivers it."""
    from voicebot.speech.audio import decode

    path = (Path(folder) if folder else shared_speech()) / f"{Path(name).name}.wav"
    audio = decode(path)
    padded = np.concatenate([np.zeros(4000, np.float32), audio, np.zeros(4000, np.float32)])
    return to_telephone(padded), padded.size / 16000


def clip_text(folder: str, name: str) -> str:
    """What the recording says (its reference transcript, NAME.txt), or silence if it has none."""
    path = (Path(folder) if folder else shared_speech()) / f"{Path(name).name}.txt"
    return path.read_text(encoding="utf-8").strip() if path.exists() else "<silence>"


def shared_speech() -> Path:
    return Path(os.environ.get("VOICEBOT_SHARED_SPEECH", PROJECT_ROOT.parent / "shared" / "speech"))


def noise(seconds: float = 3.0, seed: int = 0) -> tuple[bytes, float]:
    rng = np.random.default_rng(seed)
    hiss = rng.normal(0, 0.04, int(16000 * seconds)).astype(np.float32)
    hum = 0.03 * np.sin(2 * np.pi * 60 * np.arange(hiss.size) / 16000).astype(np.float32)
    return to_telephone(hiss + hum), seconds


def _wav_to_float(data: bytes) -> np.ndarray:
    with wave.open(io.BytesIO(data)) as w:
        rate = w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768
    if rate != 16000:
        idx = np.arange(0, pcm.size, rate / 16000)
        pcm = np.interp(idx, np.arange(pcm.size), pcm).astype(np.float32)
    return pcm

