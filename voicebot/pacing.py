"""Calls per second, shared by every dial worker on every machine through Redis.

Twilio places 1 call per second per account by default; a campaign may be slower still.
Each limit is a generic cell rate (GCRA) kept in one Redis key: the time at which the
next call may start. One Lua script checks every limit a call falls under (the account's
and the campaign's) and takes a turn from all of them at once, on Redis's own clock, so
workers on machines with different clocks share one schedule. Calls start at least
1/rate apart: no one-second window ever holds more than `rate` starts."""

from __future__ import annotations

import time
from dataclasses import dataclass

from redis import Redis

# KEYS: one per limit. ARGV: the spacing of each limit in microseconds.
# Returns 0 when a turn was taken, else the microseconds to wait.
_TAKE_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local wait = 0
for i, key in ipairs(KEYS) do
  local next_at = tonumber(redis.call('GET', key) or '0')
  if next_at - now > wait then wait = next_at - now end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  local spacing = tonumber(ARGV[i])
  redis.call('SET', key, tostring(now + spacing), 'PX', math.floor(spacing / 1000) + 60000)
end
return 0
"""


# Turns are spaced 2% wider than the rate: Twilio counts arrivals, not our turns, and a
# request's trip varies by a few milliseconds. (5% was tried: it cost 0.2 calls/s and did
# not stop the bunching the pacing benchmark sees on an overloaded 2-core host, which
# comes from stalls of a whole second, not from jitter; BENCHMARKS.md.)
GUARD = 1.02


@dataclass(frozen=True)
class Limit:
    key: str
    per_second: float


class Pacer:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        self._script = redis.register_script(_TAKE_TURN)

    def limits(self, account: str, account_cps: float, campaign_id: int | None = None,
               campaign_cps: float | None = None) -> list[Limit]:
        out = [Limit(f"{self.prefix}:pace:account:{account}", account_cps)]
        if campaign_id is not None and campaign_cps:
            out.append(Limit(f"{self.prefix}:pace:campaign:{campaign_id}", campaign_cps))
        return out

    def try_turn(self, limits: list[Limit]) -> float:
        """0 when this call may start now (its turn is taken), else the seconds to wait."""
        spacing = [int(GUARD * 1_000_000 / max(limit.per_second, 1e-3)) for limit in limits]
        waited = int(self._script(keys=[limit.key for limit in limits], args=spacing))
        return waited / 1_000_000

    def wait_turn(self, limits: list[Limit], max_wait_s: float = 300) -> None:
        deadline = time.monotonic() + max_wait_s
        while (wait := self.try_turn(limits)) > 0:
            if time.monotonic() + wait > deadline:
                raise TimeoutError("no turn to dial within the wait allowed")
            time.sleep(min(wait, 1.0))
