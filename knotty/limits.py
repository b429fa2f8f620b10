"""Abuse limits counted where every process and machine sees them, with this process's windows as a fallback.

A limit is a number of hits per key in a fixed window (`Limit`). The counting is the shared counters'
(`LimitCounters`: the database's, or Redis' with `KNOTTY_REDIS_URL`), so `--workers 2` or a second
machine does not double a limit and a deploy does not reset it. Should they fail to answer, each
process falls back to its own sliding windows for that check (`SlidingWindow`), so an outage of the
counters never turns a limit into an error. The web chat's limits (`web.ratelimit`) and the phone
channels' per-sender text allowance (`knotty.sender_texts`) both count through a `Limiter`.
"""

from __future__ import annotations

import enum
import ipaddress
import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from knotty.errors import Unavailable
from knotty.limit_counters import LimitCounters
from knotty.store.rate_limits import Hit

__all__ = ["IPV6_PREFIX", "Limit", "Limiter", "SlidingWindow", "Taken", "address_key"]

log = logging.getLogger("knotty.limits")


class Taken(enum.Enum):
    """What `Limiter.take_once` did; true unless refused, so it reads as the allowance's yes or no."""

    COUNTED = "counted"
    """Counted now: `Limiter.give_back_once` returns it when what it was counted for did not happen."""
    UNCOUNTED = "uncounted"
    """Passed without counting (counted for the same item already, or not counted at all)."""
    REFUSED = "refused"

    def __bool__(self) -> bool:
        return self is not Taken.REFUSED


@dataclass(frozen=True)
class Limit:
    """At most `limit` hits per key of this kind in any `window_s`-second window."""

    kind: str
    limit: int
    window_s: int


class SlidingWindow:
    """At most `limit` hits per key in any `window_s` seconds, in this process only (the fallback)."""

    def __init__(
        self,
        limit: int,
        window_s: float,
        *,
        max_keys: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.max_keys = max_keys
        self._clock = clock
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may hit again (0 when it may now); records nothing."""
        hits = self._recent(key, self._clock())
        if hits is None or len(hits) < self.limit:
            return 0.0
        return max(0.0, hits[0] + self.window_s - self._clock())

    def record(self, key: str) -> None:
        """Count one hit for `key`."""
        now = self._clock()
        hits = self._recent(key, now)
        if hits is None:
            hits = self._hits[key] = deque()
            while len(self._hits) > self.max_keys:
                self._hits.popitem(last=False)
        self._hits.move_to_end(key)
        hits.append(now)

    def forget(self, key: str) -> None:
        """Take back the newest hit of `key` (one counted for something that then did not happen)."""
        hits = self._recent(key, self._clock())
        if hits:
            hits.pop()

    def _recent(self, key: str, now: float) -> deque[float] | None:
        hits = self._hits.get(key)
        if hits is None:
            return None
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        return hits


@dataclass
class Limiter:
    """Counts hits against `Limit`s: in the shared counters when given them, this process's windows otherwise."""

    counters: LimitCounters | None = None
    """The shared counters (built by the composition root); None keeps every limit in this process."""
    _local: dict[str, SlidingWindow] = field(default_factory=dict, repr=False)
    _shared_down: bool = field(default=False, repr=False)
    """The shared counters failed last time: their fallback was logged, and is not again until they answer."""

    async def take(self, *checks: tuple[Limit, str]) -> float:
        """Count a hit on every key when all allow it; else the seconds to wait (nothing counted)."""
        if self.counters is not None:
            try:
                wait = await self.counters.take(
                    [Hit(f"{lim.kind}:{key}", lim.limit, lim.window_s) for lim, key in checks]
                )
            except Unavailable as exc:
                self._shared_failed(exc)
            else:
                self._shared_answered()
                return wait
        windows = [(self._window(lim), key) for lim, key in checks]
        wait = max((window.retry_after(key) for window, key in windows), default=0.0)
        if wait > 0:
            return wait
        for window, key in windows:
            window.record(key)
        return 0.0

    async def take_once(self, limit: Limit, key: str, item: str) -> Taken:
        """Count one hit of `key` for `item` unless one was counted for it within `limit`'s window (then it
        passes uncounted); REFUSED, nothing counted, when `key` is used up. A text's allowance: a second
        "yes" to the same number, racing the first into another process, must not find the allowance
        the first spent on that very text used up (the number's own rules refuse a second text)."""
        once = _once(limit, key, item)
        if await self.take((limit, key), once) == 0:
            return Taken.COUNTED
        return Taken.UNCOUNTED if await self.retry_after(*once) > 0 else Taken.REFUSED

    async def give_back_once(self, limit: Limit, key: str, item: str) -> None:
        """Take back what `take_once` COUNTED for `item` (the text it was counted for was never accepted:
        its turn lost), so the next person's text is not refused by an allowance spent on nothing."""
        checks = [(limit, key), _once(limit, key, item)]
        if self.counters is not None:
            try:
                await self.counters.give_back(
                    [Hit(f"{lim.kind}:{k}", lim.limit, lim.window_s) for lim, k in checks]
                )
            except Unavailable as exc:
                self._shared_failed(exc)
            else:
                self._shared_answered()
                return
        for lim, k in checks:
            self._window(lim).forget(k)

    async def retry_after(self, limit: Limit, key: str) -> float:
        """Seconds until `key` may hit `limit` again (0 when it may now); counts nothing."""
        if self.counters is not None:
            try:
                wait = await self.counters.peek(Hit(f"{limit.kind}:{key}", limit.limit, limit.window_s))
            except Unavailable as exc:
                self._shared_failed(exc)
            else:
                self._shared_answered()
                return wait
        return self._window(limit).retry_after(key)

    async def record(self, limit: Limit, key: str) -> None:
        """Count one hit of `key` (when it is already at the limit, nothing changes)."""
        await self.take((limit, key))

    def _shared_failed(self, exc: Unavailable) -> None:
        """Log the fallback once per outage (with the first failure's traceback), not on every request."""
        if not self._shared_down:
            self._shared_down = True
            log.warning(
                "shared rate limits unavailable, using this process's until they answer", exc_info=exc
            )

    def _shared_answered(self) -> None:
        if self._shared_down:
            self._shared_down = False
            log.info("shared rate limits answer again")

    def _window(self, limit: Limit) -> SlidingWindow:
        window = self._local.get(limit.kind)
        if window is None:
            window = self._local[limit.kind] = SlidingWindow(limit.limit, float(limit.window_s))
        return window


def _once(limit: Limit, key: str, item: str) -> tuple[Limit, str]:
    """The check that counts `key`'s hit for `item` once in `limit`'s window (`Limiter.take_once`)."""
    return Limit(f"{limit.kind}-to", 1, limit.window_s), f"{key}>{item}"


IPV6_PREFIX = 64
"""The IPv6 network counted as one client: the /64 every IPv6 host or site is given."""


@lru_cache(maxsize=4096)
def address_key(host: str) -> str:
    """The limits' key of a client address: an IPv4 address itself (also written IPv4-mapped), an IPv6
    address its /64 network, since a host (any cloud server, any home router) is handed a whole /64 and
    may send each request from a new address in it (`web.ratelimit`, `channels.stream_refusals`)."""
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False))
    return str(address)
