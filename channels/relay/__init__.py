"""Voice mode `relay`: Twilio ConversationRelay (Twilio does speech to text and text to speech).

The agent's replies are streamed token by token when the brain streams (OpenAI), sent whole when it
doesn't (the offline brain); the caller's interruptions cancel the reply in flight.
"""

from __future__ import annotations

from typing import Any

from channels.relay.handler import relay, relay_ended

__all__ = ["route_handlers"]


def route_handlers() -> list[Any]:
    """The relay WebSocket and its `<Connect action>` route (mounted in every voice mode)."""
    return [relay, relay_ended]
