"""Importing and scheduling a national-scale household list, as an office runs it.

    python scripts/bench_import.py --rows 100000 --database sqlite        # target: < 60 s, < 1 GiB
    python scripts/bench_import.py --rows 1000000 --database postgresql  # target: < 5 min, < 1 GiB

Writes a CP949 CSV (Korean headers, two numbers for some households, 1% bad rows of every
kind, 1% duplicates), then times `voicebot campaign create ... --list` as a user runs it
(the whole command, its own peak memory), and one scheduler round over the result (texts
queued, calls dispatched) on a fresh database."""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SURNAMES = ("김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허유남심노하곽성차주우구민류나진지엄채원천방공현함변"
            "염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용")
GIVEN = "영숙정희순자철수영호미경동훈광수말순복희성민현우지영상철경자옥순명숙은정"
FLAGS = ["단전", "단수", "단가스", "월세체납", "건강보험료체납", "통신비체납", "금융연체", "실직", "1인가구", "장애",
         "장기질환"]
BAD = ["", "123", "010-12", "전화없음"]  # a bad phone
COMMAND = """import atexit, resource, runpy, sys
atexit.register(lambda: print("peak-kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr))
sys.argv = ["voicebot"] + sys.argv[1:]
runpy.run_module("voicebot", run_name="__main__")"""


def write_list(path: Path, rows: int, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    kinds = {"bad": 0, "duplicate": 0}
    with path.open("w", encoding="cp949", newline="") as f:
        f.write("성명,전화번호,연락처2,생년,위기정보,행정동,비고\r\n")
        for i in range(rows):
            name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
            phone = f"010-{1000 + i // 10000:04d}-{i % 10000:04d}"
            second = f"02-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}" if rng.random() < 0.2 else ""
            year = str(rng.randint(1930, 2000))
            flags = ", ".join(rng.sample(FLAGS, rng.randint(1, 3)))
            roll = rng.random()
            if roll < 0.01:  # 1% bad rows: a bad phone, no name, an impossible year, an unknown flag
                kinds["bad"] += 1
                fault = rng.randrange(4)
                if fault == 0:
                    phone = rng.choice(BAD)
                elif fault == 1:
                    name = ""
                elif fault == 2:
                    year = "3021"
                else:
                    flags = "모름"
            elif roll < 0.02 and i:
                kinds["duplicate"] += 1
                phone = f"010-{1000 + (i - 1) // 10000:04d}-{(i - 1) % 10000:04d}"
            f.write(f"{name},{phone},{second},{year},\"{flags}\",행복{i % 40 + 1}동,\r\n")
    return kinds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    listing = work / "명단.csv"
    started = time.perf_counter()
    kinds = write_list(listing, args.rows)
    print(f"list: {args.rows:,} rows, {listing.stat().st_size / 1e6:.1f} MB CP949, {kinds['bad']:,} bad, "
          f"{kinds['duplicate']:,} duplicates (written in {time.perf_counter() - started:.0f} s)")
    url, drop = _database(args.database, work)
    env = {**os.environ, "VOICEBOT_DATABASE_URL": url, "VOICEBOT_ENVIRONMENT": "test"}
    try:
        subprocess.run([sys.executable, "-m", "voicebot", "db", "upgrade"], env=env, check=True, capture_output=True)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", COMMAND, "campaign", "create", "bench", "--list", str(listing),
                               "--days", "0,1,2,3,4,5,6", "--hours", "0-24", "--holidays", "--cps", "20",
                               "--concurrent", "50"], env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if proc.returncode:
            print(proc.stderr[-2000:])
            return 1
        peak = int(proc.stderr.rsplit("peak-kb", 1)[1].split()[0]) / 1024
        rejected = sum(1 for line in proc.stderr.splitlines() if ".csv:" in line)
        print(proc.stdout.strip().splitlines()[-1])
        print(f"import: {wall:.1f} s wall ({args.rows / wall:,.0f} rows/s), peak {peak:.0f} MB, "
              f"{rejected:,} rows reported as FILE:LINE")
        round_s = _schedule(url)
        print(f"scheduler round over {args.rows:,} households: {round_s:.2f} s")
    finally:
        drop()
    return 0


def _schedule(url: str) -> float:
    from voicebot.dispatch import dispatch
    from voicebot.services import Services
    from voicebot.settings import Settings

    svc = Services(Settings(database_url=url, environment="test", queue_prefix=f"bench-{uuid.uuid4().hex[:6]}",
                            max_concurrent_calls=50))
    start = time.perf_counter()
    dispatch(svc)
    elapsed = time.perf_counter() - start
    for name in ("dial", "answers", "cases"):
        svc.queue(name).delete(delete_jobs=True)
    return elapsed


def _database(kind: str, work: Path):
    if kind == "sqlite":
        return f"sqlite:///{work / 'bench.db'}", lambda: None
    from sqlalchemy import create_engine, text

    admin_url = os.environ.get("VOICEBOT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return admin_url.rsplit("/", 1)[0] + f"/{name}", drop


if __name__ == "__main__":
    raise SystemExit(main())
