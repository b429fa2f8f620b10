"""The tools every brain may call, their JSON schemas, and the one place that runs them.

Every argument is validated and grounded in what the person actually said before anything is
written; a refused call comes back to the brain with what to ask the person again.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from knotty.brains.scripted.understanding import keeps_as_given, understand
from knotty.errors import StoreUnavailable, Unavailable
from knotty.fields import extract_email, speak_email
from knotty.fields.email import spaced_email
from knotty.fields.email_typos import lost_dot, suggest_email
from knotty.grounding import ungrounded_fields
from knotty.handoff import (
    CONTINUE_BY_TEXT,
    OFFER_TEXT_HANDOFF,
    HandedOverToText,
    TextSender,
    run_handoff_tool,
)
from knotty.limits import Taken
from knotty.logs import log_event
from knotty.signup import validate_signup
from knotty.state import SmsOffer, Stage
from knotty.store.models import utcnow
from knotty.store.repository import HOURLY_CAP_REACHED, TEXTED_RECENTLY, TextWrite
from knotty.store.text_decisions import TextDecision
from knotty.texting import SenderAllowances, TextAllowance, TextingRules
from knotty.tool_grounding import NOT_READ_BACK, read_back_refusal, said_leaving, said_yes_after_save

if TYPE_CHECKING:
    from datetime import datetime

    from knotty.brains.base import BrainContext, ToolCall
    from knotty.state import ConversationState
    from knotty.store.repository import EntryWrite, PlannedEntry, Store

T = TypeVar("T")

__all__ = [
    "END_CONVERSATION",
    "SAVE_WAITLIST_ENTRY",
    "SEND_CONFIRMATION_SMS",
    "TOOL_SCHEMAS",
    "ConfirmationRequested",
    "Effect",
    "EntrySaved",
    "ToolOutcome",
    "ToolRunner",
]

SAVE_WAITLIST_ENTRY = "save_waitlist_entry"
SEND_CONFIRMATION_SMS = "send_confirmation_sms"
END_CONVERSATION = "end_conversation"
SENDER_CAP_REACHED = "too many confirmation texts were asked for from where this person writes"

TOOL_SCHEMAS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": SAVE_WAITLIST_ENTRY,
            "description": (
                "Save the person to the MasseurMatch early-access waitlist. Call only once all four fields "
                "were given by the person and read back to them."
            ),
            "parameters": {
                "type": "object",
                "properties": {
                    "full_name": {
                        "type": "string",
                        "description": "First and last name, as the person gave it.",
                    },
                    "phone": {
                        "type": "string",
                        "description": "Phone number, digits as the person said them.",
                    },
                    "email": {"type": "string", "description": "Email address."},
                    "role": {"type": "string", "enum": ["therapist", "client"]},
                    "mononym": {
                        "type": "boolean",
                        "description": "True only if the person said they have just one name (no last name).",
                    },
                },
                "required": ["full_name", "phone", "email", "role"],
                "additionalProperties": False,
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": SEND_CONFIRMATION_SMS,
            "description": "Text a confirmation to the saved phone number. Only after the entry was saved and the person said yes.",
            "parameters": {"type": "object", "properties": {}, "additionalProperties": False},
        },
    },
    {
        "type": "function",
        "function": {
            "name": END_CONVERSATION,
            "description": "End the conversation after saying goodbye.",
            "parameters": {"type": "object", "properties": {}, "additionalProperties": False},
        },
    },
]


@dataclass(frozen=True)
class EntrySaved:
    """Effect: the waitlist entry was saved (or updated)."""

    entry_id: int


@dataclass(frozen=True)
class ConfirmationRequested:
    """Effect: the person accepted the confirmation SMS; a channel-side sender delivers it."""

    entry_id: int
    phone: str


Effect = EntrySaved | ConfirmationRequested | HandedOverToText
"""What a tool run leaves for the agent and the channel to do once the turn is stored."""


@dataclass
class ToolOutcome:
    """What running a tool produced: the result for the brain and effects for the channel."""

    result: dict[str, Any]
    effects: list[Effect] = field(default_factory=list)


_TEXT_REFUSALS = {
    TextDecision.ACCEPTED: None,  # the entry's text is queued already: this "yes" joins it
    TextDecision.TEXTED_RECENTLY: TEXTED_RECENTLY,
    TextDecision.HOURLY_CAP: HOURLY_CAP_REACHED,
}
_WRITE_ATTEMPTS = 3
_FIRST_WAIT_S = 0.1
_MAX_WAIT_S = 0.5


def _proven_listed(ctx: BrainContext, phone: str) -> bool:
    """The saved `phone` is the number the channel proves this person holds (`proven_number`) and another
    entry lists it (`knotty.returning`): they were told it is on the waitlist, so a save kept apart for it
    may say so. Any other contact shared with a listed entry was typed or said, which proves nothing:
    the save is then confirmed as any other (never "shares contact details with another signup"), so
    no one learns whether someone else's phone or email is on the waitlist."""
    return phone == ctx.proven_number and phone in ctx.state.listed_contacts


async def _with_retries(write: Callable[[], Awaitable[T]]) -> T:
    """A database write retried briefly: a dropped connection or a failover must not lose a signup.

    Three attempts, 0.1 s then 0.2 s apart (doubling, at most 0.5 s); only `StoreUnavailable` is
    retried, and the last one is raised. A plain loop: tenacity's machinery cost ~70 us a save.
    """
    for attempt in range(1, _WRITE_ATTEMPTS + 1):
        try:
            return await write()
        except StoreUnavailable:
            if attempt == _WRITE_ATTEMPTS:
                raise
        await asyncio.sleep(min(_FIRST_WAIT_S * 2 ** (attempt - 1), _MAX_WAIT_S))
    raise AssertionError("unreachable")  # pragma: no cover


_NAMES_A_ROLE = re.compile(r"(?i)\b(?:therapist|client|customer|provider|practitioner|role|massages?)s?\b")


def _role_answers(ctx: BrainContext) -> list[str]:
    """What the person said right after a line of Knotty's naming a role (the role question, a read-back):
    the only words where a short answer ("client", "the first one") is about their role."""
    lines = [*ctx.history, *ctx.turn_lines]
    return [
        line.content
        for before, line in itertools.pairwise(lines)
        if line.role == "user"
        and line.content
        and before.role == "assistant"
        and _NAMES_A_ROLE.search(before.content)
    ]


def _typo_fixes_accepted(ctx: BrainContext) -> list[str]:
    """Addresses the person accepted as the fix of their own domain typo; they count as said.

    Knotty asked "did you mean ana@gmail.com?" about an address the person had said ("ana@gmial.com", or
    "maria. lopez 88@..." for maria.lopez88@),
    and the person's very next words were a yes. Nothing else makes an unsaid address grounded.
    """
    lines = [*ctx.history, *ctx.turn_lines]
    accepted: list[str] = []
    for k, line in enumerate(lines):
        if line.role != "assistant" or "did you mean" not in line.content.lower():
            continue
        answer = next((ln for ln in lines[k + 1 :] if ln.role == "user"), None)
        if answer is None or not answer.content or keeps_as_given(answer.content):
            continue
        if understand(answer.content, "confirm", region=ctx.region).yes is not True:
            continue
        said = [ln.content for ln in lines[:k] if ln.role == "user" and ln.content]
        # An address said in two halves ("i n f o" ... "at w e l l ... see o dot u kay") is two answers.
        for earlier in [*said, *(f"{a} {b}" for a, b in itertools.pairwise(said))]:
            for fix in _suggestions(earlier):
                if fix in line.content or speak_email(fix) in line.content:
                    accepted.append(fix)
    return accepted


def _suggestions(said: str) -> list[str]:
    """The addresses "did you mean ...?" may offer for what the person typed: its domain typo fixed, the
    dot a line lost before a country's second level put back ("zarlinoco.uk" as "zarlino.co.uk"), or
    the address joined to the words a space split from it ("maria. lopez 88@..."), its typo fixed too."""
    found, spaced = extract_email(said), spaced_email(said)
    fixes = (
        found and suggest_email(found),
        found and lost_dot(found),
        spaced,
        spaced and suggest_email(spaced),
    )
    return [a for a in fixes if a]


def _unconfirmed_save(why: str) -> dict[str, Any]:
    """The refusal of a save the person has not confirmed, telling the model what to do instead."""
    if why == NOT_READ_BACK:
        error = "The details were not read back to the person since they last gave or changed one."
    else:
        error = "The person has not yet said the details read back to them are right."
    return {
        "ok": False,
        "error": error + " Nothing was saved.",
        "instruction": "Read all four details back to the person (full name, phone, email, and whether they "
        "are a therapist or a client) and ask if they are right. Call save_waitlist_entry only after they "
        "say yes. Do not say they are on the list.",
    }


class ToolRunner:
    """Runs tool calls against the store, updating the conversation state."""

    def __init__(
        self,
        store: Store,
        channel: str,
        texting: TextingRules | None = None,
        *,
        handoff: TextSender | None = None,
        conversation_id: str = "",
        allowance: TextAllowance | None = None,
        senders: SenderAllowances | None = None,
    ) -> None:
        self._store = store
        self._channel = channel
        self._texting = texting
        """Where confirmation texts may go; None when no sender is configured (none is offered)."""
        self._handoff = handoff
        """The channel that can text a caller so they finish by typing; None: no such offer."""
        self._conversation_id = conversation_id
        self._allowance = allowance
        """The channel's cap on the texts this turn's sender may ask for (None: only the caps of `texting`)."""
        self._senders = senders
        """The phone channels' caps per texting or calling number, asked only when `allowance` is None."""
        self.entry_write: EntryWrite | None = None
        """The entry a save decided on, written with the turn (`Store.commit_turn(entry=...)`), never before it."""
        self.text_write: TextWrite | None = None
        """A listed entry's confirmation text accepted by this turn, written with it (`Store.commit_turn`)."""
        self._spent: tuple[TextAllowance, str, datetime] | None = None
        """The allowance this turn's text was counted against, its number and when: given back if the turn loses."""

    async def run(self, call: ToolCall, ctx: BrainContext) -> ToolOutcome:
        """Validate and execute one call; never raises for bad arguments."""
        if call.name == SAVE_WAITLIST_ENTRY:
            return await self._save(call.arguments, ctx)
        if call.name == SEND_CONFIRMATION_SMS:
            return await self._confirm(ctx)
        if call.name == END_CONVERSATION:
            return self._end(ctx)
        if call.name in (OFFER_TEXT_HANDOFF, CONTINUE_BY_TEXT):
            result, effects = await run_handoff_tool(
                call.name,
                call.arguments,
                ctx,
                store=self._store,
                rules=self._texting,
                sender=self._handoff,
                conversation_id=self._conversation_id,
            )
            return ToolOutcome(result, list(effects))
        return ToolOutcome({"ok": False, "error": f"unknown tool {call.name!r}"})

    async def _save(self, args: dict[str, Any], ctx: BrainContext) -> ToolOutcome:
        fields, errors = validate_signup(args, region=ctx.region)
        if fields is not None:
            said = [*ctx.user_texts(), *_typo_fixes_accepted(ctx)]
            errors.update(ungrounded_fields(fields, said, ctx.caller_number, role_answers=_role_answers(ctx)))
        if errors or fields is None:
            return ToolOutcome(
                {
                    "ok": False,
                    "errors": errors,
                    "instruction": "Nothing was saved. Politely ask the person again for: "
                    + ", ".join(sorted(errors))
                    + ". Never guess.",
                }
            )
        if (unconfirmed := read_back_refusal(ctx, fields.as_dict())) is not None:
            return ToolOutcome(_unconfirmed_save(unconfirmed))
        state = ctx.state
        owned = state.entry_id if state.entry_owned else None
        offering = state.sms not in (SmsOffer.ACCEPTED, SmsOffer.DECLINED)
        rules = self._texting
        # What the text's offer reads is read with the plan (one go), when a text may be offered at all
        # and the number is the one the person proves (a typed one is offered on its rules alone).
        offer_since = (
            rules.per_number_since()
            if offering and rules and not rules.refusal(fields.phone) and fields.phone == ctx.proven_number
            else None
        )
        try:
            saved = await _with_retries(
                lambda: self._store.plan_entry(
                    **fields.as_dict(),
                    channel=self._channel,
                    owned_entry_id=owned,
                    proven_phone=ctx.proven_number,
                    not_the_holder=state.separate_signup,
                    pending=self.entry_write,
                    offer_since=offer_since,
                )
            )
        except StoreUnavailable:
            return ToolOutcome(
                {
                    "ok": False,
                    "error": "saving failed for a technical reason; nothing was saved",
                    "instruction": "Apologise, say the details could not be saved just now, and ask to try again.",
                }
            )
        if saved.write is not None:
            self.entry_write = saved.write
        state.entry_id, state.entry_owned = saved.id, saved.owned
        state.saved_fields, state.stage = fields.as_dict(), Stage.SAVED
        told = saved.another_person or _proven_listed(ctx, fields.phone)
        # A listed person's exact details, typed by someone who proves none of them, are confirmed as
        # any signup is: "already listed" would tell whoever knows a name, phone and email whether that
        # person is on the waitlist, and as a therapist or a client (nothing is written either way).
        lead = (
            "Confirm the signup"
            if saved.owned or not told
            else "Say these exact details were already listed (nothing changed)"
        )
        next_step = f"{lead}, then offer a confirmation text."
        if offering:
            refusal = await self._offer_refusal(
                fields.phone, saved, told=told, proven=fields.phone == ctx.proven_number
            )
            state.sms = SmsOffer.UNAVAILABLE if refusal else SmsOffer.NOT_OFFERED
            if refusal:
                next_step = f"{lead} and say goodbye. Do not offer a confirmation text ({refusal})."
        result = {"ok": True, "saved": fields.as_dict(), "next": next_step}
        if saved.review_reason and told:
            result["kept_apart"] = True  # another entry lists their proven number: the admin checks it
        if saved.another_person:
            result["another_person"] = True  # their number's entry is someone else's: left as it is
        if saved.apart_again:
            result["updated_apart"] = True  # their own earlier signup kept apart beside it: updated
        if not saved.owned and told:
            result["unchanged"] = True  # identical to a listed entry: nothing written (told only if proven)
        return ToolOutcome(result, [EntrySaved(saved.id)])

    async def _offer_refusal(
        self, phone: str, saved: PlannedEntry, *, told: bool, proven: bool
    ) -> str | None:
        """Why the save may offer no confirmation text (None when it may).

        Besides the number's own refusals: a signup that only repeats a listed entry this conversation
        has not proven is theirs (a web visitor typing someone's exact details) would text the holder of
        that entry, who asked for nothing; it is offered under the number's rules all the same (a missing
        offer would tell the typist the details are listed) and refused after the "yes" (`_confirm`),
        unless the person proved the number and so was told. One kept apart for sharing a listed number is refused only when
        the person was `told` that number is listed (they proved they hold it: `_proven_listed`). Typed
        or said from elsewhere, it is offered under the number's own rules, as any unlisted number is:
        a missing offer would itself tell the typist the number is on the waitlist, and those rules
        already bound what the number gets (one text per `KNOTTY_SMS_PER_NUMBER_DAYS`, the hourly cap),
        with nothing of the listed entry in it.

        What only the number's history decides (it opted out, it was texted within
        `KNOTTY_SMS_PER_NUMBER_DAYS`) is read here only for the number the person proves (`proven`). A
        typed or said number is offered a text on its own rules alone: no offer would tell the typist that
        the number was texted or opted out. If they say yes, `_confirm` reads it, and every refusal there
        gets the same words ("I wasn't able to send the text"): no text beyond the rules, nothing told.
        """
        if not saved.owned and told:
            return "these details are already on the waitlist, on a signup not proven to be theirs"
        refusal = await self._text_refusal(phone, saved.text_offer) if proven else self._rules_refusal(phone)
        if refusal is None and told and saved.review_reason and await self._listed_elsewhere(phone, saved.id):
            refusal = "the number is on another person's signup"
        return refusal

    async def _listed_elsewhere(self, phone: str, entry_id: int) -> bool:
        """Whether another person's listed entry holds `phone`: a signup kept apart for sharing it is not
        proven theirs, so its confirmation text would go to that other person (a stranger typing a
        listed number must not get them texted)."""
        try:
            rows = await self._store.listed_contacts([phone], [])
        except StoreUnavailable:
            return True  # fails closed: no text rather than one to someone else
        return any(row_id != entry_id and row_phone == phone for row_id, row_phone, _ in rows)

    def _rules_refusal(self, phone: str) -> str | None:
        """Why no text may go to `phone` whatever its history: no sender, or the number itself (country,
        not a mobile, Knotty's own), which anyone typing it can tell."""
        rules = self._texting
        if rules is None:
            return "no text sender is configured"
        return rules.refusal(phone)

    async def _text_refusal(self, phone: str, read: tuple[bool, bool] | None = None) -> str | None:
        """Why no confirmation text may be offered to `phone` (None when one may); `read`: the number's
        `text_offer_reads`, when they were read already (with the save's plan)."""
        rules = self._texting
        if rules is None:
            return "no text sender is configured"
        if reason := rules.refusal(phone):
            return reason
        opted_out, texted = read or await self._store.text_offer_reads(phone, rules.per_number_since())
        if opted_out:
            return "the number opted out of texts"
        return TEXTED_RECENTLY if texted else None

    @staticmethod
    def _end(ctx: BrainContext) -> ToolOutcome:
        """Ending before a save needs the person to have said they are leaving."""
        if ctx.state.entry_id is None and not said_leaving(ctx):
            return ToolOutcome(
                {
                    "ok": False,
                    "error": "The person has not said they are leaving; nothing is saved yet.",
                    "instruction": "Do not end. Carry on with the signup: ask for the next missing detail.",
                }
            )
        ctx.state.ended = True
        return ToolOutcome({"ok": True})

    async def _confirm(self, ctx: BrainContext) -> ToolOutcome:
        state = ctx.state
        if state.entry_id is None or not state.saved_fields:
            return ToolOutcome({"ok": False, "error": "Save the waitlist entry first."})
        if state.sms != SmsOffer.ACCEPTED and not said_yes_after_save(ctx):
            return ToolOutcome(
                {
                    "ok": False,
                    "error": "The person has not said yes to a confirmation text; nothing was sent.",
                    "instruction": "Ask whether they would like a confirmation text.",
                }
            )
        if state.sms == SmsOffer.ACCEPTED:
            return ToolOutcome({"ok": True, "already_requested": True})
        phone = state.saved_fields["phone"]
        rules = self._texting
        # A signup that only repeated a listed entry not proven theirs wrote nothing: its holder asked for
        # no text. Refused in the words of every other refusal, after the "yes" like a texted number's.
        unowned = not state.entry_owned
        refusal = "" if state.sms == SmsOffer.UNAVAILABLE or unowned else await self._text_refusal(phone)
        sender_capped = False
        if refusal is None and rules is not None:
            refusal, write = await self._accept_text(state.entry_id, phone, rules)
            # The sender's allowance counts only a text the caps accepted: one they refused never went.
            if write is not None:
                sender_capped = not await self._sender_may_text(state.entry_id, phone, state)
                if sender_capped:
                    refusal = SENDER_CAP_REACHED
                else:
                    self._plan_text(write)
            if refusal == HOURLY_CAP_REACHED:
                log_event(
                    "confirmation_sms_capped", logging.WARNING, cap=rules.hourly_cap, entry=state.entry_id
                )
        # Found texted recently: joined if the entry's text was accepted since this conversation began.
        if refusal == TEXTED_RECENTLY and await self._accepted_by_a_lost_turn(state.entry_id, phone):
            state.sms = SmsOffer.ACCEPTED  # this "yes" again: the text it accepted is on its way
            return ToolOutcome({"ok": True, "to": phone}, [ConfirmationRequested(state.entry_id, phone)])
        if refusal is not None:
            state.sms = SmsOffer.UNAVAILABLE
            return ToolOutcome(
                {
                    "ok": False,
                    "error": (
                        "No confirmation text can be sent just now; nothing was sent."
                        if sender_capped
                        else "No confirmation text can be sent to this number; nothing was sent."
                    ),
                    "instruction": "Tell them they are on the list, that no text will come, and say goodbye.",
                }
            )
        state.sms = SmsOffer.ACCEPTED
        return ToolOutcome({"ok": True, "to": phone}, [ConfirmationRequested(state.entry_id, phone)])

    async def _accepted_by_a_lost_turn(self, entry_id: int, phone: str) -> bool:
        """Whether the entry's text was accepted since this conversation began although it never recorded
        the "yes" (`Store.accepted_during`): the text is on its way, so this "yes" is told so, not "I
        wasn't able to send the text"; nothing is counted again. Read only on that refusal, never on an
        ordinary turn. (Acceptances are written with their turns now, so a lost turn leaves none.)"""
        if not self._conversation_id:
            return False
        try:
            return await self._store.accepted_during(entry_id, phone, self._conversation_id)
        except StoreUnavailable:
            return False

    async def _sender_may_text(self, entry_id: int, phone: str, state: ConversationState) -> bool:
        """Whether the channel's cap on this sender's texts (`TextAllowance`) allows one more to `phone`,
        counting it: the turn's own allowance (the web chat's), else the one of the number the person
        writes or calls from (`SenderAllowances`, told whether it is proven theirs), looked up only here,
        never on an ordinary turn.

        Asked only once the number's own rules allow a text: a refusal here says nothing about the
        number, so the person hears the same "no text, but you're on the list" whatever number they typed."""
        allowance = self._allowance
        if allowance is None and self._senders is not None:
            allowance = self._senders(self._channel, state.caller_number, proven=state.caller_proven)
        if allowance is None:
            return True
        taken_at = utcnow()
        taken = await allowance.take(phone)
        if taken is Taken.COUNTED:
            self._spent = (allowance, phone, taken_at)
        if taken:
            return True
        log_event("confirmation_sms_capped", logging.WARNING, cap="sender", entry=entry_id)
        return False

    def written(self) -> None:
        """The turn was written: the text its allowance counted was accepted, and stays counted."""
        self._spent = None

    async def give_back(self) -> None:
        """The turn lost (another writer came first, its write failed): return the text its allowance
        counted, which was never accepted, so the next person at that address or number is not told "no
        text" by an allowance spent on nothing. A rerun of the turn counts it again if it accepts it.

        Kept spent when a text to the number was accepted since it was counted: a "yes" to the same
        number from the same sender (another tab, the same conversation's second "yes" in another
        process) passes the allowance uncounted on this count (`Limiter.take_once`), and given back, that
        text would go uncounted: two racing "yes"es per number would walk past the allowance."""
        spent, self._spent = self._spent, None
        if spent is None:
            return
        allowance, phone, taken_at = spent
        try:
            if not await self._store.texted_since(phone, taken_at):
                await allowance.give_back(phone)
        except Unavailable:
            log_event("text_allowance_not_given_back", logging.WARNING)

    async def _accept_text(
        self, entry_id: int, phone: str, rules: TextingRules
    ) -> tuple[str | None, EntryWrite | TextWrite | None]:
        """Whether the caps allow the confirmation text: (why not, None), (None, None) when the entry's text
        is queued already (this "yes" joins it), or (None, the write that accepts it).

        Nothing is written here: the acceptance is written with the turn that heard the "yes" (with the
        entry it creates or updates, else as `text_write`, once `_plan_text` planned it), so a turn that
        loses (another tab's "no" written first in another process, a failed write, a crash) has accepted
        no text, and its retry decides again. The caps are read now; the per-number window holds again in
        the write (`NumberTextedMeanwhile`: the turn runs again), the hour's cap where the text is claimed.
        """
        since, hour_ago = rules.per_number_since(), rules.hour_ago()
        write = self.entry_write
        if write is None or not write.new or write.id != entry_id:
            decision = await self._store.text_decision(
                entry_id, phone, since=since, hour_ago=hour_ago, hourly_cap=rules.hourly_cap
            )
            if decision is not None:  # queued already (joined), or refused
                return _TEXT_REFUSALS[decision], None
            if write is not None and write.id == entry_id:
                return None, replace(write, text_requested=True, text_since=since)
            return None, TextWrite(entry_id, phone, since)
        refusal = await self._store.text_caps_refusal(
            phone, since=since, hour_ago=hour_ago, hourly_cap=rules.hourly_cap
        )
        return refusal, None if refusal is not None else replace(write, text_requested=True, text_since=since)

    def _plan_text(self, write: EntryWrite | TextWrite) -> None:
        """Have the turn's write accept the text (`_accept_text`'s plan), once the sender's allowance let it."""
        if isinstance(write, TextWrite):
            self.text_write = write
        else:
            self.entry_write = write
