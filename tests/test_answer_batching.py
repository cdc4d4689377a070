"""Answers waiting in the queue are taken into one worker's batch, each by one worker only,
and an answer whose worker died is queued again."""

import uuid

from redis import Redis
from rq import Queue, Worker
from rq.job import Job, JobStatus

from tests.conftest import REDIS
from voicebot.jobs.answers import claim_waiting, enqueue_answer, requeue_if_lost


def _noop(turn_id: int) -> int:
    return turn_id


def test_claim_waiting_takes_queued_answers_once():
    redis = Redis.from_url(REDIS)
    queue = Queue(f"test-batch-{uuid.uuid4().hex[:8]}", connection=redis)
    try:
        for turn in (11, 12, 13):
            queue.enqueue(_noop, turn, job_id=f"turn-{turn}")
        queue.enqueue(_noop, 0, job_id="other-job")
        assert claim_waiting(queue, 2) == [11, 12]
        assert queue.get_job_ids() == ["turn-13", "other-job"]
        assert not redis.exists(queue.job_class.key_for("turn-11"))  # no orphan job record
        # a second worker gets only what is left, never the same answer
        assert claim_waiting(queue, 3) == [13]
        assert claim_waiting(queue, 3) == []
        assert queue.get_job_ids() == ["other-job"]
    finally:
        queue.delete(delete_jobs=True)


def test_lost_answers_are_queued_again_and_live_ones_left_alone():
    redis = Redis.from_url(REDIS)
    queue = Queue(f"test-lost-{uuid.uuid4().hex[:8]}", connection=redis)
    try:
        enqueue_answer(queue, 21)
        assert not requeue_if_lost(queue, 21)  # still waiting for a worker
        # A worker claimed it into a batch and died: the job record is gone.
        assert claim_waiting(queue, 1) == [21]
        assert requeue_if_lost(queue, 21)
        assert queue.get_job_ids() == ["turn-21"]
        # A worker started it and was killed: the job says started, its worker is gone.
        job = Job.fetch("turn-21", connection=redis)
        job.set_status(JobStatus.STARTED)
        job.worker_name = "killed-worker"
        job.save()
        queue.remove("turn-21")
        assert requeue_if_lost(queue, 21)
        assert Job.fetch("turn-21", connection=redis).get_status() == JobStatus.QUEUED
        # A job a live worker holds is not touched.
        worker = Worker([queue], connection=redis, name=f"live-{uuid.uuid4().hex[:6]}")
        worker.register_birth()
        try:
            job = Job.fetch("turn-21", connection=redis)
            job.set_status(JobStatus.STARTED)
            job.worker_name = worker.name
            job.save()
            queue.remove("turn-21")
            assert not requeue_if_lost(queue, 21)
            assert queue.get_job_ids() == []
        finally:
            worker.register_death()
    finally:
        queue.delete(delete_jobs=True)
