"""Voice mode `realtime`: Twilio Media Streams bridged to the OpenAI Realtime API.

Audio (G.711 μ-law, 8 kHz) crosses the bridge untouched in both directions; the Realtime model
hears and speaks, while the core runs its tools and stores the transcript (`knotty.LiveSession`).
"""

from __future__ import annotations

from typing import Any

from channels.realtime.handler import media_stream, media_stream_ended

__all__ = ["route_handlers"]


def route_handlers() -> list[Any]:
    """The media-stream WebSocket and its `<Connect action>` route (mounted in every voice mode, so a
    call connected just before a mode change still finds its stream)."""
    return [media_stream, media_stream_ended]
