"""Real faster-whisper on the packaged weights."""

import numpy as np
import pytest

from voicebot.settings import Settings
from voicebot.simulator.voices import speak, synthesize
from voicebot.speech import load_stt
from voicebot.speech.audio import decode, to_telephone
from voicebot.speech.base import SpeechRequest
from voicebot.speech.ct2_checkpoint import convert_to_openai_whisper, read_ct2_variables, whisper_state_dict

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stt():
    return load_stt(Settings(stt_backend="faster-whisper"))


def test_english_telephone_speech(stt):
    audio = _say("I cannot pay the electricity bill")
    # as in a call: the question is the prompt, the expected words are hotwords
    result = stt.transcribe(audio, language="en",
                            prompt="Has the electric company threatened to shut off your service?",
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


def _say(text: str) -> np.ndarray:
    """English espeak-ng speech at espeak's default rate, through a telephone line."""
    return decode(to_telephone(synthesize(text, "en", rate=175)))


def test_batch_gives_what_one_by_one_gives(stt):
    a = _say("I am worried about losing my home")
    b = _say("Yes I live alone")
    quiet = np.zeros(16000 * 2, np.float32)
    requests = [SpeechRequest(a, "en"), SpeechRequest(quiet, "en"), SpeechRequest(b, "en", "Do you live alone?")]
    batch = stt.transcribe_batch(requests)
    single = [stt.transcribe(r.audio, r.language, r.prompt) for r in requests]
    assert [t.text for t in batch] == [t.text for t in single]
    assert batch[1].no_speech and not batch[0].no_speech and "alone" in batch[2].text.lower()


def test_ct2_weights_read_tensor_by_tensor():
    settings = Settings()
    spec, variables = read_ct2_variables(settings.whisper_model_dir)
    assert spec == "WhisperSpec"
    dims, state = whisper_state_dict(variables)
    assert dims["n_audio_layer"] == dims["n_text_layer"] == 6 and dims["n_vocab"] == 51865
    # the fused self-attention projection is split into query / key / value of equal size
    fused = variables["encoder/layer_0/self_attention/linear_0/weight"]
    assert state["encoder.blocks.0.attn.query.weight"].shape == (fused.shape[0] // 3, fused.shape[1])
    assert np.array_equal(state["encoder.blocks.0.attn.value.weight"], fused[2 * fused.shape[0] // 3:])


def test_openai_whisper_on_converted_weights_writes_what_ctranslate2_writes():
    """The conversion check of scripts/convert_ct2_to_openai.py: same weights, same greedy decode."""
    import whisper
    from faster_whisper import WhisperModel

    settings = Settings()
    if not settings.openai_whisper_checkpoint.exists():
        convert_to_openai_whisper(settings.whisper_model_dir, settings.openai_whisper_checkpoint)
    fast = WhisperModel(str(settings.whisper_model_dir), device="cpu", compute_type="float32", cpu_threads=2)
    slow = whisper.load_model(str(settings.openai_whisper_checkpoint), device="cpu")
    for text in ("My electricity was cut off last month", "Please call me back tomorrow"):
        audio = _say(text)
        segments, _ = fast.transcribe(audio, language="en", beam_size=1, temperature=0.0, without_timestamps=True,
                                      condition_on_previous_text=False)
        result = slow.transcribe(audio, language="en", temperature=0.0, without_timestamps=True, fp16=False,
                                 condition_on_previous_text=False)
        ours = " ".join(s.text.strip() for s in segments)
        assert ours and ours == " ".join(s["text"].strip() for s in result["segments"])


def test_openai_whisper_backend():
    stt = load_stt(Settings(stt_backend="openai-whisper"))
    assert stt.name == "openai-whisper"
    result = stt.transcribe(_say("I cannot pay the electricity bill"), language="en",
                            hotwords=["electricity", "bill"])
    assert "electric" in result.text.lower()
    assert stt.transcribe(np.zeros(32000, np.float32), language="en").no_speech


def test_simulated_backend_reads_each_recording_in_a_batch():
    stt = load_stt(Settings(stt_backend="simulated"))
    first, _ = speak("네 맞아요", "ko")
    second, _ = speak("아니요", "ko")
    out = stt.transcribe_batch([SpeechRequest(decode(first), raw=first), SpeechRequest(decode(second), raw=second)])
    assert [t.text for t in out] == ["네 맞아요", "아니요"]


def test_both_backends_bias_with_one_prompt(stt):
    # The expected answers, then the question: what each backend puts before <|startoftranscript|>.
    req = SpeechRequest(np.zeros(16000, np.float32), "en", "Is rent overdue?", ("yes", "no"))
    assert req.bias == "yes no Is rent overdue?"
    tokens = stt._prompt(req)
    tokenizer = stt._tokenizer("en")
    start = tokens.index(tokenizer.sot)
    assert tokens[0] == tokenizer.sot_prev
    assert tokenizer.decode(tokens[1:start]).strip() == req.bias


def test_another_ctranslate2_model_is_checked_and_installed(tmp_path):
    """`voicebot stt install --model DIR`: a model that loads and is multilingual is copied
    beside the others; a folder that is not one is refused with the reason."""
    import shutil
    import subprocess
    import sys

    from voicebot.settings import Settings

    base = Settings().whisper_model_dir
    copy = tmp_path / "whisper-office"
    shutil.copytree(base, copy)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "VOICEBOT_DATA_DIR": str(tmp_path / "var")}
    ok = subprocess.run([sys.executable, "-m", "voicebot", "stt", "install", "--model", str(copy)], env=env,
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "var" / "models" / "whisper-office" / "model.bin").exists()
    assert "VOICEBOT_WHISPER_MODEL_DIR=" in ok.stdout
    (copy / "model.bin").unlink()
    bad = subprocess.run([sys.executable, "-m", "voicebot", "stt", "install", "--model", str(copy)], env=env,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "not a CTranslate2 Whisper model (missing model.bin)" in bad.stderr


def test_vad_span_keeps_the_pause_inside_an_answer():
    from voicebot.speech.whisper_fast import VAD, trim_silence

    word = _say("Yes")
    pause = np.zeros(16000 * 2, np.float32)
    lead = np.zeros(16000, np.float32)
    audio = np.concatenate([lead, word, pause, word, lead])
    cut = trim_silence(audio, VAD)
    span = trim_silence(audio, VAD, span=True)
    assert cut is not None and span is not None
    # both drop the second of silence before and after; only the cut drops the pause between
    assert span.size < audio.size - 16000
    assert span.size >= cut.size + 16000 * 1.5
