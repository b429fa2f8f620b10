"""Twilio's `I-Twilio-Idempotency-Token`: a retried webhook gets the answer the first attempt got.

The turn itself is already idempotent (the agent's key is the CallSid and turn, or the MessageSid);
this layer covers every other webhook too and answers a retry without running anything again.
Answers are kept through `Store.claim_once`, so every process of a deployment sees them.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from litestar import Request

    from knotty.store import Store

__all__ = ["IDEMPOTENCY_HEADER", "idempotency_token", "remember", "replayed"]

IDEMPOTENCY_HEADER = "i-twilio-idempotency-token"
_PREFIX = "twilio-token:"


def idempotency_token(request: Request) -> str | None:  # type: ignore[type-arg]
    """The request's idempotency token, if Twilio sent one."""
    token = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    return token or None


def _key(token: str) -> str:
    if len(token) > 120:
        token = hashlib.sha256(token.encode()).hexdigest()
    return _PREFIX + token


async def replayed(store: Store, token: str | None) -> str | None:
    """The body already answered under this token, if any."""
    if token is None:
        return None
    seen = await store.processed_result(_key(token))
    body = seen.get("body") if seen else None
    return body if isinstance(body, str) else None


async def remember(store: Store, token: str | None, body: str, conversation_id: str = "") -> None:
    """Keep the answer given under this token (the first one stands)."""
    if token is not None:
        await store.claim_once(_key(token), conversation_id, {"body": body})
