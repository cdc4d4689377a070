"""Speech-to-text on real Korean speech: every decoding choice's accuracy and speed, side by side.

    python scripts/bench_stt.py                          # the shipped decoding and the main alternatives
    python scripts/bench_stt.py --variants shipped,beam5 --limit 100 --clean

Clips: the 463 recordings of ../shared/speech/ (16 speakers, 50+ and dialect speakers among
them), heard as a phone line delivers them (8 kHz mu-law, as Twilio records; --clean adds
the studio audio). A clip counts against whichever reference form is nearer (digits as
written, or numbers in words as spoken); spaces and punctuation are not counted.

Per variant, in its own process: character error rate overall and per speaker group,
latency per answer (audio ready -> text ready; p50, p95, and p95 of the answers of 4-6 s),
real-time factor, peak memory; and, for our decodings, how many of 20 silence and
line-noise clips came back as text. "stock" is faster-whisper's own WhisperModel.transcribe
(greedy, vad_filter, condition_on_previous_text=False), the reference the issue names."""

from __future__ import annotations

import argparse
import csv
import multiprocessing as mp
import os
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from voicebot.settings import PROJECT_ROOT, Settings
from voicebot.speech.whisper_fast import Decoding

SHARED_SPEECH = Path(os.environ.get("VOICEBOT_SHARED_SPEECH", PROJECT_ROOT.parent / "shared" / "speech"))
SHIPPED = Settings().stt_decoding()
# Named by what they are, not relative to the shipped choice, so a name means the same in
# every run that BENCHMARKS.md quotes. "greedy-w15" is what shipped before Korean was measured.
FALLBACK = (0.2, 0.4, 0.6, 0.8)
VARIANTS: dict[str, Decoding | str] = {
    "shipped": SHIPPED,
    "greedy-w15": Decoding(),
    "window30": Decoding(min_window_s=30),
    "fallback": Decoding(fallback=FALLBACK),
    "novad": Decoding(vad=False),
    "vad-gentle": Decoding(vad_min_silence_ms=2000, vad_pad_ms=400),
    "vad-span": Decoding(vad_span=True),
    "vad-span-pad": Decoding(vad_span=True, vad_pad_ms=400),
    "beam5": Decoding(beam_size=5),
    "beam5-span": Decoding(beam_size=5, vad_span=True),
    "beam5-span-w30": Decoding(beam_size=5, vad_span=True, min_window_s=30),
    "beam5-novad": Decoding(beam_size=5, vad=False),
    "beam5-novad-fallback": Decoding(beam_size=5, vad=False, fallback=FALLBACK),
    "beam5-novad-noprompt": Decoding(beam_size=5, vad=False, prompt=False),
    "stock": "stock",
    "stock-beam5": "stock-beam5",
}


@dataclass
class Clip:
    name: str
    group: str
    refs: tuple[str, ...]
    clean: np.ndarray
    phone: np.ndarray

    @property
    def seconds(self) -> float:
        return self.clean.size / 16000


def load_clips(limit: int | None = None) -> list[Clip]:
    from voicebot.speech.audio import decode, to_telephone

    rows = list(csv.DictReader((SHARED_SPEECH / "manifest.tsv").open(encoding="utf-8"), delimiter="\t"))
    if limit:
        rows = rows[:: max(1, len(rows) // limit)][:limit]
    clips = []
    for row in rows:
        clean = decode(SHARED_SPEECH / f"{row['name']}.wav")
        label = row["speaker"].split(":", 1)[1].strip()
        group = next((g for g in ("50+", "dialect", "teen") if g in label), "20-40s")
        clips.append(Clip(row["name"], group, (row["transcript"], row["transcript_spoken"]), clean,
                          decode(to_telephone(clean))))
    return clips


def quiet_clips() -> list[np.ndarray]:
    """Silence as phone lines deliver it and line noise: nothing here is speech."""
    from voicebot.speech.audio import decode, to_telephone

    rng = np.random.default_rng(7)
    out = []
    for i in range(10):
        clean = np.zeros(16000 * (2 + i % 3), np.float32)
        if i % 2:
            clean += rng.normal(0, 0.001 * (1 + i % 4), clean.size).astype(np.float32)
        if i % 3 == 0:
            clean[8000:8040] += 0.3
        out.append(decode(to_telephone(clean)))
    for i in range(10):
        n = 16000 * (2 + i % 3)
        t = np.arange(n) / 16000
        noise = rng.normal(0, 0.02 + 0.01 * (i % 4), n).astype(np.float32)
        noise += (0.05 * np.sin(2 * np.pi * (50 + 10 * (i % 2)) * t)).astype(np.float32)
        if i % 2:
            noise[rng.integers(0, n, 40)] += rng.choice([-0.6, 0.6], 40).astype(np.float32)
        out.append(decode(to_telephone(np.clip(noise, -1, 1))))
    return out


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def edits(refs: tuple[str, ...], hyp: str) -> tuple[int, int]:
    """(character edits, reference length) against the nearer reference form."""
    import jiwer

    best = None
    for ref in refs:
        r, h = _norm(ref), _norm(hyp) or "-"
        if not r:
            continue
        n = round(jiwer.cer(r, h) * len(r))
        if best is None or n / len(r) < best[0] / best[1]:
            best = (n, len(r))
    return best or (0, 0)


def run_variant(name: str, clips: list[Clip], clean: bool, threads: int, queue: mp.Queue) -> None:
    variant = VARIANTS[name]
    settings = Settings(stt_threads=threads)
    start = time.perf_counter()
    if isinstance(variant, str):
        transcribe = _stock(settings, beam=5 if variant.endswith("beam5") else 1)
    else:
        from voicebot.speech.base import SpeechRequest
        from voicebot.speech.whisper_fast import FasterWhisperSTT

        stt = FasterWhisperSTT(settings.whisper_model_dir, threads=threads, decoding=variant)

        def transcribe(audio: np.ndarray) -> str:
            result = stt.transcribe_batch([SpeechRequest(audio, "ko")])[0]
            return "" if result.no_speech else result.text
    load_s = time.perf_counter() - start
    transcribe(clips[0].phone)  # warm-up, as a worker that has served one call
    rows = []
    for clip in clips:
        t0 = time.perf_counter()
        phone = transcribe(clip.phone)
        latency = time.perf_counter() - t0
        rows.append({"name": clip.name, "group": clip.group, "seconds": clip.seconds, "latency": latency,
                     "phone": phone, "clean": transcribe(clip.clean) if clean else None})
    quiet = [transcribe(a) for a in quiet_clips()] if not isinstance(variant, str) else []
    queue.put({"name": name, "load_s": load_s, "rows": rows, "quiet": quiet,
               "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def _stock(settings: Settings, beam: int):
    from faster_whisper import WhisperModel

    model = WhisperModel(str(settings.whisper_model_dir), device="cpu", compute_type="int8",
                         cpu_threads=settings.stt_threads)

    def transcribe(audio: np.ndarray) -> str:
        segments, _ = model.transcribe(audio, language="ko", beam_size=beam, vad_filter=True,
                                       condition_on_previous_text=False)
        return " ".join(s.text.strip() for s in segments)

    return transcribe


def summarise(result: dict, clips: list[Clip]) -> dict:
    by_name = {c.name: c for c in clips}
    rows = result["rows"]
    out = {"variant": result["name"], "load_s": result["load_s"], "peak_mb": result["peak_mb"]}
    for form in ("phone", "clean"):
        if rows[0][form] is None:
            continue
        totals: dict[str, list[int]] = {}
        for r in rows:
            n, length = edits(by_name[r["name"]].refs, r[form])
            for key in ("all", r["group"]):
                totals.setdefault(key, [0, 0])
                totals[key][0] += n
                totals[key][1] += length
        for key, (n, length) in totals.items():
            out[f"cer_{form}_{key}"] = n / length if length else float("nan")
    latencies = [r["latency"] for r in rows]
    five = [r["latency"] for r in rows if 4 <= r["seconds"] <= 6]
    out.update(p50=float(np.percentile(latencies, 50)), p95=float(np.percentile(latencies, 95)),
               five_p95=float(np.percentile(five, 95)) if five else float("nan"),
               rtf=sum(latencies) / sum(r["seconds"] for r in rows),
               hallucinated=sum(1 for q in result["quiet"] if q.strip()), quiet=len(result["quiet"]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default="shipped,greedy-w15,beam5,beam5-span,novad,window30,stock")
    parser.add_argument("--limit", type=int, help="a spread subset of the clips (a quicker look)")
    parser.add_argument("--clean", action="store_true", help="also the studio audio")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if not (SHARED_SPEECH / "manifest.tsv").exists():
        print(f"no Korean speech at {SHARED_SPEECH} (set VOICEBOT_SHARED_SPEECH)")
        return 2
    clips = load_clips(args.limit)
    groups = {g: sum(c.group == g for c in clips) for g in ("20-40s", "teen", "50+", "dialect")}
    print(f"CPU: {_cpu_model()}, {os.cpu_count()} cores; {len(clips)} clips, "
          f"{sum(c.seconds for c in clips) / 60:.1f} min ({', '.join(f'{g} {n}' for g, n in groups.items())})")
    print(f"shipped decoding: {SHIPPED}")
    ctx = mp.get_context("spawn")
    summaries = []
    for name in args.variants.split(","):
        queue = ctx.Queue()
        proc = ctx.Process(target=run_variant, args=(name, clips, args.clean, args.threads, queue))
        proc.start()
        result = queue.get()
        proc.join()
        summaries.append(summarise(result, clips))
        s = summaries[-1]
        print(f"  {name}: CER phone {s['cer_phone_all']:.3f} ({time.strftime('%H:%M:%S')})", flush=True)
    cols = [("variant", "{}"), ("cer_phone_all", "{:.3f}"), ("cer_phone_50+", "{:.3f}"),
            ("cer_phone_dialect", "{:.3f}"), ("cer_phone_teen", "{:.3f}"), ("cer_phone_20-40s", "{:.3f}"),
            ("cer_clean_all", "{:.3f}"), ("p50", "{:.2f}"), ("p95", "{:.2f}"), ("five_p95", "{:.2f}"),
            ("rtf", "{:.3f}"), ("peak_mb", "{:.0f}")]
    print("| " + " | ".join(c for c, _ in cols) + " |")
    print("|" + "---|" * len(cols))
    for s in summaries:
        print("| " + " | ".join(fmt.format(s[c]) if c in s else "-" for c, fmt in cols) + " |")
    for s in summaries:
        if s["quiet"]:
            print(f"{s['variant']}: {s['hallucinated']}/{s['quiet']} silence and line-noise clips came back as text")
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
