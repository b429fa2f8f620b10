"""`wss://…/twilio/relay`: Twilio ConversationRelay speaking with the agent.

    WS   /twilio/relay        Twilio's `<Connect><ConversationRelay>` (handshake signed by Twilio)
    POST /twilio/relay/ended  `<Connect action>`: hang up after a goodbye, else continue in gather

The handshake's signature is checked before anything else; `setup` opens the conversation (Knotty
greets), each final `prompt` is one agent turn streamed back, `interrupt` cancels the reply in flight.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from litestar import Response, WebSocket, post, websocket
from litestar.di import NamedDependency, Provide
from litestar.exceptions import WebSocketDisconnect

from channels.relay.call import RelayCall
from channels.relay.protocol import RelaySetup, parse_message, parse_setup
from channels.twilio_signature import TwilioForm, twilio_form
from channels.twiml_response import e164_or_none, twiml
from channels.voice_connect import (
    CALLER_PARAMETER,
    ENDED_SUFFIX,
    RELAY_PATH,
    accept_from_twilio,
    after_stream_twiml,
)
from knotty.agent import Agent
from knotty.config import Settings
from knotty.logs import log_event

__all__ = ["relay", "relay_ended"]

SETUP_TIMEOUT_S = 10.0
MAX_PROMPT_CHARS = 4000


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


@websocket(RELAY_PATH)
async def relay(socket: WebSocket[Any, Any, Any], settings: NamedDependency[Settings], agent: NamedDependency[Agent]) -> None:
    """Speak ConversationRelay's protocol with one call."""
    if not await accept_from_twilio(socket, settings):
        return
    setup = await _wait_for_setup(socket)
    if setup is None:
        await socket.close()
        return
    caller = e164_or_none(setup.caller) or e164_or_none(setup.parameters.get(CALLER_PARAMETER))
    call = RelayCall(agent, _sender(socket), call_sid=setup.call_sid, caller=caller)
    log_event("relay_call_started", call=setup.call_sid)
    call.start()
    partial: list[str] = []
    try:
        while True:
            message = parse_message(await socket.receive_text())
            if message is None:
                continue
            kind = message["type"]
            if kind == "prompt":
                text = message.get("voicePrompt")
                if isinstance(text, str):
                    partial.append(text)
                if message.get("last", True):
                    said, partial = " ".join(p.strip() for p in partial if p.strip())[:MAX_PROMPT_CHARS], []
                    call.prompt(said)
            elif kind == "interrupt":
                call.interrupt()
            elif kind == "dtmf" and isinstance(message.get("digit"), str):
                call.digit(message["digit"])
            elif kind == "error":
                log_event("relay_error", logging.WARNING, call=setup.call_sid, description=str(message.get("description", ""))[:200])
    except WebSocketDisconnect:
        pass
    finally:
        await call.finish()
    log_event("relay_call_ended", call=setup.call_sid, goodbye=call.ended)


@post(RELAY_PATH + ENDED_SUFFIX, dependencies={"form": Provide(twilio_form)}, status_code=200)
async def relay_ended(
    form: NamedDependency[TwilioForm], settings: NamedDependency[Settings], agent: NamedDependency[Agent]
) -> Response[str]:
    """The relay session is over: hang up after a goodbye, or apologise and continue in gather mode."""
    return twiml(await after_stream_twiml(settings, agent, form))
