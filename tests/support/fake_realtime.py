"""A loopback server that speaks the OpenAI Realtime API (GA) over a real WebSocket.

Each connection is a `RealtimeSession` that records every client event and the audio appended to
its input buffer, and lets a test play the model's side: speak (audio deltas plus transcript), hear
the caller (VAD events, committed item, transcription), call a tool and wait for its output. It
answers `session.update` with `session.updated` (or, with `reject_session`, an error).

    async with FakeRealtime() as fake:
        settings = make_settings(..., OPENAI_REALTIME_URL=fake.url, OPENAI_API_KEY="test")
        session = await fake.next_session()
        await session.wait_for("response.create")
        await session.say(b"\x7f" * 1600, "Hi! What's your full name?")
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
from collections.abc import Callable
from typing import Any, Self

import websockets
from websockets.asyncio.server import ServerConnection, serve
from websockets.http11 import Request, Response

__all__ = ["FakeRealtime", "RealtimeSession"]

_ids = itertools.count(1)


def _id(prefix: str) -> str:
    return f"{prefix}_{next(_ids):06d}"


class RealtimeSession:
    """The server side of one Realtime connection."""

    def __init__(
        self,
        ws: ServerConnection,
        headers: dict[str, str],
        path: str,
        *,
        reject_session: bool = False,
        echo_metadata: bool = True,
    ) -> None:
        self.ws = ws
        self.headers = headers
        self.path = path
        self.reject_session = reject_session
        self.events: list[dict[str, Any]] = []
        self.audio_in = bytearray()
        self._metadata: Any = None
        """The last `response.create`'s metadata, returned on the next response this fake begins."""
        self.echo_metadata = echo_metadata
        """False: responses come without the metadata asked (the API types have it optional)."""
        self._new_event = asyncio.Condition()
        self.closed = asyncio.Event()

    # --- what the client sent ----------------------------------------------------------------

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        """Every recorded client event of this type."""
        return [e for e in self.events if e.get("type") == kind]

    async def wait_for(
        self,
        kind: str,
        where: Callable[[dict[str, Any]], bool] = lambda e: True,
        *,
        count: int = 1,
        timeout: float = 5.0,
    ) -> dict[str, Any]:
        """The `count`-th client event of this type matching `where` (waits for it)."""

        def found() -> list[dict[str, Any]]:
            return [e for e in self.of_type(kind) if where(e)]

        async with asyncio.timeout(timeout):
            async with self._new_event:
                await self._new_event.wait_for(lambda: len(found()) >= count)
        return found()[count - 1]

    async def wait_for_audio(self, nbytes: int, timeout: float = 5.0) -> bytes:
        """Wait until at least `nbytes` of input audio were appended."""
        async with asyncio.timeout(timeout):
            async with self._new_event:
                await self._new_event.wait_for(lambda: len(self.audio_in) >= nbytes)
        return bytes(self.audio_in)

    # --- what the "model" does ---------------------------------------------------------------

    async def send(self, event: dict[str, Any]) -> None:
        """One server event."""
        await self.ws.send(json.dumps({"event_id": _id("event"), **event}))

    async def _begin(self, item_id: str | None = None) -> tuple[str, str]:
        """A spoken response's opening events; its response id and item id."""
        response_id, item_id = _id("resp"), item_id or _id("item")
        response: dict[str, Any] = {"id": response_id, "status": "in_progress"}
        if self._metadata is not None and self.echo_metadata:  # Realtime returns a `response.create`'s
            response["metadata"] = self._metadata  # metadata on its response
        self._metadata = None
        await self.send({"type": "response.created", "response": response})
        await self.send(
            {
                "type": "response.output_item.added",
                "response_id": response_id,
                "output_index": 0,
                "item": {"id": item_id, "type": "message", "role": "assistant"},
            }
        )
        return response_id, item_id

    async def _finish(
        self, response_id: str, item_id: str, transcript: str, status: str = "completed"
    ) -> None:
        """A spoken response's closing events: audio done, the whole transcript, `response.done`."""
        await self.send(
            {"type": "response.output_audio.done", "response_id": response_id, "item_id": item_id}
        )
        await self.send(
            {
                "type": "response.output_audio_transcript.done",
                "response_id": response_id,
                "item_id": item_id,
                "output_index": 0,
                "content_index": 0,
                "transcript": transcript,
            }
        )
        await self.send({"type": "response.done", "response": {"id": response_id, "status": status}})

    async def say(
        self, audio: bytes, transcript: str, *, chunk: int = 800, item_id: str | None = None
    ) -> str:
        """A whole spoken response: audio deltas of `chunk` bytes, the transcript, `response.done`."""
        response_id, item_id = await self._begin(item_id)
        for i in range(0, len(audio), chunk):
            await self.audio_delta(response_id, item_id, audio[i : i + chunk])
        await self._finish(response_id, item_id, transcript)
        return item_id

    async def speak(self, transcript: str, *, bytes_per_char: int = 533, words: int = 3) -> tuple[str, bytes]:
        """A whole spoken response streamed the way Realtime streams it: a transcript delta of a few
        words, then the audio of those words (`bytes_per_char`: about 15 characters a second), and so
        on; then the done events. Returns the item id and the audio generated."""
        response_id, item_id = await self._begin()
        parts = transcript.split(" ")
        pieces = [" ".join(parts[i : i + words]) + " " for i in range(0, len(parts), words)]
        pieces[-1] = pieces[-1][:-1]
        generated = bytearray()
        for n, piece in enumerate(pieces):
            await self.send(
                {
                    "type": "response.output_audio_transcript.delta",
                    "response_id": response_id,
                    "item_id": item_id,
                    "output_index": 0,
                    "content_index": 0,
                    "delta": piece,
                }
            )
            audio = bytes((n * 37 + i) % 256 for i in range(len(piece) * bytes_per_char))
            for i in range(0, len(audio), 800):
                await self.audio_delta(response_id, item_id, audio[i : i + 800])
            generated.extend(audio)
        cancelled = any(e.get("response_id") == response_id for e in self.of_type("response.cancel"))
        await self._finish(response_id, item_id, transcript, "cancelled" if cancelled else "completed")
        return item_id, bytes(generated)

    async def audio_delta(self, response_id: str, item_id: str, audio: bytes) -> None:
        """One `response.output_audio.delta`."""
        await self.send(
            {
                "type": "response.output_audio.delta",
                "response_id": response_id,
                "item_id": item_id,
                "output_index": 0,
                "content_index": 0,
                "delta": base64.b64encode(audio).decode(),
            }
        )

    async def hear(self, transcript: str | None, *, transcript_first: bool = True) -> str:
        """The caller spoke: VAD start/stop, the committed item, then (unless None) its transcription."""
        item_id = _id("item")
        await self.speech_started(item_id)
        await self.send(
            {"type": "input_audio_buffer.speech_stopped", "audio_end_ms": 1000, "item_id": item_id}
        )
        await self.send(
            {"type": "input_audio_buffer.committed", "previous_item_id": None, "item_id": item_id}
        )
        if transcript is not None and transcript_first:
            await self.transcribe(item_id, transcript)
        return item_id

    async def speech_started(self, item_id: str | None = None) -> None:
        """`input_audio_buffer.speech_started` (the caller started talking)."""
        await self.send(
            {
                "type": "input_audio_buffer.speech_started",
                "audio_start_ms": 0,
                "item_id": item_id or _id("item"),
            }
        )

    async def transcribe(self, item_id: str, transcript: str) -> None:
        """`conversation.item.input_audio_transcription.completed` for a user item."""
        await self.send(
            {
                "type": "conversation.item.input_audio_transcription.completed",
                "item_id": item_id,
                "content_index": 0,
                "transcript": transcript,
            }
        )

    async def call_tool(
        self, name: str, arguments: dict[str, Any], *, text: str | None = None
    ) -> dict[str, Any]:
        """A response that calls a tool; returns the tool's output once the client sends it."""
        response_id, call_id = _id("resp"), _id("call")
        await self.send(
            {"type": "response.created", "response": {"id": response_id, "status": "in_progress"}}
        )
        if text is not None:
            await self.send(
                {
                    "type": "response.output_audio_transcript.done",
                    "response_id": response_id,
                    "item_id": _id("item"),
                    "transcript": text,
                }
            )
        await self.send(
            {
                "type": "response.function_call_arguments.done",
                "response_id": response_id,
                "item_id": _id("item"),
                "output_index": 0,
                "call_id": call_id,
                "name": name,
                "arguments": json.dumps(arguments),
            }
        )
        await self.send({"type": "response.done", "response": {"id": response_id, "status": "completed"}})
        event = await self.wait_for("conversation.item.create", lambda e: e["item"].get("call_id") == call_id)
        output: dict[str, Any] = json.loads(event["item"]["output"])
        return output

    async def drop(self) -> None:
        """The connection fails."""
        await self.ws.close(code=1011, reason="fake failure")

    # --- plumbing ----------------------------------------------------------------------------

    async def _record(self, raw: str | bytes) -> None:
        event = json.loads(raw)
        if event.get("type") == "input_audio_buffer.append":
            self.audio_in.extend(base64.b64decode(event["audio"]))
        self.events.append(event)
        if event.get("type") == "response.create":
            self._metadata = (event.get("response") or {}).get("metadata")
        if event.get("type") == "session.update":
            if self.reject_session:
                await self.send(
                    {
                        "type": "error",
                        "error": {
                            "type": "invalid_request_error",
                            "code": "model_not_found",
                            "message": "fake refusal",
                        },
                    }
                )
            else:
                await self.send({"type": "session.updated", "session": event.get("session", {})})
        async with self._new_event:
            self._new_event.notify_all()


class FakeRealtime:
    """The server: `url` to give Knotty, `sessions` it accepted, `refuse` to fail every handshake."""

    def __init__(
        self,
        *,
        refuse: bool = False,
        reject_session: bool = False,
        echo_metadata: bool = True,
    ) -> None:
        self.reject_session = reject_session
        self.echo_metadata = echo_metadata
        self.refuse = refuse
        self.sessions: list[RealtimeSession] = []
        self._arrived: asyncio.Queue[RealtimeSession] = asyncio.Queue()
        self._server: Any = None
        self.url = ""

    async def __aenter__(self) -> Self:
        self._server = await serve(
            self._handle, "127.0.0.1", 0, process_request=self._check, compression=None, max_size=None
        )
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"ws://127.0.0.1:{port}/v1/realtime"
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._server.close()
        await self._server.wait_closed()

    async def next_session(self, timeout: float = 5.0) -> RealtimeSession:
        """The next connection Knotty opens."""
        async with asyncio.timeout(timeout):
            return await self._arrived.get()

    def _check(self, connection: ServerConnection, request: Request) -> Response | None:
        if self.refuse:
            return connection.respond(503, "unavailable\n")
        if not request.headers.get("Authorization", "").startswith("Bearer "):
            return connection.respond(401, "missing key\n")
        return None

    async def _handle(self, ws: ServerConnection) -> None:
        request = ws.request
        assert request is not None
        headers = dict(request.headers.raw_items())
        session = RealtimeSession(
            ws, headers, request.path, reject_session=self.reject_session, echo_metadata=self.echo_metadata
        )
        self.sessions.append(session)
        self._arrived.put_nowait(session)
        await session.send({"type": "session.created", "session": {"type": "realtime", "id": _id("sess")}})
        try:
            async for raw in ws:
                await session._record(raw)
        except websockets.ConnectionClosed:
            pass
        finally:
            session.closed.set()
