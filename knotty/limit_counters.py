"""What the web layer's abuse limits need from a shared counter store: the database's
(`knotty.store.rate_limits.SharedCounters`) or Redis' (`knotty.store.redis_counters.RedisCounters`).

Both raise `Unavailable` when their store does not answer, and the caller then counts in its process.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from knotty.store.rate_limits import Hit

__all__ = ["LimitCounters"]


class LimitCounters(Protocol):
    """Counters every process and machine shares."""

    async def take(self, hits: Sequence[Hit]) -> float:
        """Count one hit on every key when all are within their limits; else the seconds to wait (nothing counted)."""
        ...

    async def give_back(self, hits: Sequence[Hit]) -> None:
        """Take back one hit of each key in its current window (never below zero): counted for
        something that then did not happen."""
        ...

    async def peek(self, hit: Hit) -> float:
        """Seconds until `hit.key` may hit again (0 when it may now); counts nothing."""
        ...
