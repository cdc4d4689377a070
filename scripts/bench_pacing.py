"""Pacing across workers: calls per second held by the shared limiter in Redis.

    python scripts/bench_pacing.py --rate 5 --workers 4 --seconds 60     # target: 5 +- 0.5/s, never above 5
    python scripts/bench_pacing.py --rate 20 --workers 4 --seconds 60

Runs the system as processes (server, simulated Twilio, scheduler, N dial workers) against
a campaign large enough to keep them busy, and reads the call-creation times from the
simulated network's own record: the mean rate over the measured minute (after the first
10 s), the slowest and fastest one-second windows, and the most calls that started in any
one-second window (sliding, from each call's start)."""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from sqlalchemy import insert

from voicebot.campaigns.policy import ALWAYS_OPEN
from voicebot.db import Campaign, Database, Enrollment, Household
from voicebot.processes import LocalStack, RedisServer
from voicebot.settings import PROJECT_ROOT


def seed(db: Database, households: int, rate: float) -> dict[str, str]:
    with db.session() as session:
        campaign = Campaign(name="pacing", flow_path=str(PROJECT_ROOT / "call_flows" / "welfare_screening_ko.yaml"),
                            answer_mode="gather", max_attempts=1, calls_per_second=rate, max_concurrent=1000,
                            **ALWAYS_OPEN)
        session.add(campaign)
        session.flush()
        phones = [f"+8210{50000000 + i}" for i in range(households)]
        ids = session.execute(insert(Household).returning(Household.id), [
            {"phone": p, "phones": [p], "name": "가구", "indicators": []} for p in phones]).scalars().all()
        session.execute(insert(Enrollment), [{"campaign_id": campaign.id, "household_id": h} for h in ids])
    return {p: "busy_line" for p in phones}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql",
                        help="several workers write at once: PostgreSQL, as in production")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-pacing-"))
    redis = RedisServer().start()
    db_url, drop = _database(args.database, work)
    db = Database(db_url)
    db.upgrade()
    warmup = 10
    directory = seed(db, int(args.rate * (args.seconds + warmup + 20)), args.rate)
    stack = LocalStack(db_url, redis.url, work, time_scale=0.02, answer_workers=0, extra_env={
        "VOICEBOT_STT_BACKEND": "simulated", "VOICEBOT_ACCOUNT_CALLS_PER_SECOND": str(args.rate),
        "VOICEBOT_MAX_CONCURRENT_CALLS": "1000"})
    try:
        stack.start(directory, scheduler=False)
        for i in range(args.workers - 1):
            stack.group.start(f"worker-dial-{i + 2}", "worker", "dial")
        time.sleep(3)  # workers up before the first call is due
        stack.group.start("scheduler", "scheduler", "--interval", "0.5")
        time.sleep(warmup + args.seconds + 8)  # the first call comes a few seconds after the scheduler starts
        calls = httpx.get(f"{stack.env['VOICEBOT_SIMULATOR_URL']}/sim/calls", timeout=30).json()["calls"]
        created = sorted(datetime.fromisoformat(c["created_at"]).timestamp() for c in calls.values())
    finally:
        stack.stop()
        redis.stop()
        db.engine.dispose()
        drop()
    start = created[0] + warmup
    if created[-1] < start + args.seconds:
        raise SystemExit("the run ended before the measured minute did: seed more households or wait longer")
    window = [t for t in created if start <= t < start + args.seconds]
    per_second = [sum(1 for t in window if start + s <= t < start + s + 1) for s in range(args.seconds)]
    sliding = max(sum(1 for u in created if t <= u < t + 1) for t in created)
    gaps = sorted((b - a, a - start) for a, b in itertools.pairwise(window))[-3:]
    print(f"rate {args.rate:g}/s, {args.workers} dial workers, {args.seconds} s measured after {warmup} s: "
          f"{len(window) / args.seconds:.2f} calls/s (per-second windows {min(per_second)}-{max(per_second)}, "
          f"median {statistics.median(per_second):g}); most starts in any 1-s window: {sliding}; "
          f"{len(created)} calls in all; longest gaps between calls: "
          + ", ".join(f"{gap:.2f} s at {at:.0f} s" for gap, at in reversed(gaps)))
    return 0 if sliding <= args.rate and abs(len(window) / args.seconds - args.rate) <= 0.5 else 1


def _database(kind: str, work: Path):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_import import _database as create

    return create(kind, work)


if __name__ == "__main__":
    raise SystemExit(main())
