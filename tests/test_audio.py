"""Telephone audio decoding and the encoder window, without a model."""

import subprocess

import numpy as np
import pytest

from voicebot.speech.audio import AudioError, _ffmpeg_decode, decode, to_telephone
from voicebot.speech.whisper_fast import window_frames


def _tone(seconds: float = 1.5) -> np.ndarray:
    t = np.arange(int(16000 * seconds)) / 16000
    return (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


def test_mu_law_wav_decodes_in_process_like_ffmpeg():
    wav = to_telephone(_tone())
    ours, theirs = decode(wav), _ffmpeg_decode(wav)
    assert ours.dtype == np.float32 and abs(ours.size - theirs.size) <= 16
    n = min(ours.size, theirs.size)
    assert np.corrcoef(ours[:n], theirs[:n])[0, 1] > 0.99


def test_mp3_recordings_decode():
    mp3 = subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "wav", "-i", "-", "-f", "mp3", "-"],
                         input=to_telephone(_tone()), capture_output=True, check=True).stdout
    audio = decode(mp3)
    assert 1.4 < audio.size / 16000 < 1.7 and np.abs(audio).max() > 0.1


def test_undecodable_bytes_are_a_clear_error():
    with pytest.raises(AudioError, match="cannot decode audio"):
        decode(b"this is not audio" * 20)


@pytest.mark.parametrize("seconds,minimum,window", [
    (1.0, 15, 15), (5.0, 15, 15), (14.2, 15, 17), (29.0, 15, 30), (45.0, 15, 30), (5.0, 30, 30), (3.0, 5, 5),
])
def test_encoder_window_is_the_answer_plus_a_margin(seconds, minimum, window):
    assert window_frames(int(seconds * 16000), minimum) == window * 100


def test_long_audio_is_cut_into_windows_at_its_pauses():
    from voicebot.speech.whisper_fast import split_long

    rng = np.random.default_rng(0)
    sr = 16000
    # 25 s of "speech", a 0.5-s pause, 30 s of speech, a pause, 20 s of speech
    parts = [rng.normal(0, 0.3, 25 * sr), np.zeros(sr // 2), rng.normal(0, 0.3, 30 * sr), np.zeros(sr // 2),
             rng.normal(0, 0.3, 20 * sr)]
    audio = np.concatenate(parts).astype(np.float32)
    pieces = split_long(audio)
    assert all(p.size <= 28 * sr for p in pieces)
    assert sum(p.size for p in pieces) == audio.size  # nothing dropped, nothing repeated
    assert np.array_equal(np.concatenate(pieces), audio)
    assert 25 * sr < pieces[0].size < 25 * sr + sr // 2  # cut inside the first pause
    assert split_long(audio[: 10 * sr])[0].size == 10 * sr
