"""The outbox hands promised work to RQ exactly once in effect: now if Redis is there,
later if it is not, and again when the job was lost (a worker died holding it, Redis
forgot its queues); never while a live worker still has it."""

from datetime import UTC, datetime, timedelta

import pytest
from rq import Worker
from rq.job import Job, JobStatus
from sqlalchemy import select

from voicebot import outbox
from voicebot.db import OutboxEntry
from voicebot.jobs.answers import claim_waiting
from voicebot.services import Services
from voicebot.settings import Settings


@pytest.fixture
def svc(settings, db):
    services = Services(settings)
    outbox.redis_wiped(services)  # this Redis has not just been wiped: set the marker
    yield services
    for name in ("answers", "dial", "cases"):
        services.queue(name).delete(delete_jobs=True)


def _promise(svc, kind, ref_id):
    with svc.db.session() as session:
        outbox.add(session, kind, ref_id)


def _entry(svc, kind, ref_id):
    with svc.db.session() as session:
        return session.scalar(select(OutboxEntry).where(OutboxEntry.kind == kind, OutboxEntry.ref_id == ref_id))


def _later(seconds):
    return datetime.now(UTC) + timedelta(seconds=seconds)


def test_handed_over_at_once_and_not_again_while_queued(svc):
    _promise(svc, "answer", 21)
    assert outbox.hand_over(svc, "answer", 21)
    assert svc.queue("answers").get_job_ids() == ["answer-21"]
    assert _entry(svc, "answer", 21).handovers == 1
    assert outbox.relay(svc, _later(60)) == 0  # its job still waits for a worker
    assert not outbox.ensure_handed(svc, "answer", 21)
    assert svc.queue("answers").get_job_ids() == ["answer-21"]


def test_what_redis_refused_is_relayed_when_it_is_back(svc, settings, database_url):
    away = Services(Settings(**{**settings.model_dump(), "redis_url": "redis://127.0.0.1:1/0"}))
    _promise(svc, "answer", 22)
    assert not outbox.hand_over(away, "answer", 22)  # no error: the promise stays
    assert _entry(svc, "answer", 22).handed_at is None
    assert outbox.relay(svc) == 0  # too fresh: the request that wrote it may still hand it over
    assert outbox.relay(svc, _later(outbox.FRESH_S + 1)) == 1
    assert svc.queue("answers").get_job_ids() == ["answer-22"]


def test_a_job_lost_with_its_worker_is_handed_over_again(svc):
    _promise(svc, "answer", 23)
    outbox.hand_over(svc, "answer", 23)
    # A worker took it into a batch and died: the job record is gone.
    assert claim_waiting(svc.queue("answers"), 1) == [23]
    assert outbox.relay(svc, _later(5)) == 0  # not stale yet: a batch takes a few seconds
    assert outbox.relay(svc, _later(outbox.KINDS["answer"].stale_s + 1)) == 1
    assert svc.queue("answers").get_job_ids() == ["answer-23"]
    # A worker started it and was killed: the job says started, its worker is gone.
    job = Job.fetch("answer-23", connection=svc.redis)
    job.set_status(JobStatus.STARTED)
    job.worker_name = "killed-worker"
    job.save()
    svc.queue("answers").remove("answer-23")
    assert outbox.ensure_handed(svc, "answer", 23)
    assert Job.fetch("answer-23", connection=svc.redis).get_status() == JobStatus.QUEUED
    assert _entry(svc, "answer", 23).handovers == 3


def test_a_job_a_live_worker_holds_is_left_alone(svc):
    _promise(svc, "answer", 24)
    outbox.hand_over(svc, "answer", 24)
    worker = Worker([svc.queue("answers")], connection=svc.redis, name=f"live-{svc.settings.queue_prefix}")
    worker.register_birth()
    try:
        job = Job.fetch("answer-24", connection=svc.redis)
        job.set_status(JobStatus.STARTED)
        job.worker_name = worker.name
        job.save()
        svc.queue("answers").remove("answer-24")
        assert not outbox.ensure_handed(svc, "answer", 24)
        assert outbox.relay(svc, _later(600)) == 0
    finally:
        worker.register_death()


def test_done_work_is_never_handed_over_again(svc):
    _promise(svc, "case", 25)
    with svc.db.session() as session:
        outbox.mark_done(session, "case", 25)
    assert outbox.relay(svc, _later(600)) == 0
    assert not outbox.ensure_handed(svc, "case", 25)
    assert svc.queue("cases").get_job_ids() == []
    with svc.db.session() as session:
        assert outbox.backlog(session) == {}


def test_after_redis_came_back_empty_lost_jobs_are_handed_over_at_once(svc):
    _promise(svc, "dial", 26)
    outbox.hand_over(svc, "dial", 26)
    svc.queue("dial").delete(delete_jobs=True)  # as if Redis lost the job and came back
    assert outbox.relay(svc, _later(outbox.FRESH_S + 1)) == 0  # a dial may wait a minute for its job
    svc.redis.delete(f"{svc.settings.queue_prefix}:outbox:marker")  # everything Redis held is gone
    assert outbox.relay(svc, _later(outbox.FRESH_S + 1)) == 1
    assert svc.queue("dial").get_job_ids() == ["dial-26"]
    assert outbox.relay(svc, _later(outbox.FRESH_S + 1)) == 0  # once: the marker is back
