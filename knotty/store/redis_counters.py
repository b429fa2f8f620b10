"""Rate-limit counters in Redis or Valkey (`KNOTTY_REDIS_URL`), for deployments that already run one.

The same limits and arithmetic as the database's counters (`rate_limits`): fixed, epoch-aligned
windows every instance agrees on, and a sliding estimate from this window's hits plus the previous
window's weighted share. Taking a hit is one round trip: a Lua script adds one to each key's counter
in its window (expiring after two windows) and returns it with the previous window's. A refused hit
is taken back in a second round trip, as with the database. Redis and its connection errors become
`StoreUnavailable`, so the web layer falls back to counting in the process, as it does when the
database is away. A multi-key script needs one node: a Redis Cluster is not supported.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, ParamSpec, TypeVar

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from knotty.store.boundary import translated

# The database counters' own arithmetic, so both stores refuse the same hit at the same moment.
from knotty.store.rate_limits import Hit
from knotty.store.rate_limits import _estimate as estimate
from knotty.store.rate_limits import _wait as wait_for_room

__all__ = ["RedisCounters"]

PREFIX = "knotty:rate:"
"""Every key Knotty writes starts with this."""
_GLOB_SPECIAL = re.compile(r"[*?\[\]\\]")
"""What a `SCAN MATCH` pattern reads as a wildcard, escaped in a subject."""
TIMEOUT_S = 0.5
"""Connecting or answering slower than this counts as Redis being away (the fallback takes over)."""

_TAKE = """
local out = {}
for i = 1, #KEYS, 2 do
  local hits = redis.call('INCR', KEYS[i])
  if hits == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[(i + 1) / 2]) end
  out[#out + 1] = hits
  out[#out + 1] = tonumber(redis.call('GET', KEYS[i + 1]) or '0')
end
return out
"""

_GIVE_BACK = """
for i = 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 0
"""

P = ParamSpec("P")
R = TypeVar("R")
_REDIS_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError)


def _translated(method: Callable[P, Coroutine[Any, Any, R]]) -> Callable[P, Coroutine[Any, Any, R]]:
    """The store's one boundary, with Redis's errors (and its refused connections) as the foreign ones."""
    return translated(method, _REDIS_ERRORS)


class RedisCounters:
    """Take, peek at and (a no-op: keys expire) prune the shared rate-limit counters in one Redis."""

    def __init__(self, url: str, *, clock: Callable[[], float] = time.time) -> None:
        self._redis = aioredis.Redis.from_url(
            url, socket_timeout=TIMEOUT_S, socket_connect_timeout=TIMEOUT_S, decode_responses=True
        )
        self._take = self._redis.register_script(_TAKE)
        self._give_back = self._redis.register_script(_GIVE_BACK)
        self._clock = clock

    @staticmethod
    def _key(key: str, start: int) -> str:
        return f"{PREFIX}{key}:{start}"

    def _windows(self, hits: Sequence[Hit], now: float) -> list[tuple[Hit, int]]:
        unique = {hit.key: hit for hit in hits}
        return [(hit, int(now // hit.window_s) * hit.window_s) for _, hit in sorted(unique.items())]

    @_translated
    async def take(self, hits: Sequence[Hit]) -> float:
        """Count one hit on every key when all are within their limits; else the seconds to wait (nothing counted)."""
        now = self._clock()
        windows = self._windows(hits, now)
        if not windows:
            return 0.0
        keys = [
            k
            for hit, start in windows
            for k in (self._key(hit.key, start), self._key(hit.key, start - hit.window_s))
        ]
        ttls = [2 * hit.window_s * 1000 for hit, _ in windows]
        counts = [int(n) for n in await self._take(keys=keys, args=ttls)]
        waits = []
        for i, (hit, start) in enumerate(windows):
            hits_now, prev = counts[2 * i], counts[2 * i + 1]
            elapsed = now - start
            if estimate(prev, hits_now, elapsed, hit.window_s) > hit.limit:
                waits.append(wait_for_room(prev, hits_now - 1, elapsed, hit.window_s, hit.limit))
        if not waits:
            return 0.0
        async with self._redis.pipeline(transaction=False) as pipe:
            for hit, start in windows:
                pipe.decr(self._key(hit.key, start))
            await pipe.execute()
        return max(waits)

    @_translated
    async def give_back(self, hits: Sequence[Hit]) -> None:
        """Take back one hit of each key in its current window (never below zero): counted for
        something that then did not happen (a text's allowance spent by a turn that lost)."""
        windows = self._windows(hits, self._clock())
        if windows:
            await self._give_back(keys=[self._key(hit.key, start) for hit, start in windows])

    @_translated
    async def peek(self, hit: Hit) -> float:
        """Seconds until `hit.key` may hit again (0 when it may now); counts nothing."""
        now = self._clock()
        [(_, start)] = self._windows([hit], now)
        current, previous = await self._redis.mget(
            self._key(hit.key, start), self._key(hit.key, start - hit.window_s)
        )
        hits_now, prev = int(current or 0), int(previous or 0)
        elapsed = now - start
        if estimate(prev, hits_now, elapsed, hit.window_s) + 1 <= hit.limit:
            return 0.0
        return wait_for_room(prev, hits_now, elapsed, hit.window_s, hit.limit)

    @_translated
    async def forget(self, *subjects: str) -> int:
        """Delete every counter whose key names one of `subjects` (a phone or email being erased, as
        `erasure.subject_keys` matches them in the database); returns how many went."""
        doomed: set[str] = set()
        for subject in subjects:
            glob = _GLOB_SPECIAL.sub(r"\\\g<0>", subject)
            for pattern in (f"{PREFIX}*[:>]{glob}:*", f"{PREFIX}*[:>]{glob}>*"):
                doomed.update([key async for key in self._redis.scan_iter(match=pattern, count=1000)])
        return int(await self._redis.delete(*doomed)) if doomed else 0

    async def prune(self) -> int:
        """Nothing to do: every counter expires two windows after its own starts."""
        return 0

    @_translated
    async def ping(self) -> bool:
        """Whether Redis answers (`knotty check`)."""
        return bool(await self._redis.ping())

    async def aclose(self) -> None:
        """Close the connections."""
        await self._redis.aclose()
