"""Voice mode `realtime`: Twilio Media Streams bridged to the OpenAI Realtime API.

Audio (G.711 μ-law, 8 kHz) crosses the bridge untouched in both directions; the Realtime model
hears and speaks, while the core runs its tools and stores the transcript (`knotty.live`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knotty.config import Settings

__all__ = ["route_handlers"]


def route_handlers(settings: Settings | None = None) -> list[Any]:
    """The media-stream WebSocket and its `<Connect action>` route (mounted in every voice mode, so a
    call connected just before a mode change still finds its stream)."""
    from channels.realtime.handler import media_stream, media_stream_ended

    return [media_stream, media_stream_ended]
