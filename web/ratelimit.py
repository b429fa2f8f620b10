"""In-memory sliding-window rate limits for the web chat and the admin login.

Each key (a visitor session, a client address) keeps the timestamps of its recent hits; a hit is
refused when the window already holds `limit` of them. The state lives in this process only: with
several workers each enforces its own share, which is enough to blunt a script hammering the chat
(the agent's own idempotency and the database guard correctness, not these limits). The number of
tracked keys is capped, dropping the least recently seen, so memory stays bounded under a flood.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from litestar import Request

__all__ = ["RateLimits", "SlidingWindow", "client_address"]


class SlidingWindow:
    """At most `limit` hits per key in any `window_s` seconds."""

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

    def _recent(self, key: str, now: float) -> deque[float] | None:
        hits = self._hits.get(key)
        if hits is None:
            return None
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        return hits


@dataclass
class RateLimits:
    """The web app's limits, one window per kind of key."""

    per_session: SlidingWindow = field(default_factory=lambda: SlidingWindow(20, 60.0))
    """Chat messages from one visitor session."""
    per_address: SlidingWindow = field(default_factory=lambda: SlidingWindow(60, 60.0))
    """Chat messages from one client address (several people may share it)."""
    new_sessions: SlidingWindow = field(default_factory=lambda: SlidingWindow(30, 60.0))
    """New conversations opened from one client address."""
    admin_logins: SlidingWindow = field(default_factory=lambda: SlidingWindow(10, 300.0))
    """Admin login attempts from one client address."""

    def take(self, *checks: tuple[SlidingWindow, str]) -> float:
        """Record a hit in every window when all allow it; else the seconds to wait (nothing recorded)."""
        wait = max((window.retry_after(key) for window, key in checks), default=0.0)
        if wait > 0:
            return wait
        for window, key in checks:
            window.record(key)
        return 0.0


def client_address(request: Request[Any, Any, Any]) -> str:
    """The key of a client's address, as `web.proxy` settled it (forwarding headers only from trusted proxies)."""
    return request.client.host if request.client else "unknown"
