"""What every voice mode shares about a call: its channel label, its webhook paths, its silence limit.

The webhook flow (`channels.voice`) and the streaming modes' handshake and fallback
(`channels.voice_connect`) both need these; kept here, neither has to import the other back.
"""

from __future__ import annotations

__all__ = [
    "CHANNEL",
    "DIGIT_PAUSE_S",
    "INCOMING_PATH",
    "MAX_KEYED_DIGITS",
    "MENU_PATH",
    "SILENCE_LIMIT",
    "START_PATH",
    "STATUS_PATH",
    "TURN_PATH",
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
