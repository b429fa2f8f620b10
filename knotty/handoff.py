"""Finishing a call by text: when a field fails twice on a call, offer to text the caller instead.

The core decides; a channel sends. The offline brain, about to ask a field the third time on a call
(the phone number the fifth, after the keypad), calls `OFFER_TEXT_HANDOFF`: it answers whether the caller's own number (the one the phone network
gave the channel, never a number the person said) can take a text now - a valid mobile number in
the countries texted, not opted out, within the caps (`knotty.store.handoffs`) and with a sender
configured. If it can, the brain asks "Shall I text you so you can type it instead?", at most once
per call. When it is due is decided here once for every brain (`text_offer_due`): the offline brain
counts its own asks, and for a model's call the watcher counts the model's (`knotty.watch`) and hands
the offer and its answer to the offline brain. On a yes it calls `CONTINUE_BY_TEXT`: the handoff row is reserved against the caps, the
channel's `TextSender` sends the first text, and the turn's effect `HandedOverToText` tells the agent
to end the call but not the conversation, which then moves to the texting channel under the
caller's number (same state, same entry, one transcript). Any refusal or failed send leaves the
call going: the brain asks the third way, as it would have.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from knotty.errors import KnottyError, Unavailable
from knotty.logs import log_event
from knotty.state import Modality, TextHandoff
from knotty.statuses import HandoffTextStatus
from knotty.store.handoffs import HandoffCaps, HandoffTexts
from knotty.tool_grounding import said_yes

if TYPE_CHECKING:
    from datetime import datetime

    from knotty.brains.base import BrainContext
    from knotty.state import ConversationState
    from knotty.store.repository import Store
    from knotty.texting import TextingRules

__all__ = [
    "CONTINUE_BY_TEXT",
    "HANDOFF_FIELDS",
    "OFFER_AT_ASK",
    "OFFER_AT_ASKS",
    "OFFER_TEXT_HANDOFF",
    "HandedOverToText",
    "TextNotSent",
    "TextSender",
    "first_text",
    "may_offer_text",
    "run_handoff_tool",
    "text_offer_due",
]

OFFER_TEXT_HANDOFF = "offer_text_handoff"
CONTINUE_BY_TEXT = "continue_by_text"
HANDOFF_FIELDS = {
    "full_name": "full name",
    "last_name": "last name",
    "first_name": "first name",
    "phone": "phone number",
    "email": "email",
    "role": "role, therapist or client",
}
"""The fields a text can take over, and how the texts name them."""
OFFER_AT_ASK = 3
"""The ask a text is offered before: the third, once a field's question was answered in vain twice."""
OFFER_AT_ASKS = {"phone": 5}
"""Fields offered the text later: on a call the phone number has the keypad (its third and fourth
ways are "slowly" and the keypad), which a careful operator tries before sending the caller off to
their texts; the one offer of the call is kept for what has no keypad (an address, a name)."""


def may_offer_text(state: ConversationState) -> bool:
    """A call from a number proven the caller's (`ConversationState.proven_number`), not offered a text
    yet: the tools may still be asked whether it can take one. A caller ID the network does not attest
    is never texted: the text would go to whoever holds the number, and take over their texts."""
    return (
        state.modality is Modality.SPOKEN
        and bool(state.proven_number)
        and state.text_handoff is TextHandoff.NOT_OFFERED
    )


def text_offer_due(state: ConversationState, asking: str, times_asked: int) -> bool:
    """Whether asking `asking` once more (it was asked `times_asked` times) should first be the offer
    to finish by text: the same rule whichever brain runs the call."""
    due = OFFER_AT_ASKS.get(asking, OFFER_AT_ASK)
    return asking in HANDOFF_FIELDS and times_asked + 1 == due and may_offer_text(state)


class TextNotSent(KnottyError):
    """The channel could not send the text (the provider refused it or could not be reached)."""


class TextSender(ABC):
    """A channel that can text a person first and then carry the conversation on by text."""

    channel: str = "sms"
    """The label of the conversations this channel carries (the texting webhook's)."""

    @abstractmethod
    async def send(self, to: str, body: str) -> str:
        """Send `body` to the E.164 number `to`; the provider's message id. Raises `TextNotSent`."""

    async def find(self, to: str, body: str, since: datetime) -> str | None:
        """The id of a text with this `body` the provider took for `to` at or after `since`, or None.

        Asked when a send's outcome was never written; raises `TextNotSent` when the provider can't
        be asked. A sender that keeps no record finds nothing."""
        return None


@dataclass(frozen=True)
class HandedOverToText:
    """Effect: the first text went out; the call ends and the conversation carries on by text."""

    channel: str
    external_id: str
    """The caller's number: what the texting channel keys the conversation by."""


_TEXT_QUESTIONS = {
    "full_name": "What's your full name?",
    "last_name": "What's your last name?",
    "first_name": "What's your first name?",
    "phone": "What's the best phone number to reach you?",
    "email": "What's your email address?",
    "role": "Are you a massage therapist or a client?",
}


def first_text(asking: str, *, last: bool = True) -> str:
    """The text that opens the typed part of the conversation (`last`: nothing else is missing)."""
    question = _TEXT_QUESTIONS.get(asking, "What should I put down?")
    then = "you're all set" if last else "we'll finish your signup here"
    return (
        f"Hi, it's Knotty from MasseurMatch, following up on your call. {question} "
        f"Reply here and {then}. (Reply STOP to opt out.)"
    )


@dataclass(frozen=True)
class _Outcome:
    result: dict[str, Any]
    effect: HandedOverToText | None = None


async def run_handoff_tool(
    name: str,
    args: dict[str, Any],
    ctx: BrainContext,
    *,
    store: Store,
    rules: TextingRules | None,
    sender: TextSender | None,
    conversation_id: str,
) -> tuple[dict[str, Any], list[HandedOverToText]]:
    """Run `OFFER_TEXT_HANDOFF` or `CONTINUE_BY_TEXT`: the result for the brain, and the effect if handed over."""
    asking = str(args.get("field") or "")
    if asking not in HANDOFF_FIELDS:
        return {"ok": False, "error": f"no text can take over {asking!r}"}, []
    handoffs = HandoffTexts(store.engine)
    if name == OFFER_TEXT_HANDOFF:
        outcome = await _offer(ctx, handoffs, rules, sender, conversation_id)
    else:
        last = args.get("last", True) is not False
        outcome = await _continue(ctx, asking, last, handoffs, rules, sender, conversation_id)
    return outcome.result, [outcome.effect] if outcome.effect else []


def _caps(rules: TextingRules) -> HandoffCaps:
    return HandoffCaps(rules.per_number_since(), rules.hour_ago(), rules.hourly_cap)


async def _why_not(
    ctx: BrainContext, handoffs: HandoffTexts, rules: TextingRules | None, sender: TextSender | None
) -> str | None:
    """Why the caller can't be texted now (None when they can)."""
    state = ctx.state
    if state.text_handoff is not TextHandoff.NOT_OFFERED:
        return "already offered in this call"
    if state.modality is not Modality.SPOKEN:
        return "not a call"
    if sender is None or rules is None:
        return "no text sender is configured"
    phone = state.proven_number
    if not phone:
        return "the caller's number is withheld or not proven theirs"
    if reason := rules.refusal(phone):
        return reason
    return await handoffs.refusal(phone, _caps(rules))


async def _offer(
    ctx: BrainContext,
    handoffs: HandoffTexts,
    rules: TextingRules | None,
    sender: TextSender | None,
    conversation_id: str,
) -> _Outcome:
    try:
        refusal = await _why_not(ctx, handoffs, rules, sender)
    except Unavailable:  # keeps the call going: no offer when the caps can't be read
        log_event("text_handoff_check_failed", logging.WARNING, exc_info=True, conversation=conversation_id)
        refusal = "the caps could not be checked"
    if refusal is not None:
        if ctx.state.text_handoff is TextHandoff.NOT_OFFERED:
            ctx.state.text_handoff = TextHandoff.UNAVAILABLE
        return _Outcome({"ok": False, "error": f"Do not offer a text ({refusal}). Ask the third way."})
    ctx.state.text_handoff = TextHandoff.OFFERED
    return _Outcome({"ok": True, "next": "Ask whether they would like a text, to type it instead."})


async def _continue(
    ctx: BrainContext,
    asking: str,
    last: bool,
    handoffs: HandoffTexts,
    rules: TextingRules | None,
    sender: TextSender | None,
    conversation_id: str,
) -> _Outcome:
    state = ctx.state
    if state.text_handoff is not TextHandoff.OFFERED or not said_yes(ctx):
        return _Outcome({"ok": False, "error": "The caller has not said yes to a text; nothing was sent."})
    failed = _Outcome({"ok": False, "error": "The text could not be sent. Carry on with the call."})
    phone = state.proven_number
    if sender is None or rules is None or not phone or rules.refusal(phone) is not None:
        state.text_handoff = TextHandoff.FAILED
        return failed
    already = False
    try:
        refusal = await handoffs.reserve(conversation_id, phone, asking, _caps(rules))
        if refusal is not None:  # (a reservation of its own: this very turn ran before, and was lost)
            already = await _left_already(handoffs, sender, conversation_id, phone, last)
    except Unavailable:  # keeps the call going: no text when the caps can't be counted
        log_event("text_handoff_failed", logging.WARNING, exc_info=True, conversation=conversation_id)
        refusal = "the caps could not be counted"
    if refusal is not None and not already:
        log_event("text_handoff_refused", logging.WARNING, conversation=conversation_id, reason=refusal)
        state.text_handoff = TextHandoff.FAILED
        return failed
    if not already and await _stopped_meanwhile(handoffs, conversation_id, phone):
        state.text_handoff = TextHandoff.FAILED
        return failed
    if not already:  # (else this very turn sent it before its commit failed: the caller has it)
        try:
            sid = await sender.send(phone, first_text(asking, last=last))
        except TextNotSent as exc:  # the call goes on
            error = str(exc)[:200] or type(exc).__name__
            log_event("text_handoff_not_sent", logging.WARNING, conversation=conversation_id, error=error)
            state.text_handoff = TextHandoff.FAILED
            await _record(handoffs, conversation_id, HandoffTextStatus.FAILED, error=error)
            return failed
        await _record(handoffs, conversation_id, HandoffTextStatus.SENT, sid=sid)
    state.text_handoff = TextHandoff.SENT
    log_event("text_handoff_sent", conversation=conversation_id, channel=sender.channel)
    return _Outcome(
        {"ok": True, "sent": "a text to the number they are calling from", "field": asking},
        HandedOverToText(sender.channel, phone),
    )


async def _stopped_meanwhile(handoffs: HandoffTexts, conversation_id: str, phone: str) -> bool:
    """The number's opt-out read at the last moment before the text leaves (the reservation read it
    too, but a STOP handled by another process since must stop the text here, as the confirmation
    texts' is at their POST): True, and nothing is sent, when it opted out or can't be read."""
    try:
        stopped = await handoffs.stopped(conversation_id, phone)
    except Unavailable:  # no text to a number whose STOP can't be read; the row still counts
        log_event("text_handoff_failed", logging.WARNING, exc_info=True, conversation=conversation_id)
        return True
    if stopped:
        log_event("text_handoff_opted_out", logging.WARNING, conversation=conversation_id)
    return stopped


async def _left_already(
    handoffs: HandoffTexts, sender: TextSender, conversation_id: str, phone: str, last: bool
) -> bool:
    """Whether this conversation's own handoff text left in an earlier run of this turn, whose writes were
    lost after the send (the row still `sending` when the record failed too): the retry asks the
    provider (`TextSender.find`) rather than telling the caller a text they hold "could not be sent".
    Read only when the reservation is refused, never on an ordinary turn."""
    row = await handoffs.row_of(conversation_id)
    if row is None or row.phone != phone:
        return False
    if row.status == HandoffTextStatus.SENT:
        return True
    if row.status != HandoffTextStatus.SENDING:
        return False
    try:
        sid = await sender.find(phone, first_text(row.asking, last=last), row.created_at)
    except TextNotSent:  # the provider can't be asked: as a text that never left (the caps still count it)
        log_event("text_handoff_lookup_failed", logging.WARNING, conversation=conversation_id)
        return False
    if sid is None:
        return False
    await _record(handoffs, conversation_id, HandoffTextStatus.SENT, sid=sid)
    return True


async def _record(
    handoffs: HandoffTexts, conversation_id: str, status: HandoffTextStatus, **details: str
) -> None:
    try:
        await handoffs.record(conversation_id, status, **details)
    except Unavailable:  # the row stays `sending`; it still counts against the caps
        log_event("text_handoff_record_failed", logging.WARNING, conversation=conversation_id, status=status)
