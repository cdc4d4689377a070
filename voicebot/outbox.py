"""The outbox: work a database write promises to the queue, handed over exactly once in effect.

A webhook stores an answer and, in the same transaction, an outbox entry saying "process
this answer". Handing the entry to RQ is a second step that may fail (Redis restarting,
a network blip) or be undone (Redis loses its queues, a worker dies holding the job). So
the entry stays until the job itself marks it done, and the relay (the scheduler, every
tick, and the webhook that waits for the answer) hands over whatever is not handed yet
or whose job is gone. A job may therefore run twice; every job is idempotent (a processed
answer, a placed call, an announced case is left alone), so twice changes nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from redis.exceptions import RedisError
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.worker import Worker
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from voicebot.db import OutboxEntry
from voicebot.services import Services

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    queue: str
    func: str  # by name: the jobs import this module, not the other way round
    timeout: int
    stale_s: int  # how long a handed-over entry may wait for its job before the job is checked


KINDS = {
    "answer": Kind("answers", "voicebot.jobs.answers.process_answer", 120, 20),
    "dial": Kind("dial", "voicebot.jobs.dial.dial", 60, 60),
    "case": Kind("cases", "voicebot.jobs.cases.announce_case", 30, 60),
    "sms": Kind("dial", "voicebot.jobs.texts.send_text", 60, 120),
}
FRESH_S = 2  # an entry this young is being handed over by the request that wrote it


def job_id(kind: str, ref_id: int) -> str:
    return f"{kind}-{ref_id}"


def add(session: Session, kind: str, ref_id: int) -> None:
    """Promises the work, in the caller's transaction."""
    session.add(OutboxEntry(kind=kind, ref_id=ref_id))


def mark_done(session: Session, kind: str, ref_id: int, now: datetime | None = None) -> None:
    session.execute(update(OutboxEntry).where(OutboxEntry.kind == kind, OutboxEntry.ref_id == ref_id,
                                              OutboxEntry.done_at.is_(None)).values(done_at=now or _now()))


def hand_over(svc: Services, kind: str, ref_id: int, at_front: bool = False) -> bool:
    """Queues the job now; False (and nothing lost: the relay will) when Redis is away."""
    spec = KINDS[kind]
    try:
        svc.queue(spec.queue).enqueue(spec.func, ref_id, job_id=job_id(kind, ref_id), job_timeout=spec.timeout,
                                      at_front=at_front, result_ttl=600, failure_ttl=7 * 86400)
    except RedisError as exc:
        log.warning("%s %s: queue unavailable (%s); the relay will hand it over", kind, ref_id, type(exc).__name__)
        return False
    with svc.db.session() as session:
        session.execute(update(OutboxEntry).where(OutboxEntry.kind == kind, OutboxEntry.ref_id == ref_id)
                        .values(handed_at=_now(), handovers=OutboxEntry.handovers + 1))
    return True


def ensure_handed(svc: Services, kind: str, ref_id: int) -> bool:
    """Hands the entry over again if its job is gone; True when it did."""
    with svc.db.session() as session:
        entry = session.scalar(select(OutboxEntry).where(OutboxEntry.kind == kind, OutboxEntry.ref_id == ref_id))
        if entry is None or entry.done_at is not None:
            return False
        handed = entry.handed_at is not None
    try:
        if handed and job_alive(svc, kind, ref_id):
            return False
    except RedisError:
        return False
    if handed:
        log.warning("%s %s: job lost, handed over again", kind, ref_id)
    return hand_over(svc, kind, ref_id)


def relay(svc: Services, now: datetime | None = None, limit: int = 500) -> int:
    """Hands over every entry not yet handed, and again every one whose job was lost.

    A handed-over entry is checked only once it is stale (a worker may have claimed its job
    into a batch it is still running), unless Redis lost everything since the last pass:
    then every job is gone and waiting would only hold answers back."""
    now = now or _now()
    try:
        wiped = redis_wiped(svc)
    except RedisError:
        return 0  # the next tick tries again
    stale = timedelta(seconds=0 if wiped else min(k.stale_s for k in KINDS.values()))
    with svc.db.session() as session:
        entries = session.execute(
            select(OutboxEntry.kind, OutboxEntry.ref_id, OutboxEntry.handed_at)
            .where(OutboxEntry.done_at.is_(None), OutboxEntry.created_at <= now - timedelta(seconds=FRESH_S),
                   or_(OutboxEntry.handed_at.is_(None), OutboxEntry.handed_at <= now - stale))
            .order_by(OutboxEntry.id).limit(limit)).all()
    handed = 0
    for kind, ref_id, handed_at in entries:
        if handed_at is not None:
            young = not wiped and _aware(handed_at) > now - timedelta(seconds=KINDS[kind].stale_s)
            if young or job_alive(svc, kind, ref_id):
                continue
            log.warning("%s %s: job lost, handed over again", kind, ref_id)
        if not hand_over(svc, kind, ref_id):
            break  # Redis is away: the next tick tries again
        handed += 1
    return handed


def redis_wiped(svc: Services) -> bool:
    """True the first time it is asked after Redis came back empty (a restart without
    persistence, a failover to an empty replica, a flush): a marker key it keeps is gone."""
    return bool(svc.redis.set(f"{svc.settings.queue_prefix}:outbox:marker", "1", nx=True))


def job_alive(svc: Services, kind: str, ref_id: int) -> bool:
    """Whether a worker will still run (or is running) this entry's job."""
    connection = svc.redis
    try:
        job = Job.fetch(job_id(kind, ref_id), connection=connection)
    except NoSuchJobError:
        return False
    status = job.get_status(refresh=False)
    if status in (JobStatus.QUEUED, JobStatus.DEFERRED, JobStatus.SCHEDULED):
        return True
    if status == JobStatus.STARTED:
        return job.worker_name in {w.name for w in Worker.all(connection=connection)}
    return False  # finished without marking the entry done, failed, stopped or cancelled: run it again


def backlog(session: Session, now: datetime | None = None) -> dict[str, dict[str, float]]:
    """Entries not done, per kind: how many and the age of the oldest (for `voicebot status`)."""
    now = now or _now()
    out: dict[str, dict[str, float]] = {}
    for kind, created in session.execute(select(OutboxEntry.kind, OutboxEntry.created_at)
                                         .where(OutboxEntry.done_at.is_(None))):
        row = out.setdefault(kind, {"waiting": 0, "oldest_s": 0.0})
        row["waiting"] += 1
        row["oldest_s"] = max(row["oldest_s"], (now - _aware(created)).total_seconds())
    return out


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)
