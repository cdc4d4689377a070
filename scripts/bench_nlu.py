"""`voicebot nlu predict` on 1,000 lines, model load included, for each backend.

    python scripts/bench_nlu.py [--lines 1000] [--backends ngram,transformer]

The lines are real text (held-out answers, wellness and chatbot evaluation rows), fed
as JSON lines on stdin exactly as the contract says; the wall time is that of the
whole command, start-up and model load included."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlu import dataset


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--backends", default="ngram,transformer")
    args = parser.parse_args()
    pool = [e.text for e in dataset.answers("test") + dataset.wellness("eval") + dataset.chatbot("eval")]
    texts = (pool * (args.lines // len(pool) + 1))[: args.lines]
    stdin = "\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in enumerate(texts))
    print(f"{'backend':12} {'lines':>6} {'wall s':>8} {'lines/s':>9} {'peak MB':>8}")
    for backend in args.backends.split(","):
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        proc = subprocess.run([sys.executable, "-m", "voicebot", "nlu", "predict"], input=stdin, text=True,
                              capture_output=True, env={**os.environ, "VOICEBOT_NLU_BACKEND": backend})
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            print(f"{backend}: failed: {proc.stderr.strip()[-300:]}")
            return 1
        out = proc.stdout.splitlines()
        assert len(out) == len(texts), (len(out), len(texts))
        peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
        print(f"{backend:12} {len(out):>6} {wall:>8.2f} {len(out) / wall:>9.0f} {peak:>8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
