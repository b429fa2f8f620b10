"""The streaming voice modes' side of a call: `<Connect>` TwiML, the WebSocket handshake check, and what
happens when the stream ends.

`KNOTTY_VOICE_MODE=realtime` answers with `<Connect><Stream>` (Twilio Media Streams bridged to OpenAI
Realtime, `channels.realtime`); `relay` with `<Connect><ConversationRelay>` (Twilio does speech to
text and back, `channels.relay`). Both put an `action` URL on `<Connect>`: when the stream ends,
Twilio asks it what to do next. If the conversation is over (Knotty said goodbye) the call hangs
up; if the stream broke (the Realtime API failed, the server restarted) the caller hears a short
apology and the call continues in `gather` mode from where the conversation stands, nothing lost.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from twilio.twiml.voice_response import VoiceResponse

from channels.twilio_signature import SIGNATURE_HEADER, valid_twilio_signature
from channels.twiml_response import e164_or_none
from knotty.agent import Inbound
from knotty.logs import log_event
from knotty.state import Modality

if TYPE_CHECKING:
    from litestar import WebSocket

    from channels.twilio_signature import TwilioForm
    from knotty.agent import Agent
    from knotty.config import Settings

__all__ = [
    "CALLER_PARAMETER",
    "MEDIA_STREAM_PATH",
    "RELAY_PATH",
    "STREAM_APOLOGY",
    "STREAM_ASK_AGAIN",
    "accept_from_twilio",
    "after_stream_twiml",
    "connect_twiml",
    "ws_url",
]

MEDIA_STREAM_PATH = "/twilio/media-stream"
RELAY_PATH = "/twilio/relay"
ENDED_SUFFIX = "/ended"
"""`<Connect action>` of each mode: `MEDIA_STREAM_PATH + ENDED_SUFFIX`, `RELAY_PATH + ENDED_SUFFIX`."""
CALLER_PARAMETER = "caller"
STREAM_APOLOGY = "Sorry, I lost you for a second there."
STREAM_ASK_AGAIN = "Could you say that again?"
WS_POLICY_VIOLATION = 1008
log = logging.getLogger("knotty.channels.voice_connect")


def ws_url(settings: Settings, path: str) -> str:
    """The public WebSocket URL of `path`: `PUBLIC_BASE_URL` with https→wss (http→ws)."""
    base = settings.public_base_url.rstrip("/")
    for http, ws in (("https://", "wss://"), ("http://", "ws://")):
        if base.startswith(http):
            return ws + base[len(http) :] + path
    return base + path


def _http_url(settings: Settings, path: str) -> str:
    return settings.public_base_url.rstrip("/") + path


def connect_twiml(settings: Settings, call_sid: str, caller: str) -> str | None:
    """The TwiML that connects the call to this voice mode's WebSocket, or None for `gather`.

    `realtime` without `OPENAI_API_KEY` stays with `gather` (the Realtime API needs a key).
    """
    mode = settings.voice_mode
    if mode == "realtime" and not settings.openai_api_key:
        log_event("voice_mode_unavailable", logging.WARNING, mode=mode, reason="OPENAI_API_KEY is not set")
        return None
    response = VoiceResponse()
    if mode == "realtime":
        connect = response.connect(action=_http_url(settings, MEDIA_STREAM_PATH + ENDED_SUFFIX), method="POST")
        stream = connect.stream(url=ws_url(settings, MEDIA_STREAM_PATH))
        if caller:
            stream.parameter(name=CALLER_PARAMETER, value=caller)
    elif mode == "relay":
        connect = response.connect(action=_http_url(settings, RELAY_PATH + ENDED_SUFFIX), method="POST")
        # No welcomeGreeting: Knotty's greeting comes from the agent on `setup`, so it follows the
        # prompt and is stored with the conversation like every other line.
        relay = connect.conversation_relay(
            url=ws_url(settings, RELAY_PATH),
            language="en-US",
            interruptible="any",
            dtmf_detection=True,
        )
        if caller:
            relay.parameter(name=CALLER_PARAMETER, value=caller)
    else:
        return None
    log_event("voice_connect", mode=mode, call=call_sid)
    return str(response.to_xml())


async def accept_from_twilio(socket: WebSocket, settings: Settings) -> bool:  # type: ignore[type-arg]
    """Accept the WebSocket only if Twilio signed its handshake; otherwise refuse it (HTTP 403).

    Twilio signs the URL it connected to (`wss://…`) with no parameters; the https form of the same
    URL is accepted too.
    """
    path = socket.scope["path"]
    query = socket.scope.get("query_string", b"").decode("latin-1")
    target = path + (f"?{query}" if query else "")
    if not valid_twilio_signature(settings, target, {}, socket.headers.get(SIGNATURE_HEADER)):
        log_event("twilio_signature_rejected", logging.WARNING, path=path, transport="websocket")
        await socket.close(code=WS_POLICY_VIOLATION, reason="invalid Twilio signature")
        return False
    await socket.accept()
    return True


async def after_stream_twiml(settings: Settings, agent: Agent, form: TwilioForm) -> str:
    """What Twilio does when a `<Connect>` ends: hang up after a goodbye, else carry on in `gather` mode."""
    from channels import voice, voice_twiml

    call_sid = form.get("CallSid", "")
    if not call_sid:
        return voice_twiml.say_and_hang_up(settings, "")
    try:
        conv = await agent.store.latest_conversation(voice.CHANNEL, call_sid)
        if conv is not None and conv.status != "active":
            log_event("stream_ended", call=call_sid, outcome="goodbye")
            return voice_twiml.say_and_hang_up(settings, "")
        inbound = Inbound(
            voice.CHANNEL,
            call_sid,
            "",
            Modality.SPOKEN,
            caller_number=e164_or_none(form.get("From")),
            silence_limit=voice.SILENCE_LIMIT,
        )
        said = await agent.transcript(voice.CHANNEL, call_sid)
        if said and said[-1].role == "user":
            # The caller's last words are stored but went unanswered: ask for them again rather
            # than repeat a question they already answered.
            result, reply = None, STREAM_ASK_AGAIN
        else:
            result = await agent.open(inbound)
            reply = result.reply
        resumed = await agent.store.latest_conversation(voice.CHANNEL, call_sid)
    except Exception:  # the database is down too: end politely rather than answer 5xx
        log.warning("could not resume the conversation after the stream ended", exc_info=True)
        from channels import wording

        return voice_twiml.say_and_hang_up(settings, wording.VOICE_GOODBYE_AFTER_FAILURES)
    log_event("stream_ended", call=call_sid, outcome="fallback_to_gather", error=form.get("ErrorCode", ""))
    if result is not None and result.done:
        return voice_twiml.say_and_hang_up(settings, result.reply)
    # Turn numbers key the gather flow's idempotency; continue past every turn already stored.
    next_turn = (resumed.turns if resumed is not None else 0) + 1
    action = voice_twiml.callback_url(settings, voice.TURN_PATH, n=next_turn)
    return voice_twiml.gather_speech(settings, f"{STREAM_APOLOGY} {reply}", action)
