"""`wss://…/twilio/relay/<token>`: Twilio ConversationRelay speaking with the agent.

    WS   /twilio/relay/<token>  Twilio's `<Connect><ConversationRelay>` (handshake signed by Twilio)
    POST /twilio/relay/ended    `<Connect action>`: hang up after a goodbye, else continue in gather

The handshake is checked before anything else (`channels.voice_connect.accept_stream`: Twilio's
signature, the per-call token, first use); `setup` must name the token's callSid, then opens the
conversation (Knotty greets) with the caller's number from the token (never `setup.from` or
`customParameters`); each final `prompt` is one agent turn streamed back, `interrupt` cancels the
reply in flight. Partial prompts are buffered up to `MAX_PROMPT_CHARS` (`PromptBuffer`). Twilio's
speaker events (`info`: who started or stopped speaking) time the caller's silence.
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
from channels.relay.call import RelayCall
from channels.relay.prompt_buffer import PromptBuffer
from channels.relay.protocol import RelaySetup, interrupted_at, parse_message, parse_setup, speaker_event
from channels.stream_refusals import StreamRefusals
from channels.twilio_signature import TwilioForm, twilio_form
from channels.twiml_response import twiml
from channels.voice_connect import (
    ENDED_SUFFIX,
    RELAY_PATH,
    accept_stream,
    after_stream_twiml,
    stream_paths,
)
from knotty import Agent, Settings, log_event

__all__ = ["relay", "relay_ended"]

SETUP_TIMEOUT_S = 10.0
MODE = "relay"


async def _wait_for_setup(socket: WebSocket[Any, Any, Any]) -> RelaySetup | None:
    try:
        async with asyncio.timeout(SETUP_TIMEOUT_S):
            while True:
                message = parse_message(await socket.receive_text())
                if message is not None and message["type"] == "setup":
                    return parse_setup(message)
    except (TimeoutError, WebSocketDisconnect):
        return None


def _sender(socket: WebSocket[Any, Any, Any]) -> Any:
    async def send_text(text: str) -> None:
        await socket.send_text(text)

    return send_text


@websocket(stream_paths(RELAY_PATH))
async def relay(
    socket: WebSocket[Any, Any, Any],
    settings: NamedDependency[Settings],
    agent: NamedDependency[Agent],
    stream_refusals: NamedDependency[StreamRefusals],
    token: FromPath[str | None] = None,
) -> None:
    """Speak ConversationRelay's protocol with one call."""
    grant = await accept_stream(socket, settings, agent, stream_refusals, mode=MODE, token=token)
    if grant is None:
        return
    setup = await _wait_for_setup(socket)
    if setup is None:
        await socket.close()
        return
    if setup.call_sid != grant.call_sid:
        # Someone else's CallSid: close before any conversation is read, opened or written.
        await stream_refusals.refuse(socket, MODE, "callSid differs from the token's", call=grant.call_sid)
        return
    call = RelayCall(
        agent,
        _sender(socket),
        call_sid=grant.call_sid,
        caller=grant.caller,
        caller_proven=grant.caller_proven,
        idle_s=settings.voice_silence_s,
    )
    log_event("relay_call_started", call=setup.call_sid)
    call.start()
    partial = PromptBuffer()
    try:
        with LIVE_STREAMS.holding(call.hand_over):  # a shutdown hands the call over (`end`), never cuts it
            await _converse(socket, call, partial, grant.call_sid)
    except WebSocketDisconnect:
        pass
    finally:
        await call.finish()
    log_event(
        "relay_call_ended",
        call=setup.call_sid,
        goodbye=call.ended and not call.handed_over,
        handed_over=call.handed_over,
    )


async def _converse(
    socket: WebSocket[Any, Any, Any], call: RelayCall, partial: PromptBuffer, call_sid: str
) -> None:
    """Twilio's messages to `call`, until the socket closes (`WebSocketDisconnect`)."""
    while True:
        message = parse_message(await socket.receive_text())
        if message is None:
            continue
        kind = message["type"]
        if kind == "prompt":
            text = message.get("voicePrompt")
            if isinstance(text, str):
                partial.add(text)
            if message.get("last", True):
                if partial.overflowed:
                    log_event(
                        "relay_prompt_truncated",
                        logging.WARNING,
                        call=call_sid,
                        limit=partial.limit,
                    )
                call.prompt(partial.take())
        elif kind == "interrupt":
            call.interrupt(interrupted_at(message))
        elif kind == "dtmf" and isinstance(message.get("digit"), str):
            call.digit(message["digit"])
        elif kind == "info" and (speaker := speaker_event(message)) is not None:
            call.speaking(*speaker)
        elif kind == "error":
            log_event(
                "relay_error",
                logging.WARNING,
                call=call_sid,
                description=str(message.get("description", ""))[:200],
            )


@post(RELAY_PATH + ENDED_SUFFIX, dependencies={"form": Provide(twilio_form)}, status_code=200)
async def relay_ended(
    form: NamedDependency[TwilioForm], settings: NamedDependency[Settings], agent: NamedDependency[Agent]
) -> Response[str]:
    """The relay session is over: hang up after a goodbye, or apologise and continue in gather mode."""
    return twiml(await after_stream_twiml(settings, agent, form))
