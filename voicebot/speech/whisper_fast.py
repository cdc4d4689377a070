"""faster-whisper (CTranslate2, int8 on CPU): the default backend.

Answers are short (a Record or Gather is at most 30 s), so each one is one Whisper
window: VAD trims the silence around it, and the window is the answer's length plus a
margin rather than Whisper's fixed 30 s (CTranslate2 accepts shorter windows; the
encoder's cost falls faster than the window: 0.53 s for 30 s, 0.13 s for 15 s on two
cores). Several answers that arrive together are encoded and decoded as one batch."""

from __future__ import annotations

import math
import threading
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.audio import pad_or_trim
from faster_whisper.tokenizer import Tokenizer
from faster_whisper.transcribe import get_compression_ratio, get_suppressed_tokens
from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

from voicebot.speech.audio import SAMPLE_RATE, speech_ratio
from voicebot.speech.base import SpeechRequest, Transcript

NO_SPEECH_PROB = 0.6
LOW_LOGPROB = -1.0
HIGH_COMPRESSION = 2.4
WINDOW_S = 30
WINDOW_MARGIN_S = 2
FRAMES_PER_S = 100
MAX_TOKENS = 128  # an answer is a sentence or two; a longer decode is a hallucination loop
VAD = VadOptions(min_silence_duration_ms=300, speech_pad_ms=200)


class FasterWhisperSTT:
    name = "faster-whisper"

    def __init__(self, model_dir: Path, threads: int = 2, compute_type: str = "int8",
                 min_window_s: float = 15) -> None:
        self.min_window_s = min_window_s
        if not (Path(model_dir) / "model.bin").exists():
            raise FileNotFoundError(f"no Whisper model in {model_dir}: run `voicebot stt install`")
        self.model = WhisperModel(str(model_dir), device="cpu", compute_type=compute_type, cpu_threads=threads)
        self._tokenizers: dict[str, Tokenizer] = {}
        self._lock = threading.Lock()  # one batch at a time per loaded model

    def transcribe(self, audio: np.ndarray, language: str = "ko", prompt: str = "",
                   hotwords: list[str] | None = None) -> Transcript:
        return self.transcribe_batch([SpeechRequest(audio, language, prompt, tuple(hotwords or ()))])[0]

    def transcribe_batch(self, requests: list[SpeechRequest]) -> list[Transcript]:
        out: list[Transcript | None] = [None] * len(requests)
        todo: list[tuple[int, np.ndarray]] = []
        for i, req in enumerate(requests):
            speech = trim_silence(req.audio)
            if speech is None:
                out[i] = Transcript("", req.language, req.audio.size / SAMPLE_RATE, no_speech=True,
                                    no_speech_prob=1.0)
            else:
                todo.append((i, speech))
        if todo:
            prompts = [self._prompt(requests[i]) for i, _ in todo]
            suppress = list(get_suppressed_tokens(self._tokenizer(requests[0].language), [-1]))
            # CTranslate2 batches answers whose encoder windows have the same length and whose
            # prompts put <|startoftranscript|> at the same position; each answer's window is
            # its own, so a batch transcribes exactly what one-by-one would.
            keys = [(window_frames(a.size, self.min_window_s), len(p)) for (_, a), p in zip(todo, prompts, strict=True)]
            results: dict[int, object] = {}
            with self._lock:
                for (frames, _), group in _grouped(keys).items():
                    features = np.stack([pad_or_trim(self.model.feature_extractor(todo[k][1]), frames) for k in group])
                    generated = self.model.model.generate(
                        self.model.encode(features), [prompts[k] for k in group],
                        beam_size=1, max_length=MAX_TOKENS, return_scores=True, return_no_speech_prob=True,
                        suppress_blank=True, suppress_tokens=suppress,
                    )
                    results.update(zip(group, generated, strict=True))
            for k, (i, _) in enumerate(todo):
                req, result = requests[i], results[k]
                tokens = result.sequences_ids[0]
                text = self._tokenizer(req.language).decode(tokens).strip()
                segment = SimpleNamespace(
                    text=text, no_speech_prob=result.no_speech_prob,
                    avg_logprob=result.scores[0] * len(tokens) / (len(tokens) + 1),
                    compression_ratio=get_compression_ratio(text) if text else 0.0,
                )
                out[i] = judge([segment], req.language, req.audio.size / SAMPLE_RATE)
        return [t for t in out if t is not None]

    def _tokenizer(self, language: str) -> Tokenizer:
        if language not in self._tokenizers:
            self._tokenizers[language] = Tokenizer(self.model.hf_tokenizer, self.model.model.is_multilingual,
                                                   task="transcribe", language=language)
        return self._tokenizers[language]

    def _prompt(self, req: SpeechRequest) -> list[int]:
        tokenizer = self._tokenizer(req.language)
        # The same prompt as the openai-whisper backend, which has no hotwords.
        previous = tokenizer.encode(" " + req.bias) if req.bias else []
        return self.model.get_prompt(tokenizer, previous, without_timestamps=True)


def window_frames(samples: int, min_window_s: float) -> int:
    """Encoder frames for an answer: its length plus a margin, rounded up to whole
    seconds, never below min_window_s. The encoder's cost grows faster than linearly
    with the window, and a 5-s answer padded to 30 s is mostly silence to encode."""
    seconds = min(WINDOW_S, max(min_window_s, math.ceil(samples / SAMPLE_RATE + WINDOW_MARGIN_S)))
    return int(seconds * FRAMES_PER_S)


def _grouped(keys: list[tuple[int, int]]) -> dict[tuple[int, int], list[int]]:
    groups: dict[tuple[int, int], list[int]] = {}
    for k, key in enumerate(keys):
        groups.setdefault(key, []).append(k)
    return groups


def trim_silence(audio: np.ndarray) -> np.ndarray | None:
    """The speech in an answer, without the silence around it; None when there is none.
    An energy gate first (pure silence never reaches a model), then Silero VAD."""
    if speech_ratio(audio) < 0.02:
        return None
    chunks = get_speech_timestamps(audio, VAD)
    if not chunks:
        return None
    speech = np.concatenate(collect_chunks(audio, chunks)[0])
    if speech.size < SAMPLE_RATE // 10:
        return None
    return speech[: WINDOW_S * SAMPLE_RATE]


def judge(segments: list, language: str, duration: float) -> Transcript:
    """Turns Whisper's segments into a transcript, refusing text Whisper itself
    thinks is not speech (the source of hallucinated 'thank you for watching')."""
    kept = [s for s in segments if not (s.no_speech_prob > NO_SPEECH_PROB and s.avg_logprob < LOW_LOGPROB)]
    text = " ".join(s.text.strip() for s in kept).strip()
    if not text:
        nsp = max((s.no_speech_prob for s in segments), default=1.0)
        return Transcript("", language, duration, no_speech=True, no_speech_prob=round(nsp, 3))
    logprob = sum(s.avg_logprob for s in kept) / len(kept)
    compression = max(s.compression_ratio for s in kept)
    return Transcript(
        text, language, duration,
        low_confidence=logprob < LOW_LOGPROB or compression > HIGH_COMPRESSION,
        avg_logprob=round(logprob, 3), no_speech_prob=round(min(s.no_speech_prob for s in kept), 3),
        compression_ratio=round(compression, 3),
    )
