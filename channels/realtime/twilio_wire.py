"""Twilio Media Streams' wire format: JSON text frames in, JSON text frames out. Nothing else.

In: `connected`, `start` (streamSid, callSid, customParameters, μ-law 8 kHz), `media` (base64
payload, about every 20 ms), `mark` (echo of a mark we sent, once the audio before it played or was
cleared), `dtmf`, `stop`. Out: `media`, `mark`, `clear`. Audio payloads are passed on as the base64
text Twilio sent (and OpenAI sends), never decoded, so they cross the bridge byte for byte.
Frames are decoded with msgspec into typed structs (unknown fields skipped, wrong types refused) and
outgoing ones formatted directly: they run 50 times a second per call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import msgspec

__all__ = [
    "StreamStart",
    "TwilioFrame",
    "base64_size",
    "clear_frame",
    "is_base64",
    "mark_frame",
    "media_frame",
    "parse_frame",
    "parse_start",
]

_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_SID = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class StreamStart:
    """What the `start` frame says about the call."""

    stream_sid: str
    call_sid: str
    """Only trusted once it equals the CallSid of the stream's token (`channels.stream_token`)."""
    parameters: dict[str, str] = field(default_factory=dict)
    """`customParameters`: whatever the peer sent; never used for who the caller is."""
    encoding: str = "audio/x-mulaw"
    sample_rate: int = 8000


class Media(msgspec.Struct):
    """A `media` frame's body."""

    payload: str = ""
    track: str = "inbound"


class Mark(msgspec.Struct):
    """A `mark` frame's body."""

    name: str = ""


class Dtmf(msgspec.Struct):
    """A `dtmf` frame's body: one key the caller pressed."""

    digit: str = ""


class TwilioFrame(msgspec.Struct):
    """Any frame from Twilio; only the body matching `event` is set."""

    event: str
    streamSid: str | None = None  # Twilio's field name
    media: Media | None = None
    mark: Mark | None = None
    dtmf: Dtmf | None = None
    start: dict[str, Any] | None = None


_decoder = msgspec.json.Decoder(TwilioFrame)


def parse_frame(text: str | bytes) -> TwilioFrame | None:
    """A frame from Twilio, or None if it isn't one (not JSON, no `event`, wrong types)."""
    try:
        return _decoder.decode(text)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def parse_start(frame: TwilioFrame) -> StreamStart | None:
    """The `start` frame's facts, or None when it is malformed."""
    start = frame.start
    if not isinstance(start, dict):
        return None
    stream_sid = start.get("streamSid") or frame.streamSid
    call_sid = start.get("callSid")
    if not isinstance(stream_sid, str) or not _SID.fullmatch(stream_sid):
        return None
    if not isinstance(call_sid, str) or not _SID.fullmatch(call_sid):
        return None
    raw = start.get("customParameters")
    params = {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
    fmt = start.get("mediaFormat")
    if not isinstance(fmt, dict):
        fmt = {}
    rate = fmt.get("sampleRate", 8000)
    return StreamStart(
        stream_sid=stream_sid,
        call_sid=call_sid,
        parameters=params,
        encoding=str(fmt.get("encoding", "audio/x-mulaw")),
        sample_rate=rate if isinstance(rate, int) else 8000,
    )


def is_base64(payload: object) -> bool:
    """Whether `payload` is a base64 string (safe to splice into a JSON frame as is)."""
    return isinstance(payload, str) and _BASE64.fullmatch(payload) is not None


def base64_size(payload: str) -> int:
    """How many bytes a base64 string decodes to, without decoding it."""
    pad = 2 if payload.endswith("==") else 1 if payload.endswith("=") else 0
    return len(payload) * 3 // 4 - pad


def media_frame(stream_sid: str, payload: str) -> str:
    """Audio for Twilio to play (`payload`: base64 μ-law 8 kHz, already checked by `is_base64`)."""
    return '{"event":"media","streamSid":"' + stream_sid + '","media":{"payload":"' + payload + '"}}'


def mark_frame(stream_sid: str, name: str) -> str:
    """A mark Twilio echoes back once the audio queued before it has played."""
    return '{"event":"mark","streamSid":"' + stream_sid + '","mark":{"name":"' + name + '"}}'


def clear_frame(stream_sid: str) -> str:
    """Drop all audio Twilio has queued (the caller started talking)."""
    return '{"event":"clear","streamSid":"' + stream_sid + '"}'
