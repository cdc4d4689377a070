"""Real faster-whisper on the packaged weights."""

import subprocess

import numpy as np
import pytest

from voicebot.settings import Settings
from voicebot.speech import load_stt
from voicebot.speech.audio import decode, to_telephone

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stt():
    return load_stt(Settings(stt_backend="faster-whisper"))


def test_english_telephone_speech(stt, tmp_path):
    wav = tmp_path / "a.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(wav), "I cannot pay the electricity bill"], check=True)
    audio = decode(to_telephone(decode(wav)))
    # as in a call: the question is the prompt, the expected words are hotwords
    result = stt.transcribe(audio, language="en", prompt="Has the electric company threatened to shut off your service?",
                            hotwords=["electricity", "bill"])
    assert not result.no_speech
    assert "electric" in result.text.lower() and "bill" in result.text.lower()


@pytest.mark.parametrize("seed", range(10))
def test_silence_and_line_noise_are_no_speech(stt, seed):
    rng = np.random.default_rng(seed)
    n = 16000 * (2 + seed % 3)
    silence = np.zeros(n, np.float32) + rng.normal(0, 0.0005, n).astype(np.float32)
    noise = rng.normal(0, 0.03 + 0.01 * seed, n).astype(np.float32)
    hum = (0.05 * np.sin(2 * np.pi * 50 * np.arange(n) / 16000)).astype(np.float32) + noise
    for audio in (silence, decode(to_telephone(noise)), decode(to_telephone(hum))):
        result = stt.transcribe(audio, language="ko")
        assert result.no_speech and result.text == "", result
