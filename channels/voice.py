"""The phone call, turn by turn over webhooks: Twilio's speech recognition in, the agent's reply as TwiML.

    POST /twilio/voice          incoming call: greeting and menu (press 1 or say "waitlist")
    POST /twilio/voice/menu     the menu's answer; starts the conversation
    POST /twilio/voice/start    starts it again after the database failed a moment ago
    POST /twilio/voice/turn?n=K one turn; K travels in the Gather's action URL, so a retried POST of
                                the same turn gets the stored reply instead of advancing twice
    POST /twilio/voice/status   status callback: the conversation ends completed or abandoned (503
                                when the database can't record it, so that Twilio tries again)

A database blip never hangs up on a caller at once: the call is held ("one moment", a pause, the
same turn again with what the caller said carried in the redirect URL) for up to `MAX_HOLDS` pauses
of `HOLD_PAUSE_S` seconds (about 20 s) before an apology and goodbye. An overloaded process (all
`KNOTTY_MAX_TURNS_IN_FLIGHT` turn slots busy for `KNOTTY_TURN_QUEUE_S`) holds the caller the same way,
with a shorter pause, instead of queueing the webhook into Twilio's timeout.

The conversation is keyed by the CallSid. Nothing here knows prompts or SQL: silence counting and the
goodbye after two silences are the agent's, the wording of the menu is `channels.wording`'s.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any, TypedDict

from litestar import Request, Response, post
from litestar.di import NamedDependency, Provide

from channels import voice_twiml as tw
from channels import wording
from channels.public_url import public_url
from channels.replay import idempotency_token, replay_cache
from channels.twilio_signature import TwilioForm, twilio_form
from channels.twiml_response import e164_or_none, twiml
from channels.voice_call import (
    CHANNEL,
    INCOMING_PATH,
    MENU_PATH,
    SILENCE_LIMIT,
    START_PATH,
    STATUS_PATH,
    TURN_PATH,
)
from channels.voice_connect import connect_twiml
from channels.voice_questions import ASK_PARAM, keypad_answer, listening_for, with_keypad_hint
from knotty import (
    Agent,
    Inbound,
    Modality,
    Settings,  # at runtime: Litestar reads handler signatures
    TurnGate,
    TurnResult,
    Unavailable,
    log_event,
)

__all__ = [
    "CHANNEL",
    "INCOMING_PATH",
    "MENU_PATH",
    "SILENCE_LIMIT",
    "START_PATH",
    "STATUS_PATH",
    "TURN_PATH",
    "route_handlers",
]

MENU_TRIES = 2
"""Menu prompts (silent or not understood) before a polite goodbye."""
MAX_FAILURES = 2
"""Kept for callers that read it; the hold below decides when a failing call ends."""
HOLD_PAUSE_S = 3
"""Seconds of silence per hold, after "one moment"."""
OVERLOAD_PAUSE_S = 1
"""Seconds of silence per hold when the process had no turn slot free (it frees up in moments)."""
MAX_HOLDS = 7
"""Holds in a row (about 20 s with the requests) before the call ends with an apology."""
MAX_HELD_S = 25.0
"""Wall-clock bound on the holds, whatever Twilio's pauses really took."""
MAX_SAID_CHARS = 1000
"""What the caller said rides in the redirect URL; Twilio's URLs are limited to a few KB."""
FINAL_STATUSES = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})
_WAITLIST_CHOICE = re.compile(
    r"\b(?:wait\s*-?\s*list|join|sign(?:ing)?\s*-?\s*up|early access|one|1)\b", re.IGNORECASE
)
_FORM = {"form": Provide(twilio_form)}
log = logging.getLogger("knotty.channels.voice")


def _query_int(request: Request[Any, Any, Any], name: str, default: int) -> int:
    try:
        return max(0, int(request.query_params.get(name, default)))
    except (TypeError, ValueError):
        return default


class _TurnQuery(TypedDict, total=False):
    """The query of a turn's URL: its number, and what the caller said when the turn was held."""

    n: int
    said: str


def _hold(
    settings: Settings,
    request: Request[Any, Any, Any],
    path: str,
    *,
    pause_s: int = HOLD_PAUSE_S,
    **query: int | str,
) -> str | None:
    """The TwiML that holds the caller and tries `path` again, or None once the hold is used up."""
    holds = _query_int(request, "holds", 0) + 1
    now = int(time.time())
    since = _query_int(request, "since", now) or now
    if holds > MAX_HOLDS or now - since > MAX_HELD_S:
        return None
    again = public_url(settings, path, **query, holds=holds, since=since)
    return tw.pause_and_redirect(settings, wording.VOICE_HOLD_ON, again, pause_s=pause_s)


def _chose_waitlist(form: TwilioForm) -> bool:
    digits = form.get("Digits", "").strip()
    if digits:
        return digits.startswith("1")
    return bool(_WAITLIST_CHOICE.search(form.get("SpeechResult", "")))


def _connect_twiml(settings: Settings, call_sid: str, caller: str) -> str | None:
    """The streaming voice modes' TwiML (`channels.voice_connect`), or None to stay with Gather."""
    try:
        return connect_twiml(settings, call_sid, caller)
    except Exception:  # keeps the call going on Gather: a bug here is logged as one
        log.exception("connect_twiml failed; falling back to gather")
        return None


def _render(settings: Settings, result: TurnResult, next_turn: int) -> str:
    if result.done:
        return tw.say_and_hang_up(settings, result.reply)
    query: dict[str, int | str] = {"n": next_turn}
    if result.asking:
        query[ASK_PARAM] = result.asking
    reply = with_keypad_hint(result.reply, result.asking, result.misses)
    return tw.gather_speech(
        settings, reply, public_url(settings, TURN_PATH, **query), listening_for(result.asking)
    )


def _keys(request: Request[Any, Any, Any], form: TwilioForm) -> str:
    """What the keys the caller pressed answer (the question asked is in the URL Twilio signed)."""
    digits = form.get("Digits", "").strip()
    return keypad_answer(request.query_params.get(ASK_PARAM, ""), digits) if digits else ""


@post(INCOMING_PATH, dependencies=_FORM, status_code=200)
async def incoming_call(
    form: NamedDependency[TwilioForm], settings: NamedDependency[Settings]
) -> Response[str]:
    """Answer the call with a greeting and the menu."""
    log_event("call_incoming", channel=CHANNEL, call=form.get("CallSid", ""))
    return twiml(tw.gather_menu(settings, wording.MENU_PROMPT, public_url(settings, MENU_PATH, attempt=1)))


async def _start(
    settings: Settings, agent: Agent, gate: TurnGate, form: TwilioForm, request: Request[Any, Any, Any]
) -> Response[str]:
    call_sid = form.get("CallSid", "")
    if not call_sid:
        return twiml(tw.say_and_hang_up(settings, wording.VOICE_GOODBYE_AFTER_FAILURES))
    caller = e164_or_none(form.get("From"))
    if settings.voice_mode != "gather":
        connected = _connect_twiml(settings, call_sid, caller or form.get("From", ""))
        if connected:
            return twiml(connected)
    inbound = Inbound(
        CHANNEL, call_sid, "", Modality.SPOKEN, caller_number=caller, silence_limit=SILENCE_LIMIT
    )
    try:
        async with gate.slot() as admitted:
            if not admitted:
                log_event("call_held_overloaded", logging.WARNING, call=call_sid, turn=0)
                return twiml(
                    _hold(settings, request, START_PATH, pause_s=OVERLOAD_PAUSE_S)
                    or tw.say_and_hang_up(settings, wording.VOICE_GOODBYE_AFTER_FAILURES)
                )
            result = await agent.open(inbound)
    except Unavailable:  # the database is away: the caller is held, never given a 5xx
        held = _hold(settings, request, START_PATH)
        log_event("call_start_failed", logging.WARNING, exc_info=True, call=call_sid, held=held is not None)
        return twiml(held or tw.say_and_hang_up(settings, wording.VOICE_GOODBYE_AFTER_FAILURES))
    return twiml(_render(settings, result, next_turn=1))


@post(MENU_PATH, dependencies=_FORM, status_code=200)
async def menu(
    request: Request[Any, Any, Any],
    form: NamedDependency[TwilioForm],
    settings: NamedDependency[Settings],
    agent: NamedDependency[Agent],
    gate: NamedDependency[TurnGate],
) -> Response[str]:
    """Press 1 or say "waitlist" to start; anything else (or silence) gets the menu again, then goodbye."""
    if _chose_waitlist(form):
        return await _start(settings, agent, gate, form, request)
    attempt = _query_int(request, "attempt", 1)
    if attempt >= MENU_TRIES:
        return twiml(tw.say_and_hang_up(settings, wording.MENU_GOODBYE))
    action = public_url(settings, MENU_PATH, attempt=attempt + 1)
    return twiml(tw.gather_menu(settings, wording.MENU_REPROMPT, action))


@post(START_PATH, dependencies=_FORM, status_code=200)
async def start_again(
    request: Request[Any, Any, Any],
    form: NamedDependency[TwilioForm],
    settings: NamedDependency[Settings],
    agent: NamedDependency[Agent],
    gate: NamedDependency[TurnGate],
) -> Response[str]:
    """Try to start the conversation again after a failure."""
    return await _start(settings, agent, gate, form, request)


@post(TURN_PATH, dependencies=_FORM, status_code=200)
async def turn(
    request: Request[Any, Any, Any],
    form: NamedDependency[TwilioForm],
    settings: NamedDependency[Settings],
    agent: NamedDependency[Agent],
    gate: NamedDependency[TurnGate],
) -> Response[str]:
    """One turn: what the caller said (or silence) in, the agent's reply and the next Gather out."""
    token = idempotency_token(request, form)
    if (seen := replay_cache.get(token)) is not None:
        return twiml(seen)
    call_sid = form.get("CallSid", "")
    n = max(1, _query_int(request, "n", 1))
    # A held turn comes back through <Redirect>, which carries no SpeechResult: what the caller said
    # rides in the URL Twilio signed.
    said = (
        form.get("SpeechResult") or _keys(request, form) or request.query_params.get("said") or ""
    ).strip()[:MAX_SAID_CHARS]
    inbound = Inbound(
        CHANNEL,
        call_sid,
        said,
        Modality.SPOKEN,
        caller_number=e164_or_none(form.get("From")),
        idempotency_key=f"voice:{call_sid}:{n}",
        silence_limit=SILENCE_LIMIT,
    )
    query: _TurnQuery = {"n": n, "said": said} if said else {"n": n}
    try:
        async with gate.slot() as admitted:
            if not admitted:  # overloaded: "one moment", and the same turn again with what was said
                log_event("call_held_overloaded", logging.WARNING, call=call_sid, turn=n)
                held = _hold(settings, request, TURN_PATH, pause_s=OVERLOAD_PAUSE_S, **query)
                return twiml(held or tw.say_and_hang_up(settings, wording.VOICE_GOODBYE_AFTER_FAILURES))
            result = await agent.turn(inbound)
    except Unavailable:  # the database is away: the caller is held, never given a 5xx
        held = _hold(settings, request, TURN_PATH, **query)
        log_event(
            "call_turn_failed", logging.WARNING, exc_info=True, call=call_sid, turn=n, held=held is not None
        )
        return twiml(held or tw.say_and_hang_up(settings, wording.VOICE_GOODBYE_AFTER_FAILURES))
    body = _render(settings, result, next_turn=n + 1)
    replay_cache.put(token, body)
    return twiml(body)


@post(STATUS_PATH, dependencies=_FORM, status_code=200)
async def call_status(form: NamedDependency[TwilioForm], agent: NamedDependency[Agent]) -> Response[str]:
    """Twilio's status callback: once the call is over, its conversation is completed or abandoned."""
    status = form.get("CallStatus", "")
    call_sid = form.get("CallSid", "")
    if status in FINAL_STATUSES and call_sid:
        try:
            outcome = await agent.close(CHANNEL, call_sid)
            log_event(
                "call_ended",
                channel=CHANNEL,
                call=call_sid,
                call_status=status,
                conversation=outcome or "none",
            )
        except Unavailable:  # Twilio retries a 5xx; the sweeper closes it if it never lands
            log_event("call_status_failed", logging.WARNING, call=call_sid, call_status=status)
            return Response("", status_code=503, headers={"Retry-After": "5"}, media_type="text/plain")
    return twiml(tw.empty())


def route_handlers() -> list[Any]:
    """The voice webhooks."""
    return [incoming_call, menu, start_again, turn, call_status]
