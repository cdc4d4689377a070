"""The workplace with a district's worth of cases: the queue and the dashboard over real HTTP.

    python scripts/bench_workplace.py --cases 10000      # targets: queue < 300 ms, dashboard < 1 s

Seeds PostgreSQL with one office's campaign of households, their calls and cases (risks,
levels, needs, outcomes spread as a round produces them), signs an officer and an
administrator in, and times each page as a browser would fetch it (the median of 20)."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import _database

from voicebot.cases import urgency
from voicebot.db import CallAttempt, Campaign, Case, Database, Enrollment, Household, Office
from voicebot.processes import free_port, wait_for_port
from voicebot.settings import PROJECT_ROOT, Settings
from voicebot.web.app import create_app
from voicebot.workplace.auth import add_user

NEEDS = ["food", "housing", "utilities", "health", "mental_health", "isolation", "income_debt", "employment", "care"]
PASSWORD = "bench password 1"


def seed(db: Database, n: int) -> None:
    rng = random.Random(7)
    now = datetime.now(UTC)
    with db.session() as session:
        office = Office(code="bench", name="벤치동 주민센터")
        session.add(office)
        session.flush()
        campaign = Campaign(name="벤치 캠페인", office_id=office.id,
                            flow_path=str(PROJECT_ROOT / "call_flows" / "welfare_screening_ko.yaml"))
        session.add(campaign)
        session.flush()
        households = session.execute(insert(Household).returning(Household.id), [
            {"name": f"가구{i}", "phone": f"+8210{60000000 + i}", "phones": [f"+8210{60000000 + i}"],
             "indicators": []} for i in range(n)]).scalars().all()
        enrollments = session.execute(insert(Enrollment).returning(Enrollment.id, Enrollment.household_id), [
            {"campaign_id": campaign.id, "household_id": h, "status": "completed", "attempts": 1,
             "crisis_level": "high", "top_needs": rng.sample(NEEDS, 2)} for h in households]).all()
        session.execute(insert(CallAttempt), [
            {"enrollment_id": e, "flow_hash": "b" * 64, "status": "completed", "outcome": "completed",
             "created_at": now - timedelta(days=rng.randint(0, 50))} for e, _ in enrollments])
        rows = []
        for e, h in enrollments:
            risks = ["suicide"] if rng.random() < 0.03 else ["abuse"] if rng.random() < 0.02 else []
            level = "urgent" if risks else rng.choice(["low", "moderate", "high"])
            created = now - timedelta(hours=rng.randint(0, 24 * 30))
            closed = rng.random() < 0.4
            rows.append({"office_id": office.id, "household_id": h, "enrollment_id": e, "kind": "screening",
                         "priority": 100, "urgency": urgency(level, risks), "level": level, "risks": risks,
                         "needs": rng.sample(NEEDS, rng.randint(1, 3)), "reason": "screening result",
                         "status": "closed" if closed else rng.choice(["open", "in_review"]),
                         "outcome": rng.choice(["services", "visit", "no_need"]) if closed else None,
                         "due_at": created + timedelta(hours=9), "created_at": created,
                         "first_contact_at": created + timedelta(hours=rng.randint(1, 30)) if closed else None})
        session.execute(insert(Case), rows)
    add_user(db, "bench-officer", "벤치 주무관", PASSWORD, "officer", "bench")
    add_user(db, "bench-admin", "벤치 관리자", PASSWORD, "admin", None)


def timed(client: httpx.Client, path: str, runs: int = 20) -> tuple[float, int]:
    client.get(path)  # warm-up
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        r = client.get(path)
        times.append(time.perf_counter() - start)
        r.raise_for_status()
        size = len(r.content)
    return statistics.median(times) * 1000, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args()
    url, drop = _database("postgresql", Path(tempfile.mkdtemp()))
    db = Database(url)
    db.upgrade()
    try:
        start = time.perf_counter()
        seed(db, args.cases)
        print(f"seeded {args.cases:,} households, calls and cases in {time.perf_counter() - start:.0f} s")
        port = free_port()
        settings = Settings(database_url=url, environment="test", public_base_url=f"http://127.0.0.1:{port}",
                            queue_prefix=f"bench-{uuid.uuid4().hex[:6]}")
        server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                               log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        for username, pages in (("bench-officer", ["/officer/", "/officer/?tab=cases&need=food&overdue=true",
                                                   "/officer/?tab=closed&page_no=40"]),
                                ("bench-admin", ["/admin/dashboard", "/officer/cases/5000"])):
            with httpx.Client(base_url=base) as client:
                client.post("/officer/login", data={"username": username, "password": PASSWORD})
                for path in pages:
                    ms, size = timed(client, path)
                    print(f"{path:48} {ms:7.1f} ms median of 20, {size / 1024:6.1f} kB")
        server.should_exit = True
    finally:
        db.engine.dispose()
        drop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
