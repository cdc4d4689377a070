"""Speech-to-text benchmark: every backend on the same clips, in one run.

    python scripts/bench_stt.py [--backends faster-whisper,faster-whisper@30,openai-whisper] [--repeat 1]

"faster-whisper@30" is faster-whisper with Whisper's full 30-s window for every answer
(VOICEBOT_STT_MIN_WINDOW_S=30), the like-for-like comparison with openai-whisper, which
cannot encode a shorter window.

Per backend: real-time factor, p50/p95 latency per answer (audio bytes ready -> text
ready, decoding included), peak memory of the process, character error rate against
the references (clean 16 kHz and 8 kHz mu-law telephone), short answers with and
without domain biasing (question as prompt, expected answers as hotwords), and how
many of 20 silence / line-noise clips came back as text (hallucinations).

Clips: Korean recordings with references from ../shared/speech/ (NAME.wav + NAME.txt)
when that directory exists; otherwise English espeak-ng speech generated here (its
Korean is unintelligible to Whisper). Each backend runs in its own process so peak
memory is its own."""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jiwer
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from voicebot.settings import PROJECT_ROOT, Settings

SHARED_SPEECH = Path(os.environ.get("VOICEBOT_SHARED_SPEECH", PROJECT_ROOT.parent / "shared" / "speech"))

ANSWERS = [  # sentence answers, 2-6 s
    "Yes, I could not afford to see a doctor.",
    "I am worried about losing my home because the rent is late.",
    "My electricity was cut off last month and I have no money for food.",
    "I live alone and nobody visits me anymore.",
    "Please call me back tomorrow afternoon at three.",
    "I would like to talk to a welfare officer.",
    "My son lost his job and we cannot pay the gas bill.",
    "I have been feeling down and hopeless nearly every day.",
    "The landlord told me to move out by the end of the month.",
    "I skip meals because the money runs out before the end of the month.",
]
FIVE_SECOND = [  # ~5 s answers for the latency target
    "I have not been able to pay the rent for three months and the landlord says I have to leave soon.",
    "Since my husband died I live alone, I rarely go out, and some days I do not talk to anyone at all.",
    "The electricity company sent a letter saying they will cut off the power next week if I do not pay.",
    "My knees hurt so much that I cannot go shopping, so I often eat only instant noodles at home.",
]
# (question, expected answers for biasing, what the person says)
SHORT = [
    ("Did you worry that your food would run out? Often, sometimes, or never?", ["often", "sometimes", "never"],
     "Sometimes"),
    ("Did the food you bought run out? Often, sometimes, or never?", ["often", "sometimes", "never"], "Often"),
    ("Did the food you bought run out? Often, sometimes, or never?", ["often", "sometimes", "never"], "Never"),
    ("How often do you feel left out? Hardly ever, some of the time, or often?",
     ["hardly ever", "some of the time", "often"], "Hardly ever"),
    ("How often do you feel isolated? Hardly ever, some of the time, or often?",
     ["hardly ever", "some of the time", "often"], "Some of the time"),
    ("Over the last two weeks, how often have you felt down? Not at all, several days, more than half the days,"
     " or nearly every day?", ["not at all", "several days", "more than half the days", "nearly every day"],
     "Several days"),
    ("Over the last two weeks, how often have you had little interest in doing things? Not at all, several days,"
     " more than half the days, or nearly every day?",
     ["not at all", "several days", "more than half the days", "nearly every day"], "Nearly every day"),
    ("Am I speaking with Kim Young-sook?", ["yes", "no"], "Yes"),
    ("May I ask you a few questions?", ["yes", "no"], "No"),
    ("Do you have a steady place to live?", ["steady place", "worried", "no place"], "I am worried"),
    ("How many months of rent are overdue?", ["one month", "two months", "three months"], "Three months"),
    ("Has your electricity or gas been cut off?", ["electricity", "gas", "water", "no"], "The gas"),
    ("Who looks after you when you are ill?", ["nobody", "my daughter", "my son", "a neighbour"], "My daughter"),
    ("How often do you see friends or family? Every week, every month, or hardly ever?",
     ["every week", "every month", "hardly ever"], "Every month"),
    ("Are you working at the moment? Full time, part time, or not working?",
     ["full time", "part time", "not working"], "Part time"),
    ("Do you receive basic livelihood benefits?", ["yes", "no", "I applied"], "I applied"),
    ("How would you rate your health? Good, fair, or poor?", ["good", "fair", "poor"], "Poor"),
    ("Do you skip meals because there is not enough money?", ["yes", "no", "sometimes"], "Not really"),
    ("When would be a better time to call?", ["morning", "afternoon", "evening", "tomorrow"], "Tomorrow morning"),
    ("Would you like an officer to visit you?", ["yes please", "no thank you"], "Yes please"),
]


@dataclass
class Clip:
    kind: str  # answer | five | short | silence | noise
    reference: str
    clean: np.ndarray
    phone: bytes
    prompt: str = ""
    hotwords: tuple[str, ...] = ()


def build_clips() -> list[Clip]:
    from voicebot.simulator.voices import synthesize
    from voicebot.speech.audio import decode, to_telephone

    clips: list[Clip] = []
    if SHARED_SPEECH.is_dir() and any(SHARED_SPEECH.glob("*.txt")):
        for ref in sorted(SHARED_SPEECH.glob("*.txt")):
            audio = next((p for p in ref.parent.glob(ref.stem + ".*") if p.suffix != ".txt"), None)
            if audio is not None:
                clean = decode(audio)
                clips.append(Clip("answer", ref.read_text(encoding="utf-8").strip(), clean, to_telephone(clean)))
    else:
        def say(text: str) -> np.ndarray:
            pad = np.zeros(3200, np.float32)
            return np.concatenate([pad, synthesize(text, "en"), pad])

        for kind, texts in (("answer", ANSWERS), ("five", FIVE_SECOND)):
            for text in texts:
                clean = say(text)
                clips.append(Clip(kind, text, clean, to_telephone(clean)))
        for question, expected, text in SHORT:
            clean = say(text)
            clips.append(Clip("short", text, clean, to_telephone(clean), question, tuple(expected)))
    rng = np.random.default_rng(7)
    for i in range(10):  # silence as phone lines deliver it: digital zero, faint hiss, a click
        clean = np.zeros(16000 * (2 + i % 3), np.float32)
        if i % 2:
            clean += rng.normal(0, 0.001 * (1 + i % 4), clean.size).astype(np.float32)
        if i % 3 == 0:
            clean[8000:8040] += 0.3
        clips.append(Clip("silence", "", clean, to_telephone(clean)))
    for i in range(10):  # line noise: hiss, mains hum, crackle, a burst of static
        n = 16000 * (2 + i % 3)
        t = np.arange(n) / 16000
        clean = rng.normal(0, 0.02 + 0.01 * (i % 4), n).astype(np.float32)
        clean += (0.05 * np.sin(2 * np.pi * (50 + 10 * (i % 2)) * t)).astype(np.float32)
        if i % 2:
            clean[rng.integers(0, n, 40)] += rng.choice([-0.6, 0.6], 40).astype(np.float32)
        clips.append(Clip("noise", "", np.clip(clean, -1, 1), to_telephone(np.clip(clean, -1, 1))))
    return clips


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def cer(refs: list[str], hyps: list[str]) -> float:
    pairs = [(_norm(r), _norm(h)) for r, h in zip(refs, hyps, strict=True) if _norm(r)]
    return jiwer.cer([r for r, _ in pairs], [h if h else "-" for _, h in pairs])


def run_backend(backend: str, clips: list[Clip], repeat: int, queue: mp.Queue) -> None:
    from voicebot.speech import load_stt
    from voicebot.speech.audio import decode

    name, _, window = backend.partition("@")
    settings = Settings(stt_backend=name, **({"stt_min_window_s": float(window)} if window else {}))
    t0 = time.perf_counter()
    stt = load_stt(settings)
    load_s = time.perf_counter() - t0
    stt.transcribe(clips[0].clean, language="en")  # warm-up, like a worker that has served one call
    rows = []
    for _ in range(repeat):
        for clip in clips:
            start = time.perf_counter()
            result = stt.transcribe(decode(clip.phone), language="en")
            phone_s = time.perf_counter() - start
            clean_text = stt.transcribe(clip.clean, language="en").text
            biased = ""
            if clip.kind == "short":
                biased = stt.transcribe(decode(clip.phone), language="en", prompt=clip.prompt,
                                        hotwords=list(clip.hotwords)).text
            rows.append({"kind": clip.kind, "ref": clip.reference, "seconds": clip.clean.size / 16000,
                         "latency": phone_s, "phone": "" if result.no_speech else result.text,
                         "clean": clean_text, "biased": biased})
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"backend": backend, "load_s": load_s, "peak_mb": peak_mb, "rows": rows})


def summarise(result: dict) -> dict:
    rows = result["rows"]
    speech = [r for r in rows if r["kind"] in ("answer", "five")]
    five = [r["latency"] for r in rows if r["kind"] == "five"]
    all_lat = [r["latency"] for r in rows if r["kind"] in ("answer", "five", "short")]
    quiet = [r for r in rows if r["kind"] in ("silence", "noise")]
    short = [r for r in rows if r["kind"] == "short"]

    def pct(values: list[float], q: float) -> float:
        return float(np.percentile(values, q)) if values else float("nan")

    return {
        "backend": result["backend"], "load_s": result["load_s"], "peak_mb": result["peak_mb"],
        "rtf": sum(r["latency"] for r in speech) / sum(r["seconds"] for r in speech),
        "p50": pct(all_lat, 50), "p95": pct(all_lat, 95), "five_p95": pct(five, 95),
        "silence_p95": pct([r["latency"] for r in quiet], 95),
        "cer_clean": cer([r["ref"] for r in speech], [r["clean"] for r in speech]),
        "cer_phone": cer([r["ref"] for r in speech], [r["phone"] for r in speech]),
        "short_plain": cer([r["ref"] for r in short], [r["phone"] for r in short]) if short else float("nan"),
        "short_biased": cer([r["ref"] for r in short], [r["biased"] for r in short]) if short else float("nan"),
        "hallucinated": sum(1 for r in quiet if r["phone"].strip()), "quiet": len(quiet),
        "examples": [(r["ref"], r["phone"], r["biased"]) for r in short],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="faster-whisper,faster-whisper@30,openai-whisper")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--examples", action="store_true", help="print short-answer transcripts")
    args = parser.parse_args()
    clips = build_clips()
    print(f"CPU: {_cpu_model()}, {os.cpu_count()} cores")
    print(f"{len(clips)} clips: " + ", ".join(f"{k} {sum(c.kind == k for c in clips)}"
                                             for k in ("answer", "five", "short", "silence", "noise")))
    ctx = mp.get_context("spawn")
    summaries = []
    for backend in args.backends.split(","):
        queue = ctx.Queue()
        proc = ctx.Process(target=run_backend, args=(backend, clips, args.repeat, queue))
        proc.start()
        result = queue.get()
        proc.join()
        summaries.append(summarise(result))
    cols = [("backend", "{}"), ("load_s", "{:.1f}"), ("peak_mb", "{:.0f}"), ("rtf", "{:.3f}"), ("p50", "{:.2f}"),
            ("p95", "{:.2f}"), ("five_p95", "{:.2f}"), ("silence_p95", "{:.3f}"), ("cer_clean", "{:.3f}"),
            ("cer_phone", "{:.3f}"), ("short_plain", "{:.3f}"), ("short_biased", "{:.3f}"), ("hallucinated", "{}")]
    print("| " + " | ".join(c for c, _ in cols) + " |")
    print("|" + "---|" * len(cols))
    for s in summaries:
        print("| " + " | ".join(fmt.format(s[c]) for c, fmt in cols) + " |")
    for s in summaries:
        print(f"{s['backend']}: {s['hallucinated']}/{s['quiet']} silence/noise clips came back as text")
        if args.examples:
            for ref, plain, biased in s["examples"]:
                print(f"  {ref!r}: plain {plain!r} / biased {biased!r}")
    reference = next((s for s in summaries if s["backend"] == "openai-whisper"), None)
    for s in summaries:
        if reference and s is not reference:
            print(f"speed-up {s['backend']} over openai-whisper: {reference['rtf'] / s['rtf']:.1f}x (real-time factor)")
    return 0


def _cpu_model() -> str:
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return "unknown"
    names = [line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")]
    return names[0] if names else "unknown"


if __name__ == "__main__":
    raise SystemExit(main())
