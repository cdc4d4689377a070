"""The fault drill's figures (voicebot/faultdrill.py): a simulated campaign while Redis is
killed and restarted, answer and dial workers are SIGKILLed and status callbacks arrive
twice, late or never.

    python scripts/bench_faults.py [--households 24] [--redis-down 3] [--database postgresql]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import _database

from voicebot.faultdrill import run_drill


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=24)
    parser.add_argument("--redis-down", type=float, default=3.0)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fault-drill-"))
    url, drop = _database(args.database, work)
    try:
        r = run_drill(url, work, households=args.households, redis_down_s=args.redis_down)
    finally:
        drop()
    print(f"{r.households} households, {r.calls_placed} calls placed, {r.callbacks_dropped} final callbacks dropped; "
          f"Redis down {r.redis_down_s:g} s, answer and dial workers SIGKILLed")
    print(f"answers given {r.answers_given}, processed {r.answers_processed}, lost {r.answers_lost}, "
          f"processed twice {r.processed_twice}")
    print(f"risks said {r.risks_said}, urgent cases opened {r.risk_cases}; live calls left {r.live_calls_left}; "
          f"households not final {r.households_not_final}; double dials {r.double_dials}; 5xx {r.server_errors}")
    print(f"recovered {r.recovery_s:.1f} s after Redis returned (every answer waiting then was processed); "
          f"drill {r.elapsed_s:.0f} s; logs in {work / 'logs'}")
    return 0 if r.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
