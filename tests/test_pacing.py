"""The shared limiter in Redis: every dial worker on every machine takes its turn from
the same keys, so the account's and each campaign's calls per second hold across them,
counted where Twilio counts them: when the requests arrive."""

import random
import threading
import time
import uuid

import pytest
from redis import Redis

from tests.conftest import REDIS
from voicebot.pacing import Pacer


@pytest.fixture
def prefix():
    name = f"test-pace-{uuid.uuid4().hex[:8]}"
    yield name
    redis = Redis.from_url(REDIS)
    for key in redis.scan_iter(f"{name}:*"):
        redis.delete(key)


def most_in_one_second(times: list[float]) -> int:
    return max(sum(1 for u in times if t <= u < t + 1) for t in times)


def test_a_turn_taken_by_one_worker_makes_every_other_wait(prefix):
    workers = [Pacer(Redis.from_url(REDIS), prefix) for _ in range(3)]  # three processes' connections
    limits = workers[0].limits("AC1", account_cps=5)
    assert workers[0].try_turn(limits, "first") == 0
    for i, other in enumerate(workers[1:]):
        assert 0.15 < other.try_turn(limits, f"other-{i}") <= 0.2  # the next turn is 1/5 s after the first
    other_account = workers[0].limits("AC2", account_cps=5)
    assert workers[1].try_turn(other_account, "elsewhere") == 0  # another Twilio account has its own turns


def test_the_slower_of_account_and_campaign_decides_and_both_are_taken(prefix):
    pacer = Pacer(Redis.from_url(REDIS), prefix)
    slow_campaign = pacer.limits("AC1", account_cps=5, campaign_id=7, campaign_cps=1)
    assert pacer.try_turn(slow_campaign, "a") == 0
    assert pacer.try_turn(slow_campaign, "b") > 0.5  # the campaign's 1/s, not the account's 5/s
    other_campaign = pacer.limits("AC1", account_cps=5, campaign_id=8, campaign_cps=1)
    assert 0 < pacer.try_turn(other_campaign, "c") <= 0.2  # the account's turn was taken too


def test_requests_in_flight_hold_their_turns_until_twilio_answers(prefix):
    pacer = Pacer(Redis.from_url(REDIS), prefix)
    limits = pacer.limits("AC1", account_cps=2)
    first = pacer.wait_turn(limits)
    second = pacer.wait_turn(limits)  # half a second later
    time.sleep(0.7)
    # Both requests are still unanswered: a third could arrive in the same second as them.
    assert pacer.try_turn(limits, "third") > 0
    pacer.finish(limits, first)
    pacer.finish(limits, second)
    assert pacer.try_turn(limits, "third") > 0.9  # a full second after the answers
    time.sleep(1.0)
    assert pacer.try_turn(limits, "third") == 0


def test_a_turn_left_in_flight_by_a_dead_worker_expires_with_its_lease(prefix):
    pacer = Pacer(Redis.from_url(REDIS), prefix, lease_s=0.3)
    limits = pacer.limits("AC1", account_cps=1)
    pacer.wait_turn(limits)  # and never finished: the worker was killed
    assert pacer.try_turn(limits, "next") > 0
    time.sleep(1.35)  # the lease, then the window
    assert pacer.try_turn(limits, "next") == 0


def test_stalls_between_turn_and_arrival_never_put_more_than_the_rate_in_a_second(prefix):
    """Six workers race at 5 calls a second, and each stalls for a random time (up to
    0.6 s, as an overloaded host does) after its turn before the request arrives, and
    again before the answer is back. Spacing turns 1/rate apart alone lets two stalled
    requests land in the same second as four others; the window of answered requests
    does not, whatever the stalls."""
    arrivals: list[float] = []
    stop = threading.Event()
    lock = threading.Lock()

    def work(seed: int) -> None:
        rng = random.Random(seed)
        pacer = Pacer(Redis.from_url(REDIS), prefix)
        limits = pacer.limits("AC1", account_cps=5)
        while not stop.is_set():
            token = pacer.wait_turn(limits)
            time.sleep(rng.choice([0, 0, 0.01, 0.05, 0.3, 0.6]))
            with lock:
                arrivals.append(time.time())
            time.sleep(rng.choice([0.005, 0.02, 0.2]))
            pacer.finish(limits, token)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    stop.wait(4.0)
    stop.set()
    for t in threads:
        t.join()
    assert len(arrivals) >= 10  # the limiter does let calls through
    assert most_in_one_second(arrivals) <= 5
