"""`voicebot worker`: an RQ worker that outlives Redis and database outages.

RQ's own loop waits out a lost connection while it waits for a job, but quits on one
lost anywhere else (registering, heartbeating, finishing a job). This loop starts it
again with a growing pause, and the worker puts itself back in Redis's worker registry
on every heartbeat, since a Redis that restarted has forgotten it (and the outbox would
take its running jobs for lost). Run it under a supervisor (deploy/systemd) all the same:
a process can also be killed."""

from __future__ import annotations

import logging
import time

from redis.exceptions import RedisError
from rq import worker_registration
from rq.worker import SimpleWorker

from voicebot.services import Services

log = logging.getLogger(__name__)
MAX_BACKOFF_S = 30.0


class VoicebotWorker(SimpleWorker):
    """Runs jobs in its own process, so the models it loaded once serve every job."""

    def heartbeat(self, timeout: int | None = None, pipeline=None) -> None:  # noqa: ANN001
        super().heartbeat(timeout, pipeline)
        if pipeline is None:
            worker_registration.register(self)


def run(svc: Services, queue_names: list[str], burst: bool = False) -> None:
    backoff = 1.0
    while True:
        worker = None
        try:
            worker = VoicebotWorker([svc.queue(n) for n in queue_names], connection=svc.redis)
            worker.work(burst=burst, logging_level="WARNING")
        except RedisError as exc:
            log.warning("worker: Redis unavailable (%s); starting again in %.0f s", type(exc).__name__, backoff)
        else:
            if burst or worker._shutdown_requested_date is not None:  # SIGTERM/SIGINT: a warm shutdown
                return
            log.warning("worker: stopped after an error; starting again in %.0f s", backoff)
        time.sleep(backoff)
        backoff = min(backoff * 2, MAX_BACKOFF_S)
