"""Twilio's `I-Twilio-Idempotency-Token`: a retried webhook gets the answer the first attempt got.

This is a fast path, not the guarantee. What keeps a retry from advancing a conversation twice is
the agent's idempotency key, stored with the turn in the database (the CallSid and turn number, or
the MessageSid), which holds across processes. The token, which Twilio keeps across the retries of
one webhook, additionally answers a retry that reaches the same process from memory, without
touching the database; the other webhooks (menu, status) are idempotent by nature. Answers are kept
for a few minutes, which covers Twilio's retry window.

The token is a header Twilio's signature does not cover, so it is never a key on its own: the cache
key joins it to the signed URL (path and query) and the signed call or message SID. Someone holding
one signed request cannot fetch the answer another request got by copying its token.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Mapping

__all__ = ["IDEMPOTENCY_HEADER", "ReplayCache", "idempotency_token", "replay_cache"]

IDEMPOTENCY_HEADER = "i-twilio-idempotency-token"


def idempotency_token(path: str, query: str, form: Mapping[str, str], token: str) -> str | None:
    """The replay key of a signed webhook to `path?query`: Twilio's `token` (the header's value) bound to
    what the signature covers (None without a token)."""
    token = token.strip()[:200]
    if not token:
        return None
    sid = form.get("CallSid") or form.get("MessageSid") or form.get("SmsSid") or ""
    return f"{path}?{query}|{sid}|{token}"


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
