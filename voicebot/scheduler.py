"""`voicebot scheduler`: the loop that keeps calls moving, and keeps going through outages.

Every tick it dispatches due calls, relays the outbox (work promised to the queue but
not yet, or no longer, in it) and, every few ticks, reconciles calls whose news never
came. Redis or the database being away for a while is expected (a restart, a failover):
the tick fails, the loop waits with a growing pause and carries on when they are back.
Several schedulers may run (one per machine, for failover): a lease in Redis lets one
of them dispatch at a time; the claims in the database keep even two from calling a
household twice."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import UTC, datetime

from redis.exceptions import RedisError
from sqlalchemy.exc import DBAPIError
from twilio.base.exceptions import TwilioException

from voicebot import outbox
from voicebot.dispatch import dispatch
from voicebot.reconcile import reconcile
from voicebot.services import Services
from voicebot.telephony import telephony_from_settings

log = logging.getLogger(__name__)
OUTAGES = (RedisError, DBAPIError, OSError, TwilioException)
MAX_BACKOFF_S = 30.0


class Scheduler:
    def __init__(self, svc: Services, interval_s: float = 1.0) -> None:
        self.svc = svc
        self.interval_s = interval_s
        # Often enough that a call is asked about soon after it has gone quiet for too long.
        self.reconcile_every = max(1, round(svc.settings.reconcile_after_s / 4 / interval_s))
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self.lease_key = f"{svc.settings.queue_prefix}:scheduler:leader"
        self.ticks = 0

    def leader(self) -> bool:
        """Takes or renews the dispatch lease (three ticks long)."""
        ttl_ms = int(max(self.interval_s * 3, 3) * 1000)
        redis = self.svc.redis
        if redis.set(self.lease_key, self.name, nx=True, px=ttl_ms):
            return True
        if (redis.get(self.lease_key) or b"").decode() == self.name:
            redis.pexpire(self.lease_key, ttl_ms)
            return True
        return False

    def tick(self, now: datetime | None = None) -> dict[str, int]:
        """One round; each part runs even when another fails (the reconciler needs no Redis,
        the relay no Twilio). Raises the first outage after trying them all."""
        now = now or datetime.now(UTC)
        out = {"dispatched": 0, "relayed": 0, "reconciled": 0}
        failures: list[BaseException] = []

        def attempt(name: str, part) -> None:  # noqa: ANN001
            try:
                out[name] = part()
            except OUTAGES as exc:
                failures.append(exc)

        if self.ticks % self.reconcile_every == 0:
            attempt("reconciled", lambda: sum(
                reconcile(self.svc, telephony_from_settings(self.svc.settings), now).values()))
        self.ticks += 1
        attempt("dispatched", lambda: dispatch(self.svc, now) if self.leader() else 0)
        attempt("relayed", lambda: outbox.relay(self.svc, now))
        attempt("heartbeat", lambda: self.svc.redis.set(
            f"{self.svc.settings.queue_prefix}:scheduler:heartbeat", now.isoformat(), ex=60) and 1)
        if failures:
            raise failures[0]
        return out

    def run(self, stop: threading.Event | None = None) -> None:
        stop = stop or threading.Event()
        backoff = self.interval_s
        down_since: float | None = None
        while not stop.is_set():
            try:
                self.tick()
            except OUTAGES as exc:
                if down_since is None:
                    down_since = time.monotonic()
                log.warning("scheduler: cannot reach %s (%s); retrying in %.0f s", _service(exc),
                            type(exc).__name__, backoff)
                stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                continue
            if down_since is not None:
                log.warning("scheduler: services back after %.0f s", time.monotonic() - down_since)
                down_since = None
            backoff = self.interval_s
            stop.wait(self.interval_s)


def _service(exc: BaseException) -> str:
    if isinstance(exc, RedisError):
        return "Redis"
    if isinstance(exc, DBAPIError):
        return "the database"
    return "Twilio" if isinstance(exc, TwilioException) else "a service"
