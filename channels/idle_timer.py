"""A caller's silence on a streaming call, timed on the event loop.

Twilio tells a streaming mode nothing while the caller is silent (no `prompt` in ConversationRelay,
only quiet audio in Media Streams), so the channel counts the silence itself, from the moment
Knotty's words finished playing, as `<Gather>`'s `timeout` does on the webhook line.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

__all__ = ["IdleTimer"]


class IdleTimer:
    """One pending "the caller has said nothing" callback on the event loop, restarted or stopped at will.

    A timer handle, not a sleeping task: nothing waits, and restarting costs nothing."""

    def __init__(self, idle_s: float, fire: Callable[[], None]) -> None:
        self.idle_s = idle_s
        self._fire = fire
        self._handle: asyncio.TimerHandle | None = None

    def start(self, speaking_s: float = 0.0) -> None:
        """Count `idle_s` of silence from `speaking_s` from now (when Knotty's words will have played)."""
        self.stop()
        if self.idle_s > 0:
            self._handle = asyncio.get_running_loop().call_later(speaking_s + self.idle_s, self._fired)

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _fired(self) -> None:
        self._handle = None
        self._fire()
