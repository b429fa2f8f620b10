"""Two-way texting: `POST /twilio/sms`, one text in, the agent's reply out as a TwiML `<Message>`.

The conversation is keyed by the sender's number, which is also offered to the agent as "this
number". Carrier keywords come first: STOP opts the number out of everything (confirmation texts
included), START opts back in, HELP gets a short help text. An opted-out number gets no reply at all.
Empty and media-only messages get a polite answer without a turn. When the process already runs its
`KNOTTY_MAX_TURNS_IN_FLIGHT` turns and none frees up within `KNOTTY_TURN_QUEUE_S`, the text is kept in
the database and answered later through the REST API (`channels.sms_later`); the webhook gets an
empty answer at once. A retried webhook (same MessageSid
or idempotency token) gets the stored reply; the conversation advances once.

`POST /twilio/sms/status?text=ID` is the confirmation texts' status callback (signed like every
webhook): Twilio's statuses land on the outbox row. If the database can't take one, it answers 503
so that Twilio tries again.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from litestar.exceptions import ClientException

from channels import wording
from channels.confirmation_sms import SMS_STATUS_PATH
from channels.replay import replay_cache
from channels.sms_keywords import Keyword, classify
from channels.sms_later import SmsLater
from channels.sms_text import fit_sms
from channels.twilio_params import SMS_SENDER_MAX
from channels.twilio_signature import TwilioForm
from channels.twiml_response import e164_or_none
from channels.webhook import Reply, TwilioCore, Webhook, twilio_webhook
from knotty import (
    Agent,
    Inbound,
    Modality,
    Settings,
    SmsLedger,
    TurnGate,
    Unavailable,
    log_event,
    text_turn_key,
)

__all__ = ["CHANNEL", "SMS_PATH", "SMS_STATUS_PATH", "messages", "route_handlers"]

CHANNEL = "sms"
SMS_PATH = "/twilio/sms"


RETRY_WINDOW_S = 15 * 60.0
"""How long after a text's turn a webhook with its MessageSid gets the stored reply (Twilio's retry of
a webhook that got no answer comes within seconds). Later it is a replay of a captured request, and
gets nothing: the stored reply can hold what the text did not (a read-back of all four fields)."""

_XML = '<?xml version="1.0" encoding="UTF-8"?>'


def messages(*texts: str) -> str:
    """A messaging TwiML document replying with each text (none: no reply at all).

    Written as a string, the way `MessagingResponse().message(...).to_xml()` writes it (the same
    bytes, without building and serialising an element tree on every webhook).
    """
    bodies = [fit_sms(text) for text in texts if text]
    if not bodies:
        return _XML + "<Response />"
    parts = (f"<Message>{escape(body)}</Message>" if body else "<Message />" for body in bodies)
    return _XML + "<Response>" + "".join(parts) + "</Response>"


async def _keyword(
    keyword: Keyword, form: TwilioForm, ledger: SmsLedger, agent: Agent, said_at: datetime
) -> str:
    """Honour a carrier keyword; Twilio already answered it when it sends `OptOutType`."""
    sender = form.get("From", "")
    answered_by_twilio = bool(form.get("OptOutType"))
    message_sid = form.get("MessageSid") or form.get("SmsSid")
    if keyword is Keyword.HELP:
        return messages() if answered_by_twilio else messages(wording.SMS_HELP)
    # Each opt-out or opt-in counts once: a replayed START (still validly signed) must not undo a later
    # STOP. The MessageSid is claimed in the very write of the choice: a write that fails leaves neither,
    # so Twilio's retry (or the person's) is honoured, never taken for a replay.
    # A STOP and a START racing into two processes: the one that reached Knotty later stands, whichever
    # is written last (the same moment: the STOP), and the other changes nothing and is not answered.
    stop = keyword is Keyword.STOP
    opted_out = await ledger.honour_keyword(sender, stop, message_sid, said_at)
    if opted_out is None:
        log_event("sms_keyword_replayed", logging.WARNING, channel=CHANNEL, keyword=keyword.value)
        return messages()
    if opted_out is not stop:
        log_event("sms_keyword_overruled", logging.WARNING, channel=CHANNEL, keyword=keyword.value)
        return messages()  # an opted-in reply here would text a number whose latest word was STOP
    if stop:
        log_event("sms_opt_out", channel=CHANNEL, sender=sender)
        try:
            await agent.close(CHANNEL, sender)
        except Unavailable:  # the STOP stands: "text again" would tell them it did not
            log_event("sms_opt_out_close_failed", logging.WARNING, exc_info=True, channel=CHANNEL)
        return messages()  # the carrier's own confirmation is the last text this number gets
    log_event("sms_opt_in", channel=CHANNEL, sender=sender)
    return messages() if answered_by_twilio else messages(wording.SMS_OPTED_IN)


async def _answer(
    form: TwilioForm,
    ledger: SmsLedger,
    agent: Agent,
    gate: TurnGate,
    later: SmsLater | None,
    said_at: datetime,
) -> str:
    """The reply document (`said_at`: when the text reached Knotty, the order of its keywords)."""
    sender = form.get("From", "")
    body = form.get("Body", "")
    if not sender:
        return messages()
    if len(sender) > SMS_SENDER_MAX:  # its STOP could not be recorded: refused alike on every database
        log_event("twilio_request_refused", logging.WARNING, path=SMS_PATH, reason="From: too long for SMS")
        raise ClientException(f"invalid Twilio request: From: longer than {SMS_SENDER_MAX} characters")
    twilio_type = form.get("OptOutType", "")
    if not body.strip() or classify(body, opted_out=True, twilio_type=twilio_type) is not None:
        # A keyword or an empty text: what it gets depends on the opt-out, so that is read first. An
        # ordinary text leaves it to the turn's own read (`Inbound.opt_out_number`): no extra query.
        opted_out = await ledger.is_opted_out(sender)
        keyword = classify(body, opted_out=opted_out, twilio_type=twilio_type)
        if keyword is not None:
            return await _keyword(keyword, form, ledger, agent, said_at)
        if opted_out:
            return messages()
        if not body.strip():
            media = form.get("NumMedia", "0").strip()
            return messages(wording.SMS_MEDIA_ONLY if media not in ("", "0") else wording.SMS_EMPTY)
    message_sid = form.get("MessageSid") or form.get("SmsSid")
    inbound = Inbound(
        CHANNEL,
        sender,
        body,
        Modality.WRITTEN,
        caller_number=e164_or_none(sender),
        caller_proven=True,  # a signed SMS `From` is trusted (docs/security.md)
        idempotency_key=text_turn_key(message_sid) if message_sid else None,
        retry_window_s=RETRY_WINDOW_S,
        opt_out_number=sender,
    )
    async with gate.slot(None if later is not None and message_sid else -1) as admitted:
        if admitted:
            result = await agent.turn(inbound)
            return messages(result.reply)
    # Overloaded: kept in the database and answered by the REST API once a slot frees up.
    assert later is not None and message_sid  # noqa: S101 - only a turn that may wait is refused a slot
    if await ledger.is_opted_out(sender):  # read here only when no turn ran to read it
        return messages()
    await later.keep(sender, body, message_sid)
    log_event("sms_kept_for_later", logging.WARNING, channel=CHANNEL, message=message_sid)
    return messages()


def _from_knotty(form: TwilioForm, settings: Settings) -> bool:
    """Whether the text comes from the number it was sent to, or from Knotty's own number: a reply
    would be Knotty texting itself (a loop through Twilio), and a signup would list Knotty's number."""
    sender = form.get("From", "").strip()
    return bool(sender) and sender in (form.get("To", "").strip(), settings.twilio_phone_number)


async def incoming_sms(core: TwilioCore, hook: Webhook) -> str:
    """Answer one incoming text."""
    said_at = datetime.now(UTC)  # before any wait: a STOP and a START racing are ordered by it
    if _from_knotty(hook.form, core.settings):
        log_event(
            "twilio_request_refused", logging.WARNING, path=SMS_PATH, reason="From: Knotty's own number"
        )
        return messages()
    token = hook.replay_key()
    if (seen := replay_cache.get(token)) is not None:
        return seen
    try:
        body = await _answer(hook.form, core.ledger, core.agent, core.gate, core.sms_later, said_at)
    except (
        Unavailable
    ) as exc:  # the database is away: kept for later if it can be, else an apology; never a 5xx
        log_event("sms_failed", logging.WARNING, exc_info=True, message=hook.form.get("MessageSid", ""))
        kept = await _kept(hook.form, core.ledger, core.sms_later, busy=exc.busy)
        return messages() if kept else messages(wording.SMS_UNAVAILABLE)
    replay_cache.put(token, body)
    return body


async def _kept(form: TwilioForm, ledger: SmsLedger, later: SmsLater | None, *, busy: bool = False) -> bool:
    """Keep a text whose turn could not reach the database (SQLite busy under load, a failover under way)
    to be answered later, as under overload: what the person typed is not dropped and they are not
    asked to type it again. False when it can't be kept either (the database is really away), or it is
    a keyword or an empty text, which no later turn answers. Whether it is a keyword depends on the
    number: "yes" is one (Twilio's opt-in) only for a number that opted out, and is otherwise the
    answer to a read-back. `busy`: another program holds the database's write lock (reads still
    work), so a write would only wait for it again: the text is held in this process and written as a
    kept text once the lock is let go (`SmsLater.hold`)."""
    sender, body = form.get("From", ""), form.get("Body", "")
    sid = form.get("MessageSid") or form.get("SmsSid")
    if later is None or not sid or not sender or not body.strip():
        return False
    try:
        opted_out = await ledger.is_opted_out(sender)
        if classify(body, opted_out=opted_out, twilio_type=form.get("OptOutType", "")) is not None:
            return False
        if busy:
            if not later.hold(sender, body, sid):
                return False
        else:
            await later.keep(sender, body, sid)
    except Unavailable:
        return False
    reason = "database locked" if busy else "database busy"
    log_event("sms_kept_for_later", logging.WARNING, channel=CHANNEL, message=sid, reason=reason)
    return True


def _text_id(hook: Webhook) -> int | None:
    try:
        return int(hook.query["text"])
    except (KeyError, TypeError, ValueError):
        return None


async def sms_status(core: TwilioCore, hook: Webhook) -> Reply | str:
    """A confirmation text's status from Twilio (`queued`, `sent`, `delivered`, `undelivered`, `failed`)."""
    form = hook.form
    sid = form.get("MessageSid") or form.get("SmsSid") or ""
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").strip().lower()
    if not sid or not status:
        return messages()
    try:
        known = await core.ledger.outbox.record_twilio_status(
            text_id=_text_id(hook), sid=sid, status=status, error_code=form.get("ErrorCode") or None
        )
    except Unavailable:  # the database is away: Twilio retries a 5xx
        log_event("sms_status_failed", logging.WARNING, message=sid, status=status)
        return Reply("", status=503, media_type="text/plain", headers=(("Retry-After", "5"),))
    log_event("sms_status", message=sid, status=status, known=known)
    return messages()


def route_handlers(core: TwilioCore) -> list[Any]:
    """The SMS webhook and the confirmation texts' status callback."""
    return [
        twilio_webhook(SMS_PATH, core.settings, partial(incoming_sms, core), name="twilio_sms"),
        twilio_webhook(SMS_STATUS_PATH, core.settings, partial(sms_status, core), name="twilio_sms_status"),
    ]
