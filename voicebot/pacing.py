"""Calls per second, shared by every dial worker on every machine through Redis.

Twilio places 1 call per second per account by default; a campaign may be slower still.
Twilio counts the requests it *receives*, and a request's trip from our turn to Twilio
varies: a worker or the host may stall between the two. Spacing turns 1/rate apart is
therefore not enough (two turns 0.2 s apart can arrive together after a stall), so each
limit keeps two things in Redis:

- a spacing key (a generic cell rate: the time the next turn may start), which spreads
  calls evenly instead of in bursts;
- a window of the turns of the last second, a sorted set scored by when each request was
  *answered* (an upper bound of when Twilio received it), or, while it is still in
  flight, by a lease far in the future. A turn is granted only while fewer than `rate`
  requests were answered within the last second or are in flight.

For any one-second window of arrivals, the last of them to be granted saw every earlier
one either in flight or answered after its own grant minus one second, so no one-second
window ever holds more than `rate` arrivals, whatever the stalls (tests/test_pacing.py).
The price is the request's round trip: a turn holds its place for 1 s plus that trip.
One Lua script checks every limit a call falls under (the account's and the campaign's)
and takes a turn from all of them at once, on Redis's own clock, so workers on machines
with different clocks share one schedule."""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from redis import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Longer than any request to Twilio may take (the REST client's timeout is 10 s): a turn
# whose worker died in flight stops counting after this.
LEASE_S = 15.0

# KEYS: a spacing key and a window key per limit. ARGV: the token, the lease, then per
# limit its spacing and its window in microseconds and the turns the window holds.
# Returns 0 when a turn was taken, else the microseconds to wait.
_TAKE_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local token, lease = ARGV[1], tonumber(ARGV[2])
local wait = 0
for i = 1, #KEYS / 2 do
  local spacing_key, window_key = KEYS[2 * i - 1], KEYS[2 * i]
  local window, capacity = tonumber(ARGV[3 * i + 1]), tonumber(ARGV[3 * i + 2])
  local next_at = tonumber(redis.call('GET', spacing_key) or '0')
  if next_at - now > wait then wait = next_at - now end
  redis.call('ZREMRANGEBYSCORE', window_key, '-inf', now - window)
  if redis.call('ZCARD', window_key) >= capacity then
    local oldest = tonumber(redis.call('ZRANGE', window_key, 0, 0, 'WITHSCORES')[2])
    local free_at = oldest + window - now
    if oldest > now then free_at = 20000 end  -- every turn still in flight: look again soon
    if free_at > wait then wait = free_at end
  end
end
if wait > 0 then return wait end
for i = 1, #KEYS / 2 do
  local spacing = tonumber(ARGV[3 * i])
  local window = tonumber(ARGV[3 * i + 1])
  redis.call('SET', KEYS[2 * i - 1], tostring(now + spacing), 'PX', math.floor(spacing / 1000) + 60000)
  redis.call('ZADD', KEYS[2 * i], now + lease, token)
  redis.call('PEXPIRE', KEYS[2 * i], math.floor((window + lease) / 1000) + 60000)
end
return 0
"""

# KEYS: the window keys of a turn's limits. ARGV: the token. The request was answered now.
_FINISH_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[1])
end
return 0
"""


@dataclass(frozen=True)
class Limit:
    key: str
    per_second: float

    @property
    def window_key(self) -> str:
        return f"{self.key}:window"

    @property
    def capacity(self) -> int:
        """Turns in one window: the whole calls of a second (one, below 1/s)."""
        return max(1, math.floor(self.per_second))

    @property
    def window_us(self) -> int:
        """One second, or longer below 1/s so that one call in it keeps the rate."""
        return int(max(1.0, self.capacity / self.per_second) * 1_000_000)


class Pacer:
    def __init__(self, redis: Redis, prefix: str, lease_s: float = LEASE_S) -> None:
        self.redis = redis
        self.prefix = prefix
        self.lease_us = int(lease_s * 1_000_000)
        self._take = redis.register_script(_TAKE_TURN)
        self._finish = redis.register_script(_FINISH_TURN)

    def limits(self, account: str, account_cps: float, campaign_id: int | None = None,
               campaign_cps: float | None = None) -> list[Limit]:
        out = [Limit(f"{self.prefix}:pace:account:{account}", max(account_cps, 1e-3))]
        if campaign_id is not None and campaign_cps:
            out.append(Limit(f"{self.prefix}:pace:campaign:{campaign_id}", campaign_cps))
        return out

    def try_turn(self, limits: list[Limit], token: str) -> float:
        """0 when the request named `token` may go now (its turn is taken), else the
        seconds to wait. A taken turn must be finished once the request is answered."""
        keys, args = [], [token, self.lease_us]
        for limit in limits:
            keys += [limit.key, limit.window_key]
            args += [int(1_000_000 / limit.per_second), limit.window_us, limit.capacity]
        return int(self._take(keys=keys, args=args)) / 1_000_000

    def wait_turn(self, limits: list[Limit], max_wait_s: float = 300) -> str:
        """Waits for a turn and returns its token; `finish` it once Twilio has answered."""
        token = uuid.uuid4().hex
        deadline = time.monotonic() + max_wait_s
        while (wait := self.try_turn(limits, token)) > 0:
            if time.monotonic() + wait > deadline:
                raise TimeoutError("no turn to dial within the wait allowed")
            time.sleep(min(wait, 1.0))
        return token

    def finish(self, limits: list[Limit], token: str) -> None:
        try:
            self._finish(keys=[limit.window_key for limit in limits], args=[token])
        except RedisError:  # the request went; its lease keeps it counted for a while
            log.warning("pacing: a finished turn could not be recorded (Redis unavailable)")

    @contextmanager
    def turn(self, limits: list[Limit], max_wait_s: float = 300) -> Iterator[None]:
        """Holds a turn while the request to Twilio is made."""
        token = self.wait_turn(limits, max_wait_s)
        try:
            yield
        finally:
            self.finish(limits, token)
