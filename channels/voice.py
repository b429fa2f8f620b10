"""The phone call, turn by turn over webhooks: Twilio's speech recognition in, the agent's reply as TwiML.

    POST /twilio/voice          incoming call: greeting and menu (press 1 or say "waitlist"; and, in
                                Spanish, "para español, oprima nueve")
    POST /twilio/voice/menu     the menu's answer; starts the conversation (9: a note in Spanish, then
                                the English menu again, or a goodbye in Spanish)
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
from functools import partial
from typing import Any, TypedDict

from channels import voice_twiml as tw
from channels import wording
from channels.caller_id import caller_proven
from channels.replay import replay_cache
from channels.twilio_signature import TwilioForm
from channels.twiml_response import caller_of
from channels.voice_call import (
    CHANNEL,
    INCOMING_PATH,
    MENU_PATH,
    SILENCE_LIMIT,
    START_PATH,
    STATUS_PATH,
    TURN_PATH,
    URL_LIFETIME_S,
    call_url,
    url_age_s,
)
from channels.voice_connect import connect_twiml
from channels.voice_questions import (
    ASK_PARAM,
    keypad_answer,
    keys_not_taken,
    listening_for,
    with_keypad_hint,
)
from channels.webhook import Reply, TwilioCore, Webhook, twilio_webhook
from knotty import Inbound, Modality, Settings, TurnResult, Unavailable, call_start_key, log_event

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
_SPANISH_CHOICE = re.compile(r"\b(?:espa(?:n|ñ)ol|spanish)\b", re.IGNORECASE)
SPANISH_KEY = "9"
"""The menu's key for Spanish: every voice mode's menu is this `<Gather>`, so it works on all of them."""
log = logging.getLogger("knotty.channels.voice")


def _query_int(hook: Webhook, name: str, default: int) -> int:
    try:
        return max(0, int(hook.query.get(name, default)))
    except (TypeError, ValueError):
        return default


class _TurnQuery(TypedDict, total=False):
    """The query of a turn's URL: its number, and what the caller said when the turn was held."""

    n: int
    said: str
    over: int


def _hold(
    settings: Settings,
    hook: Webhook,
    path: str,
    *,
    pause_s: int = HOLD_PAUSE_S,
    **query: int | str,
) -> str | None:
    """The TwiML that holds the caller and tries `path` again, or None once the hold is used up."""
    holds = _query_int(hook, "holds", 0) + 1
    now = int(time.time())
    since = _query_int(hook, "since", now) or now
    if holds > MAX_HOLDS or now - since > MAX_HELD_S:
        return None
    if _attested(settings, hook):
        query[ATTESTED_PARAM] = 1  # a held start keeps its call's attestation
    again = call_url(settings, path, **query, holds=holds, since=since)
    return tw.pause_and_redirect(settings, wording.VOICE_HOLD_ON, again, pause_s=pause_s)


ATTESTED_PARAM = "attested"
"""In the menu's and the start's URLs: the call's first webhook carried a trusted caller ID. Twilio sends
`StirVerstat` with the incoming call; whether its later webhooks (the menu's `<Gather>` action) repeat it
is not documented, so the verdict rides in the URLs Knotty gave Twilio, which Twilio signs with the rest."""


def _attested(settings: Settings, hook: Webhook) -> bool:
    """Whether this call's caller ID proves the caller holds the number (`channels.caller_id`): said in this
    webhook, or by the call's first one, in the signed URL (`ATTESTED_PARAM`)."""
    return caller_proven(hook.form, settings.caller_id_trust) or hook.query.get(ATTESTED_PARAM) == "1"


def _menu_url(settings: Settings, hook: Webhook, **query: int | str) -> str:
    """The menu's next action, keeping the call's attestation (`ATTESTED_PARAM`)."""
    if _attested(settings, hook):
        query[ATTESTED_PARAM] = 1
    return call_url(settings, MENU_PATH, **query)


def _stale(settings: Settings, hook: Webhook) -> str | None:
    """A short goodbye for a webhook whose signed URL was written more than `URL_LIFETIME_S` ago (or that
    carries no issue time): a captured one replayed, perhaps days later once its idempotency key was
    pruned, to sign the caller up again or text them. None when the URL is fresh. Nothing runs either way
    before this answer: no turn, no database."""
    age = url_age_s(hook.query)
    if age is not None and abs(age) <= URL_LIFETIME_S:
        return None
    log_event(
        "call_url_stale",
        logging.WARNING,
        call=hook.form.get("CallSid", ""),
        path=hook.path,
        age_s=-1 if age is None else int(age),
    )
    return tw.say_and_hang_up(settings, wording.VOICE_STALE_GOODBYE)


def _chose_waitlist(form: TwilioForm) -> bool:
    digits = form.get("Digits", "").strip()
    if digits:
        return digits.startswith("1")
    return bool(_WAITLIST_CHOICE.search(form.get("SpeechResult", "")))


def _chose_spanish(form: TwilioForm) -> bool:
    digits = form.get("Digits", "").strip()
    if digits:
        return digits.startswith(SPANISH_KEY)
    return bool(_SPANISH_CHOICE.search(form.get("SpeechResult", "")))


def _connect_twiml(settings: Settings, call_sid: str, caller: str, *, proven: bool) -> str | None:
    """The streaming voice modes' TwiML (`channels.voice_connect`), or None to stay with Gather."""
    try:
        return connect_twiml(settings, call_sid, caller, proven=proven)
    except Exception:  # keeps the call going on Gather: a bug here is logged as one
        log.exception("connect_twiml failed; falling back to gather")
        return None


def _render(settings: Settings, result: TurnResult, next_turn: int) -> str:
    if result.done:
        return tw.say_and_hang_up(settings, result.reply, parts=result.parts)
    query: dict[str, int | str] = {"n": next_turn}
    if result.asking:
        query[ASK_PARAM] = result.asking
    reply = with_keypad_hint(result.reply, result.asking, result.misses)
    parts = result.parts
    if parts and len(reply) > len(result.reply):  # the keypad's hint, said after the reply, in English
        parts = (*parts, ("en", reply[len(result.reply) :].strip()))
    action = call_url(settings, TURN_PATH, **query)
    if result.asking == "confirm":
        over = call_url(settings, TURN_PATH, **query, **{OVER_PARAM: 1})
        return tw.gather_read_back(settings, reply, action, over, listening_for(result.asking), parts)
    return tw.gather_speech(settings, reply, action, listening_for(result.asking), parts)


OVER_PARAM = "over"
"""In the read-back's own `<Gather>` action (`voice_twiml.gather_read_back`): the words came while the
details were still being read, so the turn tells the core nothing of the read-back is known heard."""


def _say_it_instead(settings: Settings, hook: Webhook, n: int) -> str | None:
    """Keys pressed at a question no key answers (a name, an email, the read-back): the same question stays
    open and the caller is told to say it. No turn is taken, so nothing is stored or counted as silence."""
    asking = hook.query.get(ASK_PARAM, "")
    if not hook.form.get("Digits", "").strip() or hook.form.get("SpeechResult"):
        return None
    say_it = keys_not_taken(asking)
    if not say_it:
        return None
    log_event("call_keys_not_taken", call=hook.form.get("CallSid", ""), turn=n, asking=asking)
    action = call_url(settings, TURN_PATH, n=n, **{ASK_PARAM: asking})
    return tw.gather_speech(settings, say_it, action, listening_for(asking))


def _keys(hook: Webhook) -> str:
    """What the keys the caller pressed answer (the question asked is in the URL Twilio signed)."""
    digits = hook.form.get("Digits", "").strip()
    return keypad_answer(hook.query.get(ASK_PARAM, ""), digits) if digits else ""


async def incoming_call(core: TwilioCore, hook: Webhook) -> str:
    """Answer the call with a greeting and the menu."""
    settings = core.settings
    log_event("call_incoming", channel=CHANNEL, call=hook.form.get("CallSid", ""))
    action = _menu_url(settings, hook, attempt=1)
    return tw.gather_menu(settings, wording.MENU_PROMPT, action, spanish=wording.MENU_SPANISH)


async def _start(core: TwilioCore, hook: Webhook) -> str:
    settings, form = core.settings, hook.form
    call_sid = form.get("CallSid", "")
    if not call_sid:
        return tw.say_and_hang_up(settings, wording.VOICE_GOODBYE_AFTER_FAILURES)
    caller, proven = caller_of(form), _attested(settings, hook)
    if settings.voice_mode != "gather":
        connected = _connect_twiml(settings, call_sid, caller or "", proven=proven)
        if connected:
            return connected
    inbound = Inbound(
        CHANNEL,
        call_sid,
        "",
        Modality.SPOKEN,
        caller_number=caller,
        caller_proven=proven,
        silence_limit=SILENCE_LIMIT,
        idempotency_key=call_start_key(call_sid),  # the start: replayed after an erasure, it opens nothing
    )
    try:
        async with core.gate.slot() as admitted:
            if not admitted:
                log_event("call_held_overloaded", logging.WARNING, call=call_sid, turn=0)
                return _hold(settings, hook, START_PATH, pause_s=OVERLOAD_PAUSE_S) or tw.say_and_hang_up(
                    settings, wording.VOICE_GOODBYE_AFTER_FAILURES
                )
            result = await core.agent.open(inbound)
    except Unavailable:  # the database is away: the caller is held, never given a 5xx
        held = _hold(settings, hook, START_PATH)
        log_event("call_start_failed", logging.WARNING, exc_info=True, call=call_sid, held=held is not None)
        return held or tw.say_and_hang_up(settings, wording.VOICE_GOODBYE_AFTER_FAILURES)
    return _render(settings, result, next_turn=1)


async def menu(core: TwilioCore, hook: Webhook) -> str:
    """Press 1 or say "waitlist" to start; anything else (or silence) gets the menu again, then goodbye.

    9 (or "español") gets a note in Spanish, in a Spanish voice: Knotty can only help in English for now,
    and how else to join; then the English menu once more, and silence (or anything but 1) a goodbye in
    Spanish. The conversation itself stays in English: the recogniser and the agent work in English."""
    settings, form = core.settings, hook.form
    if (stale := _stale(settings, hook)) is not None:
        return stale
    in_spanish = hook.query.get("lang") == "es"
    attempt = _query_int(hook, "attempt", 1)
    if _chose_spanish(form) and attempt <= MENU_TRIES:
        log_event("call_spanish_note", channel=CHANNEL, call=form.get("CallSid", ""))
        action = _menu_url(settings, hook, attempt=attempt + 1, lang="es")
        return tw.gather_menu(
            settings, wording.SPANISH_ENGLISH_MENU, action, spanish=wording.SPANISH_NOTE, spanish_first=True
        )
    if _chose_waitlist(form):
        return await _start(core, hook)
    if in_spanish:
        return tw.say_and_hang_up(settings, wording.SPANISH_GOODBYE, spanish=True)
    if attempt >= MENU_TRIES:
        return tw.say_and_hang_up(settings, wording.MENU_GOODBYE)
    action = _menu_url(settings, hook, attempt=attempt + 1)
    return tw.gather_menu(settings, wording.MENU_REPROMPT, action, spanish=wording.MENU_SPANISH)


async def start_again(core: TwilioCore, hook: Webhook) -> str:
    """Try to start the conversation again after a failure."""
    return _stale(core.settings, hook) or await _start(core, hook)


async def turn(core: TwilioCore, hook: Webhook) -> str:
    """One turn: what the caller said (or silence) in, the agent's reply and the next Gather out."""
    if (stale := _stale(core.settings, hook)) is not None:
        return stale
    token = hook.replay_key()
    if (seen := replay_cache.get(token)) is not None:
        return seen
    settings, form = core.settings, hook.form
    call_sid = form.get("CallSid", "")
    n = max(1, _query_int(hook, "n", 1))
    if (say_it := _say_it_instead(settings, hook, n)) is not None:
        return say_it
    # A held turn comes back through <Redirect>, which carries no SpeechResult: what the caller said
    # rides in the URL Twilio signed.
    said = form.get("SpeechResult") or _keys(hook) or hook.query.get("said") or ""
    said = said.strip()[:MAX_SAID_CHARS]
    over = hook.query.get(OVER_PARAM) == "1"
    inbound = Inbound(
        CHANNEL,
        call_sid,
        said,
        Modality.SPOKEN,
        caller_number=caller_of(form),
        caller_proven=caller_proven(form, settings.caller_id_trust),
        idempotency_key=f"voice:{call_sid}:{n}",
        silence_limit=SILENCE_LIMIT,
        heard="" if over and said else None,  # said over the read-back: how much was heard is unknown
        one_session=True,  # a CallSid: a turn held past the call's close resumes its conversation
    )
    query: _TurnQuery = {"n": n, "said": said} if said else {"n": n}
    if over:
        query["over"] = 1  # OVER_PARAM
    try:
        async with core.gate.slot() as admitted:
            if not admitted:  # overloaded: "one moment", and the same turn again with what was said
                log_event("call_held_overloaded", logging.WARNING, call=call_sid, turn=n)
                held = _hold(settings, hook, TURN_PATH, pause_s=OVERLOAD_PAUSE_S, **query)
                return held or tw.say_and_hang_up(settings, wording.VOICE_GOODBYE_AFTER_FAILURES)
            result = await core.agent.turn(inbound)
    except Unavailable:  # the database is away: the caller is held, never given a 5xx
        held = _hold(settings, hook, TURN_PATH, **query)
        log_event(
            "call_turn_failed", logging.WARNING, exc_info=True, call=call_sid, turn=n, held=held is not None
        )
        return held or tw.say_and_hang_up(settings, wording.VOICE_GOODBYE_AFTER_FAILURES)
    body = _render(settings, result, next_turn=n + 1)
    replay_cache.put(token, body)
    return body


async def call_status(core: TwilioCore, hook: Webhook) -> Reply | str:
    """Twilio's status callback: once the call is over, its conversation is completed or abandoned."""
    form = hook.form
    status = form.get("CallStatus", "")
    call_sid = form.get("CallSid", "")
    if status in FINAL_STATUSES and call_sid:
        try:
            outcome = await core.agent.close(CHANNEL, call_sid)
            log_event(
                "call_ended",
                channel=CHANNEL,
                call=call_sid,
                call_status=status,
                conversation=outcome or "none",
            )
        except Unavailable:  # Twilio retries a 5xx; the sweeper closes it if it never lands
            log_event("call_status_failed", logging.WARNING, call=call_sid, call_status=status)
            return Reply("", status=503, media_type="text/plain", headers=(("Retry-After", "5"),))
    return tw.empty()


def route_handlers(core: TwilioCore) -> list[Any]:
    """The voice webhooks."""
    routes = {
        INCOMING_PATH: ("twilio_voice", incoming_call),
        MENU_PATH: ("twilio_voice_menu", menu),
        START_PATH: ("twilio_voice_start", start_again),
        TURN_PATH: ("twilio_voice_turn", turn),
        STATUS_PATH: ("twilio_voice_status", call_status),
    }
    return [
        twilio_webhook(path, core.settings, partial(handler, core), name=name)
        for path, (name, handler) in routes.items()
    ]
