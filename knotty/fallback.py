"""How the agent hands a turn from the model to the offline brain: why, and what each brain gets to see.

When a model turn fails (an error, a timeout, a rejected reply), the offline brain answers it. The
model's steps stay in the transcript for the operator and for the model's next turn, but its words
are never shown (they move into the line's payload), and a refused text, end or save is hidden from
the offline brain, which would otherwise take it as its own outcome (end the conversation, or blame
the person for a value the model made up).
"""

from __future__ import annotations

from dataclasses import replace

from knotty.brains.base import BrainError, ChatLine
from knotty.reply_guard import ReplyRejected

__all__ = ["TRANSPORT_REASONS", "for_offline", "hide_text", "refused_tools", "why_failed"]

TRANSPORT_REASONS = ("timeout", "unreachable", "http_", "error")
"""Reasons that say the endpoint is unwell (counted by the circuit breaker), not that the model erred."""


def why_failed(exc: BaseException) -> tuple[str, str | None]:
    """(reason, detail) of a failed model turn: ("timeout", None), ("bad_output", "tool_syntax") ..."""
    if isinstance(exc, ReplyRejected):
        return exc.reason, exc.detail
    if isinstance(exc, TimeoutError):
        return "timeout", None
    if isinstance(exc, BrainError):
        return exc.reason, str(exc) or None
    return "error", type(exc).__name__


def is_transport(reason: str) -> bool:
    """Whether `reason` is about reaching the model rather than what it said."""
    return reason.startswith(TRANSPORT_REASONS)


def refused_tools(lines: list[ChatLine]) -> set[str]:
    """Names of the tools refused among `lines`."""
    refused = set()
    for line in lines:
        payload = line.payload or {}
        result = payload.get("result")
        if line.role == "tool" and isinstance(result, dict) and not result.get("ok"):
            refused.add(str(payload.get("name")))
    return refused


def hide_text(line: ChatLine) -> ChatLine:
    """The model's line as stored after its turn was rejected: its words kept for the operator only."""
    if line.role != "assistant" or not line.content:
        return line
    return replace(line, content="", payload={**(line.payload or {}), "withheld": line.content})


def for_offline(line: ChatLine) -> ChatLine:
    """The line as the offline brain sees it: a refused text, end or save is no outcome of its own.

    A model's refused save is about the values the model passed, often made up ("The Smiths", an
    address as the name, no arguments at all): taken as the offline brain's own, it told the person
    "that looks like an email address rather than a name" after they had said their name, and forgot
    it. The offline brain answers the person's words instead; its own save is checked as usual.
    """
    payload = line.payload or {}
    result = payload.get("result")
    if line.role == "tool" and isinstance(result, dict) and not result.get("ok"):
        return replace(line, payload={k: v for k, v in payload.items() if k != "name"})
    return line
