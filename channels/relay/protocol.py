"""ConversationRelay's wire format: JSON text messages, Twilio doing speech to text and text to speech.

In: `setup` (callSid, from, customParameters), `prompt` (voicePrompt, last), `interrupt`
(utteranceUntilInterrupt, durationUntilInterruptMs), `dtmf` (digit), `error`, and with
`debug="speaker-events"` `info` (`agentSpeaking`/`clientSpeaking`, `on`/`off`). Out: `text` tokens
(`last: true` closes a reply; `lang` speaks a token in another declared language) and `end` (with `handoffData`, handed to the `<Connect action>` URL).
Of `setup` only the callSid is read, to be checked against the stream's token; `from` and
`customParameters` are whatever the peer chose to send, so nothing is taken from them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = [
    "RelaySetup",
    "end_message",
    "interrupted_at",
    "parse_message",
    "parse_setup",
    "speaker_event",
    "text_message",
]

_SPEAKERS = {"agentSpeaking": "agent", "clientSpeaking": "client"}


@dataclass(frozen=True)
class RelaySetup:
    """What `setup` says about the call."""

    call_sid: str


def parse_message(text: str) -> dict[str, Any] | None:
    """A message from Twilio, or None if it isn't a JSON object with a `type`."""
    try:
        message = json.loads(text)
    except (ValueError, TypeError):
        return None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        return None
    return message


def parse_setup(message: dict[str, Any]) -> RelaySetup | None:
    """The `setup` message's facts, or None when it has no call SID."""
    call_sid = message.get("callSid")
    if not isinstance(call_sid, str) or not call_sid or len(call_sid) > 64:
        return None
    return RelaySetup(call_sid=call_sid)


def speaker_event(message: dict[str, Any]) -> tuple[str, bool] | None:
    """An `info` message saying who started or stopped speaking: ("agent"|"client", on), else None
    (the other debug channels, and anything malformed)."""
    who = _SPEAKERS.get(str(message.get("name")))
    value = message.get("value")
    if who is None or value not in ("on", "off"):
        return None
    return who, value == "on"


MAX_HEARD_CHARS = 4000
"""An `utteranceUntilInterrupt` is at most one reply; anything longer is cut (a peer cannot grow memory)."""


def interrupted_at(message: dict[str, Any]) -> str | None:
    """What the caller heard of Knotty's reply before an `interrupt` (`utteranceUntilInterrupt`), or None
    when Twilio did not say."""
    heard = message.get("utteranceUntilInterrupt")
    return heard[:MAX_HEARD_CHARS] if isinstance(heard, str) else None


def text_message(token: str, *, last: bool, lang: str | None = None) -> str:
    """A piece of Knotty's reply for Twilio to speak; `last` ends the reply. `lang` (BCP-47, e.g. `es-MX`)
    has Twilio speak this piece in that language's voice; it must be the session's `language` or one of
    its `<Language>` elements. Without it, the session's language."""
    if lang is None:
        return json.dumps({"type": "text", "token": token, "last": last})
    return json.dumps({"type": "text", "token": token, "last": last, "lang": lang})


def end_message(handoff: dict[str, Any]) -> str:
    """End the session; Twilio passes `handoff` (as JSON text) to the `<Connect action>` URL."""
    return json.dumps({"type": "end", "handoffData": json.dumps(handoff)})
