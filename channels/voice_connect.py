"""The streaming voice modes' side of a call: `<Connect>` TwiML, the WebSocket handshake check, and what
happens when the stream ends.

`KNOTTY_VOICE_MODE=realtime` answers with `<Connect><Stream>` (Twilio Media Streams bridged to OpenAI
Realtime, `channels.realtime`); `relay` with `<Connect><ConversationRelay>` (Twilio does speech to
text and back, `channels.relay`). Both put an `action` URL on `<Connect>`: when the stream ends,
Twilio asks it what to do next. If the conversation is over (Knotty said goodbye) the call hangs
up; if the stream broke (the Realtime API failed, the server restarted) the caller hears a short
apology and the call continues in `gather` mode from where the conversation stands, nothing lost.

The WebSocket URL carries a per-call token (`channels.stream_token`) in its path. A handshake is
accepted only when Twilio signed it, the token is this mode's, unexpired and unforged, and it is
the first handshake of that call (claimed in the store, so across processes too). Whatever the
stream later says about the caller (`customParameters`, `from`) is not trusted: the caller's number
is the one in the token, taken from the signed webhook that answered the call.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from twilio.twiml.voice_response import VoiceResponse

from channels import voice_twiml, wording
from channels.caller_id import caller_proven
from channels.public_url import public_url, websocket_url
from channels.stream_refusals import WS_POLICY_VIOLATION, StreamRefusals
from channels.stream_token import StreamGrant, issue_stream_token, read_stream_token
from channels.twilio_signature import SIGNATURE_HEADER, valid_twilio_signature
from channels.twiml_response import caller_of, e164_or_none
from channels.voice_call import CHANNEL, SILENCE_LIMIT, TURN_PATH, call_url
from knotty import Inbound, Modality, Unavailable, call_start_key, log_event

if TYPE_CHECKING:
    from litestar import WebSocket

    from channels.twilio_signature import TwilioForm
    from knotty import Agent, Settings

__all__ = [
    "MEDIA_STREAM_PATH",
    "RELAY_PATH",
    "WS_POLICY_VIOLATION",
    "accept_stream",
    "after_stream_twiml",
    "connect_twiml",
    "stream_paths",
]

MEDIA_STREAM_PATH = "/twilio/media-stream"
RELAY_PATH = "/twilio/relay"
ENDED_SUFFIX = "/ended"
"""`<Connect action>` of each mode: `MEDIA_STREAM_PATH + ENDED_SUFFIX`, `RELAY_PATH + ENDED_SUFFIX`."""
TOKEN_PARAM = "token"  # noqa: S105 - the name of a URL parameter, not a secret
log = logging.getLogger("knotty.channels.voice_connect")


def stream_paths(base: str) -> list[str]:
    """The WebSocket route of a mode: `base/{token}`, and `base` alone so that a handshake without a
    token is refused by the handler (logged like any other refusal) rather than by the router."""
    return [base, base + "/{" + TOKEN_PARAM + ":str}"]


def connect_twiml(settings: Settings, call_sid: str, caller: str, *, proven: bool) -> str | None:
    """The TwiML that connects the call to this voice mode's WebSocket, or None for `gather`.

    `caller` is the `From` of the signed webhook answering the call, `proven` whether its caller ID
    proves the caller holds it (`channels.caller_id`); both go into the stream's token, which is where
    the stream handler reads them from. `realtime` without `OPENAI_API_KEY` stays with
    `gather` (the Realtime API needs a key), and so does either mode without `TWILIO_AUTH_TOKEN`
    (nothing to sign the token with, and no handshake could be checked).
    """
    mode = settings.voice_mode
    if mode not in ("realtime", "relay"):
        return None
    if mode == "realtime" and not settings.openai_api_key:
        log_event("voice_mode_unavailable", logging.WARNING, mode=mode, reason="OPENAI_API_KEY is not set")
        return None
    secret = settings.twilio_auth_token
    if not secret:
        log_event("voice_mode_unavailable", logging.WARNING, mode=mode, reason="TWILIO_AUTH_TOKEN is not set")
        return None
    token = issue_stream_token(
        secret, call_sid=call_sid, caller=e164_or_none(caller), mode=mode, caller_proven=proven
    )
    response = VoiceResponse()
    if mode == "realtime":
        connect = response.connect(
            action=public_url(settings, MEDIA_STREAM_PATH + ENDED_SUFFIX), method="POST"
        )
        connect.stream(url=websocket_url(public_url(settings, f"{MEDIA_STREAM_PATH}/{token}")))
    else:
        connect = response.connect(action=public_url(settings, RELAY_PATH + ENDED_SUFFIX), method="POST")
        # No welcomeGreeting: Knotty's greeting comes from the agent on `setup`, so it follows the
        # prompt and is stored with the conversation like every other line.
        relay = connect.conversation_relay(
            url=websocket_url(public_url(settings, f"{RELAY_PATH}/{token}")),
            language=voice_twiml.LANGUAGE,
            interruptible="any",
            dtmf_detection=True,
            # `info` messages when Knotty or the caller start and stop speaking: the caller's silence
            # is timed from the moment Knotty's words finished playing (`channels.relay.call`).
            debug="speaker-events",
        )
        # The few lines Knotty says in Spanish go out as text tokens with `lang` (`channels.relay.call`):
        # Twilio speaks only languages the session declares, each in its default voice. Transcription
        # stays in the session's language (English).
        relay.language(code=voice_twiml.SPANISH)
    log_event("voice_connect", mode=mode, call=call_sid)
    return str(response.to_xml())


async def accept_stream(
    socket: WebSocket[Any, Any, Any],
    settings: Settings,
    agent: Agent,
    refusals: StreamRefusals,
    *,
    mode: str,
    token: str | None,
) -> StreamGrant | None:
    """Accept the handshake of this call's one stream, or refuse it (HTTP 403) and store nothing.

    In order, cheapest first: Twilio's signature over the URL (the `wss://` form Twilio called, or
    its https form), the token (this mode's, unforged, unexpired), then a claim in the store keyed by
    the CallSid, so a replayed handshake (same URL, same valid signature) is refused, in any process.
    A store that cannot record the claim refuses the stream too: Twilio then asks the `ended` route,
    which apologises. Returns what the token vouches for; the caller must check the stream's own
    CallSid against it. Each refusal goes through `refusals` (logged up to a cap per client address).
    """
    path = socket.scope["path"]
    query = socket.scope.get("query_string", b"").decode("latin-1")
    target = path + (f"?{query}" if query else "")
    if not valid_twilio_signature(settings, target, {}, socket.headers.get(SIGNATURE_HEADER)):
        await refusals.refuse(socket, mode, "invalid Twilio signature")
        return None
    grant = read_stream_token(settings.twilio_auth_token, token, mode=mode) or read_stream_token(
        settings.twilio_previous_auth_token, token, mode=mode
    )  # during a rotation, a ticket another process issued before its redeploy
    if grant is None:
        await refusals.refuse(socket, mode, "invalid stream token" if token else "no stream token")
        return None
    try:
        first = await agent.claim_once(f"stream:{grant.call_sid}")
    except Unavailable:  # the database is down: no way to know this is the first handshake
        log.warning("could not claim the stream of a call", exc_info=True)
        await refusals.refuse(socket, mode, "store unavailable", call=grant.call_sid)
        return None
    if not first:
        await refusals.refuse(socket, mode, "stream already opened", call=grant.call_sid)
        return None
    await socket.accept()
    return grant


async def after_stream_twiml(settings: Settings, agent: Agent, form: TwilioForm) -> str:
    """What Twilio does when a `<Connect>` ends: hang up after a goodbye, else carry on in `gather` mode."""
    call_sid = form.get("CallSid", "")
    if not call_sid:
        return voice_twiml.say_and_hang_up(settings, "")
    try:
        conv = await agent.standing(CHANNEL, call_sid)
        if conv is not None and not conv.active:
            log_event("stream_ended", call=call_sid, outcome="goodbye")
            return voice_twiml.say_and_hang_up(settings, "")
        inbound = Inbound(
            CHANNEL,
            call_sid,
            "",
            Modality.SPOKEN,
            caller_number=caller_of(form),
            caller_proven=caller_proven(form, settings.caller_id_trust),
            silence_limit=SILENCE_LIMIT,
            # No conversation: the stream ended before one was written, or it was erased (then the start's
            # tombstone answers: nothing is opened for the erased caller, the call hangs up).
            idempotency_key=call_start_key(call_sid) if conv is None else None,
        )
        said = await agent.transcript(CHANNEL, call_sid)
        if said and said[-1].role == "user":
            # The caller's last words are stored but went unanswered: ask for them again rather
            # than repeat a question they already answered, and say first what the store already
            # holds (their "yes" to the read-back may have been saved just before the stream went).
            saved = conv is not None and conv.signed_up
            result = None
            reply = (
                f"{wording.STREAM_SAVED} {wording.STREAM_ASK_AGAIN}" if saved else wording.STREAM_ASK_AGAIN
            )
        else:
            result = await agent.open(inbound)
            reply = result.reply
        resumed = await agent.standing(CHANNEL, call_sid)
    except Unavailable:  # the database is down too: end politely rather than answer 5xx
        log.warning("could not resume the conversation after the stream ended", exc_info=True)
        return voice_twiml.say_and_hang_up(settings, wording.VOICE_GOODBYE_AFTER_FAILURES)
    log_event("stream_ended", call=call_sid, outcome="fallback_to_gather", error=form.get("ErrorCode", ""))
    if result is not None and result.done:
        return voice_twiml.say_and_hang_up(settings, result.reply)
    # Turn numbers key the gather flow's idempotency; continue past every turn already stored.
    next_turn = (resumed.turns if resumed is not None else 0) + 1
    action = call_url(settings, TURN_PATH, n=next_turn)
    return voice_twiml.gather_speech(settings, f"{wording.STREAM_LOST} {reply}", action)
