"""What `/healthz` and `voicebot status` report: can this process reach its database and
Redis, what waits in the outbox and the queues, which workers and scheduler are alive."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from redis.exceptions import RedisError
from rq import Worker
from rq.registry import FailedJobRegistry, StartedJobRegistry
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from voicebot import callstate, outbox
from voicebot.db import CallAttempt
from voicebot.services import QUEUE_NAMES, Services


def health(svc: Services) -> dict[str, Any]:
    """ok: both reachable; degraded: Redis away (calls go on, answers wait); down: no database."""
    out: dict[str, Any] = {"database": "ok", "redis": "ok"}
    try:
        with svc.db.session() as session:
            session.execute(text("SELECT 1"))
            out["outbox"] = outbox.backlog(session)
    except SQLAlchemyError as exc:
        out["database"] = f"unavailable ({type(exc).__name__})"
    try:
        svc.redis.ping()
    except RedisError as exc:
        out["redis"] = f"unavailable ({type(exc).__name__})"
    out["status"] = "down" if out["database"] != "ok" else "degraded" if out["redis"] != "ok" else "ok"
    return out


def status(svc: Services) -> dict[str, Any]:
    """Everything `voicebot status` prints."""
    report = health(svc)
    if report["database"] == "ok":
        with svc.db.session() as session:
            report["live_calls"] = session.scalar(select(func.count()).select_from(CallAttempt)
                                                  .where(CallAttempt.status.in_(callstate.LIVE))) or 0
    if report["redis"] != "ok":
        return report
    try:
        queues = {}
        for name in QUEUE_NAMES:
            queue = svc.queue(name)
            queues[name] = {"queued": queue.count,
                            "started": StartedJobRegistry(queue=queue).count,
                            "failed": FailedJobRegistry(queue=queue).count}
        report["queues"] = queues
        prefix = svc.settings.queue_prefix
        report["workers"] = [
            {"name": w.name, "state": w.get_state(), "queues": [q.name.removeprefix(prefix + "-") for q in w.queues],
             "last_heartbeat": w.last_heartbeat.isoformat() if w.last_heartbeat else None}
            for w in Worker.all(connection=svc.redis) if any(q.name.startswith(prefix + "-") for q in w.queues)]
        beat = svc.redis.get(f"{prefix}:scheduler:heartbeat")
        report["scheduler"] = {"last_tick": beat.decode() if beat else None,
                               "leader": (svc.redis.get(f"{prefix}:scheduler:leader") or b"").decode() or None}
    except RedisError as exc:
        report["redis"] = f"unavailable ({type(exc).__name__})"
    report["checked_at"] = datetime.now(UTC).isoformat()
    return report
