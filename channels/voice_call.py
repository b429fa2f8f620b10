"""What every voice mode shares about a call: its channel label, its webhook paths, its silence limit.

The webhook flow (`channels.voice`) and the streaming modes' handshake and fallback
(`channels.voice_connect`) both need these; kept here, neither has to import the other back.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

from channels.public_url import public_url

if TYPE_CHECKING:
    from knotty import Settings

__all__ = [
    "CHANNEL",
    "DIGIT_PAUSE_S",
    "INCOMING_PATH",
    "ISSUED_PARAM",
    "MAX_KEYED_DIGITS",
    "MENU_PATH",
    "SILENCE_LIMIT",
    "START_PATH",
    "STATUS_PATH",
    "TURN_PATH",
    "URL_LIFETIME_S",
    "call_url",
    "url_age_s",
]

CHANNEL = "voice"
INCOMING_PATH = "/twilio/voice"
MENU_PATH = "/twilio/voice/menu"
START_PATH = "/twilio/voice/start"
TURN_PATH = "/twilio/voice/turn"
STATUS_PATH = "/twilio/voice/status"
DIGIT_PAUSE_S = 2.5
"""Streaming modes: keypad digits typed with no new one for this long are one answer (or `#` ends them)."""
MAX_KEYED_DIGITS = 32
"""…of at most this many keys (a phone number from abroad has 15 digits; the rest is dropped)."""
SILENCE_LIMIT = 2
"""Silent turns in a row after which the agent says goodbye."""
ISSUED_PARAM = "t"
"""In every URL Knotty writes for a call's next step (the menu, the start, a turn; `call_url`): when it was
written, in Unix seconds. Twilio signs the whole URL with its auth token, so nobody else can change it or
add one: a captured, validly signed webhook keeps the time its URL was written."""
URL_LIFETIME_S = 15 * 60.0
"""How long after it was written a call's URL is honoured (`url_age_s`): Twilio posts a `<Gather>`'s
action seconds after the reply was said, a held turn's `<Redirect>` seconds after the pause, and a
call with no turn for this long is closed by the sweeper (`knotty.maintenance.IDLE_LIMITS_S`). A replay
after that (above all one after the hourly prune forgot the turn's idempotency key, two days on) is
refused: the caller hears a short goodbye, nothing runs."""


def call_url(settings: Settings, path: str, **query: int | str) -> str:
    """The public URL of a call's next step at `path`, stamped with the time it was written (`ISSUED_PARAM`)."""
    return public_url(settings, path, **query, **{ISSUED_PARAM: int(time.time())})


def url_age_s(query: Mapping[str, str]) -> float | None:
    """Seconds since the signed URL's `ISSUED_PARAM` was written; None when it has none or an unreadable one
    (a URL Knotty wrote before it stamped them, or one it never wrote: stale either way)."""
    try:
        return time.time() - int(query[ISSUED_PARAM])
    except (KeyError, TypeError, ValueError):
        return None
