"""What every voice mode shares about a call: its channel label, its webhook paths, its silence limit.

The webhook flow (`channels.voice`) and the streaming modes' handshake and fallback
(`channels.voice_connect`) both need these; kept here, neither has to import the other back.
"""

from __future__ import annotations

__all__ = [
    "CHANNEL",
    "INCOMING_PATH",
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
SILENCE_LIMIT = 2
"""Silent turns in a row after which the agent says goodbye."""
