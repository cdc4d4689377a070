"""faster-whisper (CTranslate2, int8 on CPU): the default backend.

Answers are short (a Record or Gather is at most 30 s), so each one is one Whisper
window (longer audio, from `voicebot stt transcribe`, is cut at its quietest moments
into pieces that fit one): VAD trims the silence around it, and the window is the
answer's length plus a margin rather than Whisper's fixed 30 s (CTranslate2 accepts shorter windows; the
encoder's cost falls faster than the window: 0.53 s for 30 s, 0.13 s for 15 s on two
cores). Several answers that arrive together are encoded and decoded as one batch."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
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
MAX_TOKENS = 448  # Whisper's own limit
VAD = VadOptions(min_silence_duration_ms=300, speech_pad_ms=200)


@dataclass(frozen=True)
class Decoding:
    """How answers are decoded; every choice is measured on Korean in scripts/bench_stt.py."""

    beam_size: int = 1
    min_window_s: float = 15  # the encoder window: the answer's length plus 2 s, at least this
    vad: bool = True  # Silero VAD trims the silence around an answer (the energy gate always runs)
    fallback: tuple[float, ...] = ()  # temperatures to decode again at when a result looks wrong
    prompt: bool = True  # bias with the expected answers and the question
    best_of: int = 3  # candidates sampled at each fallback temperature
    vad_min_silence_ms: int = 300  # a pause at least this long is cut out of the answer
    vad_pad_ms: int = 200  # speech kept on either side of what the VAD heard
    vad_span: bool = False  # keep the pauses inside an answer: cut only before the first and after the last speech

    def vad_options(self) -> VadOptions:
        return VadOptions(min_silence_duration_ms=self.vad_min_silence_ms, speech_pad_ms=self.vad_pad_ms)


class FasterWhisperSTT:
    name = "faster-whisper"

    def __init__(self, model_dir: Path, threads: int = 2, compute_type: str = "int8",
                 min_window_s: float = 15, decoding: Decoding | None = None, device: str = "cpu") -> None:
        self.decoding = decoding or Decoding(min_window_s=min_window_s)
        self.min_window_s = self.decoding.min_window_s
        if not (Path(model_dir) / "model.bin").exists():
            raise FileNotFoundError(f"no Whisper model in {model_dir}: run `voicebot stt install`")
        self.model = WhisperModel(str(model_dir), device=device, compute_type=compute_type, cpu_threads=threads)
        self._tokenizers: dict[str, Tokenizer] = {}
        self._lock = threading.Lock()  # one batch at a time per loaded model

    def transcribe(self, audio: np.ndarray, language: str = "ko", prompt: str = "",
                   hotwords: list[str] | None = None) -> Transcript:
        return self.transcribe_batch([SpeechRequest(audio, language, prompt, tuple(hotwords or ()))])[0]

    def transcribe_batch(self, requests: list[SpeechRequest]) -> list[Transcript]:
        out: list[Transcript | None] = [None] * len(requests)
        todo: list[tuple[int, np.ndarray]] = []
        for i, req in enumerate(requests):
            speech = trim_silence(req.audio, self.decoding.vad_options() if self.decoding.vad else None,
                                  span=self.decoding.vad_span)
            if speech is None:
                out[i] = Transcript("", req.language, req.audio.size / SAMPLE_RATE, no_speech=True,
                                    no_speech_prob=1.0)
            else:
                todo += [(i, piece) for piece in split_long(speech)]
        if todo:
            prompts = [self._prompt(requests[i] if self.decoding.prompt else SpeechRequest(requests[i].audio,
                                                                                            requests[i].language))
                       for i, _ in todo]
            suppress = list(get_suppressed_tokens(self._tokenizer(requests[0].language), [-1]))
            # CTranslate2 batches answers whose encoder windows have the same length and whose
            # prompts put <|startoftranscript|> at the same position; each answer's window is
            # its own, so a batch transcribes exactly what one-by-one would.
            keys = [(window_frames(a.size, self.min_window_s), len(p)) for (_, a), p in zip(todo, prompts, strict=True)]
            segments: dict[int, SimpleNamespace] = {}
            with self._lock:
                for (frames, _), group in _grouped(keys).items():
                    mel = np.stack([pad_or_trim(self.model.feature_extractor(todo[k][1]), frames) for k in group])
                    generated = self.model.model.generate(
                        self.model.encode(mel), [prompts[k] for k in group], beam_size=self.decoding.beam_size,
                        max_length=max_tokens(frames), return_scores=True, return_no_speech_prob=True,
                        suppress_blank=True, suppress_tokens=suppress)
                    for j, (k, result) in enumerate(zip(group, generated, strict=True)):
                        language = requests[todo[k][0]].language
                        segment = self._segment(result, language, result.no_speech_prob)
                        if self.decoding.fallback and _doubtful(segment):
                            segment = self._fall_back(mel[j:j + 1], prompts[k], language, segment, suppress)
                        segments[k] = segment
            pieces: dict[int, list[SimpleNamespace]] = {}
            for k, (i, _) in enumerate(todo):
                pieces.setdefault(i, []).append(segments[k])
            for i, found in pieces.items():
                out[i] = judge(found, requests[i].language, requests[i].audio.size / SAMPLE_RATE)
        return [t for t in out if t is not None]

    def _segment(self, result, language: str, no_speech_prob: float) -> SimpleNamespace:  # noqa: ANN001
        tokens = result.sequences_ids[0]
        text = self._tokenizer(language).decode(tokens).strip()
        return SimpleNamespace(text=text, no_speech_prob=no_speech_prob,
                               avg_logprob=result.scores[0] * len(tokens) / (len(tokens) + 1),
                               compression_ratio=get_compression_ratio(text) if text else 0.0)

    def _fall_back(self, mel: np.ndarray, prompt: list[int], language: str, first: SimpleNamespace,
                   suppress: list[int]) -> SimpleNamespace:
        """Decodes again at rising temperatures, as Whisper does, until a result no longer
        looks wrong; the best seen (by log probability) otherwise."""
        best = first
        encoded = self.model.encode(mel)
        for temperature in self.decoding.fallback:
            results = self.model.model.generate(
                encoded, [prompt], beam_size=1, num_hypotheses=self.decoding.best_of,
                sampling_temperature=temperature, sampling_topk=0, max_length=max_tokens(mel.shape[-1]),
                return_scores=True, suppress_blank=True, suppress_tokens=suppress)
            candidate = self._segment(results[0], language, first.no_speech_prob)
            if candidate.avg_logprob > best.avg_logprob:
                best = candidate
            if not _doubtful(candidate):
                return candidate
        return best

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


def max_tokens(frames: int) -> int:
    """Room for what can be said in the window (Korean runs to about 8 tokens a second, fast
    speech more), and not much more: a longer decode is a hallucination loop."""
    return min(MAX_TOKENS, 32 + int(frames / FRAMES_PER_S * 12))


def _grouped(keys: list[tuple[int, int]]) -> dict[tuple[int, int], list[int]]:
    groups: dict[tuple[int, int], list[int]] = {}
    for k, key in enumerate(keys):
        groups.setdefault(key, []).append(k)
    return groups


def _doubtful(segment: SimpleNamespace) -> bool:
    return segment.avg_logprob < LOW_LOGPROB or segment.compression_ratio > HIGH_COMPRESSION


def trim_silence(audio: np.ndarray, vad: VadOptions | None = VAD, span: bool = False) -> np.ndarray | None:
    """The speech in an answer, without the silence around it; None when there is none.
    An energy gate first (pure silence never reaches a model), then Silero VAD: its
    speech alone, or (span) everything from its first speech to its last."""
    if speech_ratio(audio) < 0.02:
        return None
    if vad is None:
        return audio
    chunks = get_speech_timestamps(audio, vad)
    if not chunks:
        return None
    if span:
        speech = audio[chunks[0]["start"]:chunks[-1]["end"]]
    else:
        speech = np.concatenate(collect_chunks(audio, chunks)[0])
    if speech.size < SAMPLE_RATE // 10:
        return None
    return speech


def split_long(audio: np.ndarray, limit_s: float = WINDOW_S - WINDOW_MARGIN_S, search_s: float = 8) -> list[np.ndarray]:
    """Audio in pieces of at most limit_s, each cut at the quietest tenth of a second of
    the last search_s before the limit (a pause between words, where there is one)."""
    limit, frame = int(limit_s * SAMPLE_RATE), SAMPLE_RATE // 10
    pieces = []
    while audio.size > limit:
        start = limit - int(search_s * SAMPLE_RATE)
        frames = audio[start:limit].reshape(-1, frame)
        cut = start + int(np.argmin((frames ** 2).mean(axis=1))) * frame + frame // 2
        pieces.append(audio[:cut])
        audio = audio[cut:]
    return [*pieces, audio]


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
