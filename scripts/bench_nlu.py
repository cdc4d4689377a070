"""`voicebot nlu predict` on 1,000 lines, model load included, for each backend.

    python scripts/bench_nlu.py [--lines 1000] [--backends blend,e5,wordvec,ngram] [--repeat 3]
    python scripts/bench_nlu.py --backends blend,blend:float32   # the encoder's precision: auto, or as named

The lines are real text (held-out answers, wellness and chatbot evaluation rows), fed
as JSON lines on stdin exactly as the contract says; the wall time is that of the
whole command, start-up and model load included. The backends take turns, each run
--repeat times, and the median is printed: a shared host's speed drifts by a third
within minutes, and taking turns spreads that drift over every backend alike."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlu import dataset

# The command as users run it, reporting its own peak memory on exit (a child's, not the
# largest of all children so far, which is what RUSAGE_CHILDREN gives).
COMMAND = """import atexit, resource, runpy, sys
atexit.register(lambda: print("peak-kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr))
sys.argv = ["voicebot", "nlu", "predict"]
runpy.run_module("voicebot", run_name="__main__")"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--backends", default="blend,e5,wordvec,ngram")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pool = [e.text for e in dataset.answers("test") + dataset.wellness("eval") + dataset.chatbot("eval")]
    texts = (pool * (args.lines // len(pool) + 1))[: args.lines]
    stdin = "\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in enumerate(texts))
    backends = args.backends.split(",")
    walls: dict[str, list[float]] = {b: [] for b in backends}
    peaks: dict[str, float] = {}
    for _ in range(args.repeat):
        for backend in backends:
            start = time.perf_counter()
            name, _, precision = backend.partition(":")
            env = {**os.environ, "VOICEBOT_NLU_BACKEND": name, "VOICEBOT_NLU_PRECISION": precision or "auto"}
            proc = subprocess.run([sys.executable, "-c", COMMAND], input=stdin, text=True, capture_output=True, env=env)
            walls[backend].append(time.perf_counter() - start)
            if proc.returncode != 0:
                print(f"{backend}: failed: {proc.stderr.strip()[-300:]}")
                return 1
            assert len(proc.stdout.splitlines()) == len(texts)
            peak_kb = int(proc.stderr.rsplit("peak-kb", 1)[1])
            peaks[backend] = max(peaks.get(backend, 0), peak_kb / 1024)
    print(f"{'backend':16} {'lines':>6} {'median s':>9} {'min s':>7} {'lines/s':>9} {'peak MB':>8}")
    for backend in backends:
        median = statistics.median(walls[backend])
        print(f"{backend:16} {len(texts):>6} {median:>9.2f} {min(walls[backend]):>7.2f} {len(texts) / median:>9.0f} "
              f"{peaks[backend]:>8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
