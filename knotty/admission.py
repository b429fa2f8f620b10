"""Bounded work under overload: each process runs at most a fixed number of agent turns at once.

Past the bound a webhook would otherwise queue on the event loop until Twilio's 15 s timeout (and
Twilio then says "an application error has occurred"). Instead, a turn waits for a slot at most
`wait_s` seconds; a turn that gets none is not run, and the channel answers at once in a way that
loses nothing (a call is held and comes back with what the caller said; a text is kept and answered
later). The gate knows nothing of channels.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

__all__ = ["TurnGate"]


class TurnGate:
    """At most `limit` turns in flight in this process."""

    def __init__(self, limit: int, wait_s: float) -> None:
        self.limit = limit
        self.wait_s = wait_s
        self._slots = asyncio.Semaphore(limit)
        self.in_flight = 0
        self.turned_away = 0
        """Turns that found no slot in time (for logs and tests)."""

    @property
    def has_room(self) -> bool:
        """Whether a turn would get a slot now."""
        return self.in_flight < self.limit

    @asynccontextmanager
    async def slot(self, wait_s: float | None = None) -> AsyncIterator[bool]:
        """Hold a slot for the turn inside; yields False (and holds nothing) when none came in time.

        `wait_s=None` waits `self.wait_s`; a negative value waits as long as it takes (background work).
        """
        wait = self.wait_s if wait_s is None else wait_s
        try:
            if wait < 0 or not self._slots.locked():  # a free slot is taken at once: no timer to arm
                await self._slots.acquire()
            else:
                async with asyncio.timeout(wait):
                    await self._slots.acquire()
        except TimeoutError:
            self.turned_away += 1
            yield False
            return
        self.in_flight += 1
        try:
            yield True
        finally:
            self.in_flight -= 1
            self._slots.release()
