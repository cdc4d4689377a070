"""Telephone audio in, Whisper's input out: decode WAV (PCM or 8 kHz mu-law) and MP3,
resample to 16 kHz mono float32, and tell silence from speech."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np
import soundfile
import soxr

SAMPLE_RATE = 16_000


class AudioError(ValueError):
    pass


def decode(data: bytes | Path | str) -> np.ndarray:
    """In process with libsndfile and soxr (a Twilio recording in a few milliseconds);
    ffmpeg for whatever libsndfile cannot read, and for WAV headers it rejects, such as
    the unknown data size of a WAV written to a pipe."""
    try:
        audio, rate = soundfile.read(io.BytesIO(data) if isinstance(data, bytes) else str(data),
                                     dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, TypeError):
        return _ffmpeg_decode(data)
    audio = audio.mean(axis=1) if audio.shape[1] > 1 else audio[:, 0]
    if rate != SAMPLE_RATE:
        audio = soxr.resample(audio, rate, SAMPLE_RATE)
    return np.ascontiguousarray(audio, dtype=np.float32)


def _ffmpeg_decode(data: bytes | Path | str) -> np.ndarray:
    source = ["-i", str(data)] if isinstance(data, Path | str) else ["-i", "pipe:0"]
    cmd = ["ffmpeg", "-nostdin", "-loglevel", "error", *source, "-f", "s16le", "-ac", "1",
           "-ar", str(SAMPLE_RATE), "-"]
    proc = subprocess.run(cmd, input=None if isinstance(data, Path | str) else data,
                          capture_output=True, check=False)
    if proc.returncode != 0:
        raise AudioError(f"cannot decode audio: {proc.stderr.decode(errors='replace').strip()[:200]}")
    return np.frombuffer(proc.stdout, np.int16).astype(np.float32) / 32768.0


def to_telephone(audio: np.ndarray) -> bytes:
    """What a phone line delivers: 8 kHz mu-law in a WAV container."""
    pcm = (np.clip(audio, -1, 1) * 32767).astype(np.int16).tobytes()
    cmd = ["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", "1",
           "-i", "-", "-ar", "8000", "-acodec", "pcm_mulaw", "-f", "wav", "-"]
    return subprocess.run(cmd, input=pcm, capture_output=True, check=True).stdout


def speech_ratio(audio: np.ndarray, frame_s: float = 0.03) -> float:
    """Share of frames whose energy stands clearly above the quietest frames: a cheap
    first gate so pure silence never reaches the model."""
    n = int(SAMPLE_RATE * frame_s)
    if audio.size < n:
        return 0.0
    frames = audio[: audio.size // n * n].reshape(-1, n)
    rms = np.sqrt((frames**2).mean(axis=1) + 1e-12)
    if rms.max() < 0.003:
        return 0.0
    floor = np.percentile(rms, 10)
    return float((rms > max(floor * 4, 0.01)).mean())
