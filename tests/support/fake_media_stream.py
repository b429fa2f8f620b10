"""Twilio's side of a bidirectional Media Stream, played against the real app over a real WebSocket.

It signs the handshake as Twilio does (`X-Twilio-Signature` over the public `wss://` URL, no
parameters), sends `connected`, `start`, `media` frames of base64 μ-law, `stop`, and simulates
Twilio's playback queue: audio the app sends is queued, `play(ms)` plays it and echoes each `mark`
whose audio has fully played, `clear` drops the queue (echoing its marks, as Twilio does).
With `autoplay=True` audio counts as played as soon as it arrives.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
from collections import deque
from typing import Any

import websockets
from twilio.request_validator import RequestValidator

__all__ = ["FakeMediaStream", "signed_headers"]

BYTES_PER_MS = 8


def signed_headers(auth_token: str, public_url: str) -> dict[str, str]:
    """The handshake headers Twilio sends for a WebSocket to `public_url`."""
    return {"X-Twilio-Signature": RequestValidator(auth_token).compute_signature(public_url, {})}


class FakeMediaStream:
    """One call's media stream, as Twilio would run it."""

    def __init__(
        self,
        app_url: str,
        public_url: str,
        auth_token: str,
        *,
        call_sid: str = "CA" + "1" * 32,
        stream_sid: str = "MZ" + "2" * 32,
        caller: str = "+14155550134",
        autoplay: bool = True,
        signature: str | None = None,
    ) -> None:
        self.app_url = app_url
        self.public_url = public_url
        self.auth_token = auth_token
        self.call_sid = call_sid
        self.stream_sid = stream_sid
        self.caller = caller
        self.autoplay = autoplay
        self.signature = signature
        self.ws: Any = None
        self.frames: list[dict[str, Any]] = []
        """Every frame the app sent, in order."""
        self.audio_out = bytearray()
        """All audio the app sent (played or not)."""
        self.played = bytearray()
        self._queue: deque[tuple[str, Any]] = deque()  # ("audio", bytearray) | ("mark", name)
        self._seq = 0
        self._chunk = 0
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Condition()
        self.closed = asyncio.Event()

    async def connect(self) -> FakeMediaStream:
        """Open the WebSocket (signed) and send `connected` and `start`."""
        headers = (
            {"X-Twilio-Signature": self.signature}
            if self.signature is not None
            else signed_headers(self.auth_token, self.public_url)
        )
        self.ws = await websockets.connect(
            self.app_url, additional_headers=headers, compression=None, max_size=None
        )
        self._reader = asyncio.create_task(self._read())
        await self._send({"event": "connected", "protocol": "Call", "version": "1.0.0"})
        await self._send(
            {
                "event": "start",
                "sequenceNumber": self._next_seq(),
                "start": {
                    "accountSid": "AC" + "0" * 32,
                    "streamSid": self.stream_sid,
                    "callSid": self.call_sid,
                    "tracks": ["inbound"],
                    "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
                    "customParameters": {"caller": self.caller},
                },
                "streamSid": self.stream_sid,
            }
        )
        return self

    async def send_audio(self, audio: bytes, frame: int = 160) -> None:
        """The caller's audio, in 20 ms `media` frames."""
        for i in range(0, len(audio), frame):
            await self.send_frame(audio[i : i + frame])

    async def send_frame(self, chunk: bytes) -> None:
        """One `media` frame."""
        self._chunk += 1
        await self._send(
            {
                "event": "media",
                "sequenceNumber": self._next_seq(),
                "media": {
                    "track": "inbound",
                    "chunk": str(self._chunk),
                    "timestamp": str(self._chunk * 20),
                    "payload": base64.b64encode(chunk).decode(),
                },
                "streamSid": self.stream_sid,
            }
        )

    async def play(self, ms: int) -> None:
        """Play `ms` of queued audio, echoing the marks whose audio has fully played."""
        budget = ms * BYTES_PER_MS
        while self._queue:
            kind, value = self._queue[0]
            if kind == "mark":
                self._queue.popleft()
                await self._echo_mark(value)
                continue
            if budget <= 0:
                break
            take = min(budget, len(value))
            self.played.extend(value[:take])
            del value[:take]
            budget -= take
            if not value:
                self._queue.popleft()

    async def press(self, digits: str) -> None:
        """Keypad presses, one `dtmf` frame each (bidirectional streams send them)."""
        for digit in digits:
            await self._send(
                {
                    "event": "dtmf",
                    "streamSid": self.stream_sid,
                    "sequenceNumber": self._next_seq(),
                    "dtmf": {"track": "inbound_track", "digit": digit},
                }
            )

    async def stop(self) -> None:
        """The caller hangs up: `stop`, then the socket closes."""
        await self._send(
            {
                "event": "stop",
                "sequenceNumber": self._next_seq(),
                "streamSid": self.stream_sid,
                "stop": {"accountSid": "AC" + "0" * 32, "callSid": self.call_sid},
            }
        )
        await self.ws.close()

    async def wait_for(self, event: str, *, count: int = 1, timeout: float = 5.0) -> dict[str, Any]:
        """The `count`-th frame of this event the app sent."""
        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.of_event(event)) >= count)
        return self.of_event(event)[count - 1]

    async def wait_for_audio(self, nbytes: int, timeout: float = 5.0) -> bytes:
        """Wait until the app has sent at least `nbytes` of audio."""
        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.audio_out) >= nbytes)
        return bytes(self.audio_out)

    async def wait_closed(self, timeout: float = 10.0) -> None:
        """Wait for the app to close the stream."""
        async with asyncio.timeout(timeout):
            await self.closed.wait()

    def of_event(self, event: str) -> list[dict[str, Any]]:
        """Frames of one event."""
        return [f for f in self.frames if f.get("event") == event]

    @property
    def queued_ms(self) -> int:
        """Audio waiting to be played."""
        return sum(len(v) for k, v in self._queue if k == "audio") // BYTES_PER_MS

    # --- plumbing ----------------------------------------------------------------------------

    def _next_seq(self) -> str:
        self._seq += 1
        return str(self._seq)

    async def _send(self, frame: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(frame))

    async def _echo_mark(self, name: str) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            await self._send(
                {
                    "event": "mark",
                    "sequenceNumber": self._next_seq(),
                    "streamSid": self.stream_sid,
                    "mark": {"name": name},
                }
            )

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                frame = json.loads(raw)
                self.frames.append(frame)
                event = frame.get("event")
                if event == "media":
                    audio = base64.b64decode(frame["media"]["payload"])
                    self.audio_out.extend(audio)
                    self._queue.append(("audio", bytearray(audio)))
                elif event == "mark":
                    self._queue.append(("mark", frame["mark"]["name"]))
                elif event == "clear":
                    marks = [v for k, v in self._queue if k == "mark"]
                    self._queue.clear()
                    for name in marks:
                        await self._echo_mark(name)
                if self.autoplay and event in ("media", "mark"):
                    await self.play(10**9)
                async with self._changed:
                    self._changed.notify_all()
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed.set()
            async with self._changed:
                self._changed.notify_all()
