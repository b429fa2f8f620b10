"""The voice streams (ConversationRelay, Media Streams) this process holds, for a graceful shutdown.

On SIGTERM uvicorn closes every open WebSocket at once (code 1012): each caller of a streaming mode was
cut off mid-signup at every deploy. `knotty serve` now drains first (`app.cli`): it stops taking
connections, lets the open streams finish for up to `KNOTTY_DRAIN_S`, then asks each one still open to
hand its call over (`LiveStreams.drain`): the relay says a last line and sends `end`, the media stream
closes; Twilio asks the `<Connect action>` (another process, after a deploy), which carries the call on by
Gather from what the conversation holds. Only then does uvicorn close what is left.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

from knotty import log_event

__all__ = ["LIVE_STREAMS", "LiveStreams"]

HandOver = Callable[[], Awaitable[None]]
HAND_OVER_S = 8.0
"""Seconds the streams asked to hand over get to do it (a turn in flight finishing, the last line sent,
Twilio closing the socket) before uvicorn closes what is left."""
POLL_S = 0.05


class LiveStreams:
    """Each open stream's way to hand its call over, while it is open."""

    def __init__(self) -> None:
        self._open: dict[int, HandOver] = {}
        self.draining = False
        """A shutdown began (`drain`)."""
        self._handing_over = False
        """The streams still open were asked to hand over: a stream opened now (its connection accepted
        before the listener closed, its `setup` or `start` later) is asked at once, not cut at the end."""
        self._late: set[asyncio.Task[None]] = set()

    def __len__(self) -> int:
        return len(self._open)

    @contextmanager
    def holding(self, hand_over: HandOver) -> Iterator[None]:
        """While the `with` block runs, the stream is open and `hand_over` ends it politely."""
        key = id(hand_over)
        self._open[key] = hand_over
        if self._handing_over:
            task = asyncio.get_running_loop().create_task(_within(hand_over(), HAND_OVER_S))
            self._late.add(task)
            task.add_done_callback(self._late.discard)
        try:
            yield
        finally:
            self._open.pop(key, None)

    async def drain(
        self, timeout_s: float, hand_over_s: float = HAND_OVER_S, give_up: Callable[[], bool] = lambda: False
    ) -> int:
        """Wait up to `timeout_s` for the open streams to end (or `give_up()`: a second Ctrl-C); hand over
        the rest and wait up to `hand_over_s` for them to go. Returns how many were handed over."""
        self.draining = True
        if self._open:
            log_event("draining_streams", streams=len(self._open), timeout_s=timeout_s)
        await self._until_none_open(timeout_s, give_up)
        rest = list(self._open.values())
        self._handing_over = True
        if not rest:
            return 0
        log_event("handing_over_streams", logging.WARNING, streams=len(rest))
        results = await asyncio.gather(
            *(_within(hand(), hand_over_s) for hand in rest), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                log_event("hand_over_failed", logging.WARNING, error=type(result).__name__)
        await self._until_none_open(hand_over_s, give_up)
        return len(rest)

    async def _until_none_open(self, timeout_s: float, give_up: Callable[[], bool]) -> None:
        """Polled (no event bound to one loop: tests run apps in many): a shutdown waits once."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while self._open and loop.time() < deadline and not give_up():  # noqa: ASYNC110
            await asyncio.sleep(POLL_S)


async def _within(hand_over: Awaitable[None], timeout_s: float) -> None:
    await asyncio.wait_for(hand_over, timeout_s)


LIVE_STREAMS = LiveStreams()
"""This process's open streams (one per worker process)."""
