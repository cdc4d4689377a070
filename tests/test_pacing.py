"""The shared limiter in Redis: every dial worker on every machine takes its turn from
the same keys, so the account's and each campaign's calls per second hold across them."""

import math
import threading
import time
import uuid

import pytest
from redis import Redis

from tests.conftest import REDIS
from voicebot.pacing import GUARD, Pacer


@pytest.fixture
def prefix():
    name = f"test-pace-{uuid.uuid4().hex[:8]}"
    yield name
    redis = Redis.from_url(REDIS)
    for key in redis.scan_iter(f"{name}:*"):
        redis.delete(key)


def test_a_turn_taken_by_one_worker_makes_every_other_wait(prefix):
    workers = [Pacer(Redis.from_url(REDIS), prefix) for _ in range(3)]  # three processes' connections
    limits = workers[0].limits("AC1", account_cps=5)
    assert workers[0].try_turn(limits) == 0
    for other in workers[1:]:
        wait = other.try_turn(limits)
        assert 0.15 < wait <= GUARD / 5  # the next turn is 1/5 s (and the guard) after the first
    other_account = workers[0].limits("AC2", account_cps=5)
    assert workers[1].try_turn(other_account) == 0  # another Twilio account has its own turns


def test_the_slower_of_account_and_campaign_decides_and_both_are_taken(prefix):
    pacer = Pacer(Redis.from_url(REDIS), prefix)
    slow_campaign = pacer.limits("AC1", account_cps=5, campaign_id=7, campaign_cps=1)
    assert pacer.try_turn(slow_campaign) == 0
    assert pacer.try_turn(slow_campaign) > 0.5  # the campaign's 1/s, not the account's 5/s
    other_campaign = pacer.limits("AC1", account_cps=5, campaign_id=8, campaign_cps=1)
    assert 0 < pacer.try_turn(other_campaign) <= GUARD / 5  # the account's turn was taken too


def test_racing_workers_never_share_a_turn(prefix):
    """Eight threads with their own connections race at 10 turns a second: however they
    are scheduled, no more turns are granted than the spacing allows."""
    granted = []
    stop = threading.Event()

    def work() -> None:
        pacer = Pacer(Redis.from_url(REDIS), prefix)
        limits = pacer.limits("AC1", account_cps=10)
        while not stop.is_set():
            if pacer.try_turn(limits) == 0:
                granted.append(1)

    threads = [threading.Thread(target=work) for _ in range(8)]
    started = time.monotonic()
    for t in threads:
        t.start()
    stop.wait(1.2)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    assert 5 <= len(granted) <= math.floor(elapsed / (GUARD / 10)) + 1
