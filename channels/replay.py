"""Twilio's `I-Twilio-Idempotency-Token`: a retried webhook gets the answer the first attempt got.

This is a fast path, not the guarantee. What keeps a retry from advancing a conversation twice is
the agent's idempotency key, stored with the turn in the database (the CallSid and turn number, or
the MessageSid), which holds across processes. The token, which Twilio keeps across the retries of
one webhook, additionally answers a retry that reaches the same process from memory, without
touching the database; the other webhooks (menu, status) are idempotent by nature. Answers are kept
for a few minutes, which covers Twilio's retry window.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from litestar import Request

__all__ = ["IDEMPOTENCY_HEADER", "ReplayCache", "idempotency_token", "replay_cache"]

IDEMPOTENCY_HEADER = "i-twilio-idempotency-token"


def idempotency_token(request: Request[Any, Any, Any]) -> str | None:
    """The request's idempotency token, if Twilio sent one."""
    token = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    return token[:200] or None


class ReplayCache:
    """The answers of recent webhooks by idempotency token, bounded in size and age."""

    def __init__(self, max_entries: int = 20_000, ttl_s: float = 600.0) -> None:
        self.max_entries = max_entries
        self.ttl_s = ttl_s
        self._answers: OrderedDict[str, tuple[float, str]] = OrderedDict()

    def get(self, token: str | None) -> str | None:
        """The answer given under `token`, if still remembered."""
        if token is None:
            return None
        found = self._answers.get(token)
        if found is None:
            return None
        if time.monotonic() - found[0] > self.ttl_s:
            del self._answers[token]
            return None
        return found[1]

    def put(self, token: str | None, answer: str) -> None:
        """Remember the answer given under `token` (the first one stands)."""
        if token is None or token in self._answers:
            return
        self._answers[token] = (time.monotonic(), answer)
        while len(self._answers) > self.max_entries:
            self._answers.popitem(last=False)


replay_cache = ReplayCache()
"""The process's cache, shared by the Twilio routes."""
