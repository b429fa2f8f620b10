"""A circuit breaker in front of the model: a model that hangs costs one budget, not one per turn.

After a timeout, or `failures` failed requests in a row, the breaker opens: turns go straight to the
offline brain for `cooldown_s`. Then one turn probes the model again (half-open); if it answers, the
breaker closes, otherwise it opens for another cooldown. State is per process, which is enough: each
process learns about a dead endpoint from its own first timeout.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from knotty.logs import log_event

__all__ = ["OPENS_AT_ONCE", "CircuitBreaker"]

OPENS_AT_ONCE = frozenset({"timeout", "http_401", "http_403"})
"""Failures that will not go away on the next turn: open at the first one."""


class CircuitBreaker:
    """Closed (the model answers), open (it is skipped) or half-open (one probe is let through)."""

    def __init__(
        self, *, failures: int = 3, cooldown_s: float = 30.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.failures = failures
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._run = 0
        self._open_until: float | None = None
        self._probing = False
        self.reason: str | None = None
        """Why the breaker last opened."""

    @property
    def state(self) -> str:
        if self._open_until is None:
            return "closed"
        return "half_open" if self._probing or self._clock() >= self._open_until else "open"

    def allow(self) -> bool:
        """Whether this turn may ask the model (claims the probe when the cooldown is over)."""
        if self._open_until is None:
            return True
        if self._probing or self._clock() < self._open_until:
            return False
        self._probing = True
        log_event("circuit_probe", reason=self.reason)
        return True

    def success(self) -> None:
        """The model answered a turn."""
        if self._open_until is not None:
            log_event("circuit_closed", reason=self.reason)
        self._run, self._open_until, self._probing = 0, None, False

    def failure(self, reason: str) -> None:
        """A request failed for `reason` (timeout, unreachable, http_429, ...)."""
        self._run += 1
        if self._probing or reason in OPENS_AT_ONCE or self._run >= self.failures:
            self._open_until = self._clock() + self.cooldown_s
            self._probing = False
            self.reason = reason
            log_event(
                "circuit_open", logging.WARNING, reason=reason, failures=self._run, cooldown_s=self.cooldown_s
            )

    def release(self) -> None:
        """The probing turn ended without asking the model (nothing learnt): let the next turn probe."""
        self._probing = False
