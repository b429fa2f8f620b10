"""`wss://…/twilio/media-stream/<token>`: one Twilio media stream bridged to one OpenAI Realtime session.

    WS   /twilio/media-stream/<token>  Twilio's `<Connect><Stream>` (handshake signed by Twilio)
    POST /twilio/media-stream/ended    `<Connect action>`: hang up after a goodbye, else continue in gather

The handler accepts only this call's first, signed handshake with a valid token
(`channels.voice_connect.accept_stream`), waits for Twilio's `start` and closes the stream unless its
callSid is the token's, opens the conversation through the core (`knotty.live.LiveSession`) with the
caller's number from the token (never from the stream's `customParameters`), connects to Realtime
and runs the bridge. If Realtime can't be reached or drops, the stream is closed: Twilio then asks
the `ended` route, which apologises and carries the call on in `gather` mode.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from litestar import Response, WebSocket, post, websocket
from litestar.di import NamedDependency, Provide
from litestar.exceptions import WebSocketDisconnect
from litestar.params import FromPath

from channels.live_streams import LIVE_STREAMS
from channels.realtime.bridge import Bridge, Outcome, TwilioGone
from channels.realtime.journal import Journal
from channels.realtime.twilio_wire import StreamStart, parse_frame, parse_start
from channels.realtime.upstream import RealtimeUnavailable, connect_realtime
from channels.stream_refusals import StreamRefusals
from channels.twilio_signature import TwilioForm, twilio_form
from channels.twiml_response import twiml
from channels.voice_call import CHANNEL
from channels.voice_connect import (
    ENDED_SUFFIX,
    MEDIA_STREAM_PATH,
    accept_stream,
    after_stream_twiml,
    stream_paths,
)
from knotty import (
    Agent,
    Inbound,
    LiveSession,
    LiveSessionUnavailable,
    Modality,
    Settings,  # Litestar reads handler signatures at runtime
    log_event,
)

__all__ = ["media_stream", "media_stream_ended"]

START_TIMEOUT_S = 10.0
MODE = "realtime"
log = logging.getLogger("knotty.channels.realtime")


async def _wait_for_start(socket: WebSocket[Any, Any, Any]) -> StreamStart | None:
    """Skip `connected`; return the `start` frame's facts (None if the stream ends or misbehaves first)."""
    try:
        async with asyncio.timeout(START_TIMEOUT_S):
            while True:
                frame = parse_frame(await socket.receive_text())
                if frame is None or frame.event == "connected":
                    continue
                if frame.event == "start":
                    return parse_start(frame)
                if frame.event == "stop":
                    return None
    except (TimeoutError, WebSocketDisconnect):
        return None


def _receiver(socket: WebSocket[Any, Any, Any]) -> Any:
    receive = socket.receive

    async def next_text() -> str | None:
        message = await receive()
        if message["type"] != "websocket.receive":
            return None
        text = message.get("text")
        if text is None:
            raw = message.get("bytes") or b""
            text = raw.decode("utf-8", "replace")
        return str(text)

    return next_text


def _sender(socket: WebSocket[Any, Any, Any]) -> Any:
    send = socket.send  # the ASGI send itself: this runs twice per audio chunk

    async def send_text(text: str) -> None:
        try:
            await send({"type": "websocket.send", "text": text, "bytes": None})
        except Exception as exc:  # whatever the server says, the caller is gone
            raise TwilioGone from exc

    return send_text


async def _close(socket: WebSocket[Any, Any, Any]) -> None:
    try:
        await socket.close()
    except Exception:  # already closed by Twilio
        log.debug("the stream was already closed", exc_info=True)


@websocket(stream_paths(MEDIA_STREAM_PATH))
async def media_stream(
    socket: WebSocket[Any, Any, Any],
    settings: NamedDependency[Settings],
    agent: NamedDependency[Agent],
    stream_refusals: NamedDependency[StreamRefusals],
    token: FromPath[str | None] = None,
) -> None:
    """Bridge one call's audio to OpenAI Realtime, with the core running tools and storing the transcript."""
    grant = await accept_stream(socket, settings, agent, stream_refusals, mode=MODE, token=token)
    if grant is None:
        return
    start = await _wait_for_start(socket)
    if start is None:
        await _close(socket)
        return
    if start.call_sid != grant.call_sid:
        # Someone else's CallSid: close before any conversation is read, opened or written.
        await stream_refusals.refuse(socket, MODE, "callSid differs from the token's", call=grant.call_sid)
        return
    if (start.encoding, start.sample_rate) != ("audio/x-mulaw", 8000):
        # The bridge passes audio through untouched: anything but μ-law at 8 kHz would be noise.
        log_event(
            "realtime_unavailable",
            logging.WARNING,
            call=start.call_sid,
            reason=f"media format {start.encoding}",
        )
        await _close(socket)
        return
    inbound = Inbound(
        CHANNEL,
        grant.call_sid,
        "",
        Modality.SPOKEN,
        caller_number=grant.caller,
        caller_proven=grant.caller_proven,
    )
    try:
        live = await LiveSession.open(agent, inbound, brain="openai-realtime")
    except LiveSessionUnavailable:
        log_event("realtime_unavailable", logging.WARNING, call=start.call_sid, reason="database")
        await _close(socket)
        return
    try:
        upstream = await connect_realtime(settings)
    except RealtimeUnavailable as exc:
        log_event("realtime_unavailable", logging.WARNING, call=start.call_sid, reason=str(exc))
        await _close(socket)  # Twilio asks <Connect action>: apology, then gather mode
        return
    journal = Journal(live)
    bridge = Bridge(
        stream_sid=start.stream_sid,
        send_twilio=_sender(socket),
        upstream=upstream,
        live=live,
        journal=journal,
        idle_s=settings.voice_silence_s,
    )
    outcome = Outcome.UPSTREAM_LOST
    handed_over = False

    async def hand_over() -> None:
        """The server is shutting down (`channels.live_streams`): the stream is closed, as when Realtime
        drops. What was said is stored (the bridge's end), the conversation stays open, and Twilio asks
        the `<Connect action>`, which carries the call on by Gather."""
        nonlocal handed_over
        handed_over = True
        log_event("realtime_call_handed_over", call=start.call_sid)
        await _close(socket)

    journal.start()
    try:
        await bridge.configure(settings)
        with LIVE_STREAMS.holding(hand_over):
            outcome = await bridge.run(_receiver(socket))
    except Exception:  # whatever broke, the call goes on in gather mode
        log.exception("realtime bridge failed")
        outcome = Outcome.UPSTREAM_LOST
    finally:
        if outcome is Outcome.GOODBYE:
            await _close(socket)  # hang up now; the conversation was already marked finished
        else:
            journal.give_up_transcripts()  # they would never come
        await journal.drain()
        try:
            await upstream.close()
        except Exception:  # closing a dead connection
            log.debug("the Realtime connection was already gone", exc_info=True)
    log_event(
        "realtime_call_ended", call=start.call_sid, conversation=live.conversation_id, outcome=outcome.value
    )
    if outcome is Outcome.UPSTREAM_LOST:
        await _close(socket)  # Twilio asks <Connect action>: apology, then gather mode
    elif outcome is not Outcome.STREAM_CLOSED and not handed_over:  # a dropped or handed-over call goes on
        await live.close()


@post(MEDIA_STREAM_PATH + ENDED_SUFFIX, dependencies={"form": Provide(twilio_form)}, status_code=200)
async def media_stream_ended(
    form: NamedDependency[TwilioForm], settings: NamedDependency[Settings], agent: NamedDependency[Agent]
) -> Response[str]:
    """The stream is over: hang up after a goodbye, or apologise and continue in gather mode."""
    return twiml(await after_stream_twiml(settings, agent, form))
