"""The connection to OpenAI's Realtime API: open it, and the client events the bridge sends on it.

Failures to connect are translated into `RealtimeUnavailable` here, so the handler never sees a
`websockets` exception and can fall back to the `gather` voice mode. Per-frame events are formatted
directly (they run 50 times a second per call); the rest go through `json.dumps`.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import websockets
from websockets.asyncio.client import ClientConnection

from knotty import Settings, Unavailable

__all__ = [
    "INPUT_COMMIT",
    "RESPONSE_CANCEL",
    "RESPONSE_CREATE",
    "RealtimeUnavailable",
    "append_event",
    "connect_realtime",
    "dumps",
    "function_output_event",
    "realtime_url",
    "truncate_event",
]

CONNECT_TIMEOUT_S = 5.0
RESPONSE_CREATE = '{"type":"response.create","response":{"metadata":{"knotty":"asked"}}}'
"""A response Knotty asked for. Realtime returns a response's metadata on `response.created`: one seen
with it tells the bridge this server does (responses VAD starts by itself have none)."""
INPUT_COMMIT = '{"type":"input_audio_buffer.commit"}'
RESPONSE_CANCEL = '{"type":"response.cancel"}'


class RealtimeUnavailable(Unavailable):
    """The Realtime API could not be reached (no key, refused, timed out, handshake rejected)."""


def realtime_url(settings: Settings) -> str:
    """`OPENAI_REALTIME_URL` with the configured model as its `model` query parameter (unless it has one)."""
    parts = urlsplit(settings.openai_realtime_url)
    query = dict(parse_qsl(parts.query))
    query.setdefault("model", settings.openai_realtime_model)
    return urlunsplit(parts._replace(query=urlencode(query)))


async def connect_realtime(settings: Settings) -> ClientConnection:
    """An open Realtime WebSocket, or `RealtimeUnavailable`."""
    if not settings.openai_api_key:
        raise RealtimeUnavailable("OPENAI_API_KEY is not set")
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT_S):
            return await websockets.connect(
                realtime_url(settings),
                additional_headers={"Authorization": f"Bearer {settings.openai_api_key}"},
                # Base64 audio does not compress; deflate would only cost CPU on every frame.
                compression=None,
                max_size=16 * 1024 * 1024,
                open_timeout=CONNECT_TIMEOUT_S,
                ping_interval=20,
                ping_timeout=20,
            )
    except (OSError, TimeoutError, websockets.exceptions.WebSocketException) as exc:
        raise RealtimeUnavailable(f"could not connect: {type(exc).__name__}") from exc


def dumps(event: dict[str, Any]) -> str:
    """A client event as compact JSON."""
    return json.dumps(event, separators=(",", ":"))


def append_event(payload: str) -> str:
    """`input_audio_buffer.append` of a base64 μ-law chunk (already checked to be base64)."""
    return '{"type":"input_audio_buffer.append","audio":"' + payload + '"}'


def truncate_event(item_id: str, audio_end_ms: int) -> str:
    """`conversation.item.truncate`: the caller heard only `audio_end_ms` of this assistant item."""
    return dumps(
        {
            "type": "conversation.item.truncate",
            "item_id": item_id,
            "content_index": 0,
            "audio_end_ms": audio_end_ms,
        }
    )


def function_output_event(call_id: str, result: dict[str, Any]) -> str:
    """`conversation.item.create` carrying a tool's result back to the model."""
    return dumps(
        {
            "type": "conversation.item.create",
            "item": {"type": "function_call_output", "call_id": call_id, "output": json.dumps(result)},
        }
    )
