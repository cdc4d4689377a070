"""Health as operators see it (/healthz, `voicebot status`), and a scheduler that waits out a
database outage and carries on when it is back."""

import json
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text

from tests.conftest import PG_ADMIN, ROOT
from voicebot.campaigns.policy import ALWAYS_OPEN
from voicebot.db import CallAttempt, Campaign, Enrollment, Household
from voicebot.scheduler import Scheduler
from voicebot.services import Services
from voicebot.web.app import create_app

DEAD_REDIS = "redis://127.0.0.1:1/0"


def test_healthz_says_what_is_reachable(settings, db):
    ok = TestClient(create_app(settings)).get("/healthz")
    assert ok.status_code == 200 and ok.json()["status"] == "ok" and ok.json()["outbox"] == {}
    degraded = TestClient(create_app(settings.model_copy(update={"redis_url": DEAD_REDIS}))).get("/healthz")
    assert degraded.status_code == 200 and degraded.json()["status"] == "degraded"
    down = settings.model_copy(update={"database_url": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    r = TestClient(create_app(down)).get("/healthz")
    assert r.status_code == 503 and r.json()["status"] == "down"
    assert "nobody" not in r.text  # no connection details


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_status_command_reports_queues_and_exit_code(settings, db, tmp_path):
    def run(redis_url):
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "VOICEBOT_DATABASE_URL": settings.database_url,
               "VOICEBOT_REDIS_URL": redis_url, "VOICEBOT_QUEUE_PREFIX": settings.queue_prefix}
        return subprocess.run([sys.executable, "-m", "voicebot", "status", "--json"], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=60)

    Services(settings).queue("answers").enqueue("voicebot.jobs.cases.announce_case", 1)
    good = run(settings.redis_url)
    report = json.loads(good.stdout)
    assert good.returncode == 0 and report["queues"]["answers"]["queued"] == 1 and report["live_calls"] == 0
    assert report["scheduler"]["last_tick"] is None
    bad = run(DEAD_REDIS)
    assert bad.returncode == 1 and json.loads(bad.stdout)["status"] == "degraded"
    Services(settings).queue("answers").delete(delete_jobs=True)


def _due_household(db):
    with db.session() as session:
        c = Campaign(name="t", flow_path=str(ROOT / "call_flows" / "welfare_screening_ko.yaml"), **ALWAYS_OPEN)
        h = Household(name="김영숙", phone="+821055509999", birth_year=1950, indicators=[])
        session.add_all([c, h])
        session.flush()
        session.add(Enrollment(campaign_id=c.id, household_id=h.id, next_attempt_at=datetime.now(UTC)))


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_scheduler_waits_out_a_database_outage(settings, db, caplog):
    name = db.url.rsplit("/", 1)[1]
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    svc = Services(settings)
    scheduler = Scheduler(svc, interval_s=0.1)
    stop = threading.Event()
    thread = threading.Thread(target=scheduler.run, args=(stop,), daemon=True)
    try:
        with admin.connect() as conn:  # the database goes away: no new connections, the old ones cut
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
        thread.start()
        time.sleep(1.5)
        assert thread.is_alive()
        assert "scheduler: cannot reach the database" in caplog.text
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        _due_household(db)
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            with db.session() as session:
                if session.scalar(select(func.count()).select_from(CallAttempt)):
                    break
            time.sleep(0.2)
        else:
            raise AssertionError("the scheduler did not carry on after the database came back")
    finally:
        stop.set()
        thread.join(10)
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
        svc.queue("dial").delete(delete_jobs=True)
