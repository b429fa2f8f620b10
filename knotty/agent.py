"""The one channel-agnostic agent: a conversation and an utterance in, a reply and its effects out.

Every channel (phone call, SMS, web chat, terminal) calls `Agent.open` / `Agent.turn` / `Agent.close`.
The agent loads the conversation from the database, lets the brain think (falling back to the
offline brain when the model fails or runs out of time), runs the tools it asks for through
validation and grounding, and commits the turn atomically. A retried request with the same
idempotency key gets the stored answer instead of a second turn.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime
from typing import Any, TypeGuard

from knotty.brains.base import Brain, BrainContext, BrainError, BrainStep, ChatLine, Question, as_heard
from knotty.brains.scripted.transcript import infer_asking
from knotty.circuit import CircuitBreaker
from knotty.errors import AgentUnavailable, StaleConversation, Unavailable
from knotty.fallback import for_offline, hide_text, is_transport, refused_tools, why_failed
from knotty.fields.name import UNSEEN_LETTERS
from knotty.handoff import HandedOverToText, TextSender
from knotty.languages import spoken_runs
from knotty.locks import KeyedLocks
from knotty.logs import log_event
from knotty.notify import ConfirmationNotifier, NullNotifier
from knotty.phrases import (
    LAST_RESORT_REPLY,
    POST_SIGNUP_REPLY,
    TOO_LONG_REPLY,
    TOO_MANY_TURNS_REPLY,
    TOO_MANY_TURNS_SAVED_REPLY,
    is_pleasantry,
    web_chat_line,
)
from knotty.reply_drift import asks_nothing
from knotty.reply_guard import ReplyRejected, check_reply, note_reply, says_goodbye
from knotty.reply_repeat import says_again
from knotty.returning import note_listed_contacts
from knotty.seen import SeenTurns
from knotty.state import ConversationState, Modality, Stage, TextHandoff
from knotty.statuses import ConversationStatus
from knotty.store.handoffs import HandoffTexts
from knotty.store.models import SPENT_KEYS, Conversation, tombstone_turn
from knotty.store.repository import (
    EntryWrite,
    ListedLookup,
    Store,
    TextWrite,
    TurnSnapshot,
    Unwritten,
    idle_cutoff,
)
from knotty.streaming import current_sink
from knotty.texting import SenderAllowances, TextAllowance, TextingRules
from knotty.tool_grounding import said_leaving
from knotty.tools import ConfirmationRequested, Effect, ToolRunner
from knotty.watch import Watch

__all__ = [
    "MAX_TURNS",
    "MAX_UTTERANCE_CHARS",
    "Agent",
    "AgentUnavailable",
    "Inbound",
    "Standing",
    "TurnResult",
    "ending_status",
    "spoken",
]

MAX_UTTERANCE_CHARS = 1000
MAX_STEPS = 6
MAX_TURNS = 120
"""Turns of one conversation (the greeting counts): the next one ends it politely, whatever the brain. A
signup takes a dozen, a hard line a few dozen; without a bound a stranger answering at the read-back
for ever kept a call open and made each turn dearer (every turn reads the whole transcript, and the
model is sent it)."""
IDLE_HOURS = 24.0


@dataclass
class _Answer:
    """A turn's reply, which brain gave it, and the turn's lines each with the brain that produced it."""

    reply: str
    end: bool
    brain: Brain
    lines: list[tuple[ChatLine, str]]
    note: dict[str, Any] | None = None
    """On the reply line: why a guard stepped in and which brain's answer it replaced."""


OPEN_ATTEMPTS = 3
"""Reads of a conversation being opened while another process opens it too (`Agent.open`)."""


@dataclass(frozen=True)
class Inbound:
    """One thing a person did on a channel: said or typed `text` (empty for silence)."""

    channel: str
    """A label stored with the conversation and entry (`voice`, `sms`, `web`, `cli`); never branched on."""
    external_id: str
    """What identifies the conversation on the channel: CallSid, sender's number, web session."""
    text: str = ""
    modality: Modality = Modality.WRITTEN
    caller_number: str | None = None
    """The number the person reaches Knotty from, offered as "this number" (used only if they say so)."""
    caller_proven: bool = False
    """The channel vouches that the person holds `caller_number` (a signed SMS `From`; a caller ID only
    when the phone network attests it). Unproven, the number is still offered as "this number", but it
    is treated as typed: never looked up, never updating the entry that lists it, its texts counted."""
    idempotency_key: str | None = None
    """Same key, same answer: a retried webhook never advances the conversation twice."""
    retry_window_s: float | None = None
    """How long after its turn a retry under `idempotency_key` gets the stored answer (None: until the
    key is pruned). Later it is a replay of a captured request: it gets nothing said and changes nothing,
    since the stored answer can hold what the request did not (a read-back of all four fields)."""
    silence_limit: int | None = None
    """After this many silent turns in a row, say goodbye and end."""
    opt_out_number: str | None = None
    """A number whose opt-out (a texted STOP) means no turn and no reply: read with the turn (SMS)."""
    text_allowance: TextAllowance | None = None
    """The channel's cap on confirmation texts for whoever sent this (the web chat's per client address)."""
    heard: str | None = None
    """What of Knotty's last reply the person heard before they cut in, when a voice channel knows it
    was cut short (None: all of it). A yes said over a read-back confirms only what was heard."""
    one_session: bool = False
    """`external_id` names one session that never starts again (a call's CallSid): a turn arriving after
    its end was handled (held by "one moment" while the call's close landed) resumes its closed
    conversation rather than opening a new one (a sender's number starts afresh)."""
    new_only_by_open: bool = False
    """`external_id` starts a new conversation only through `open` (the web chat's "Start over", counted
    against its new-chat limit): a turn after the end starts nothing and is answered with the ended
    conversation as it stands (`TurnResult.ended_before`), not with a new conversation's greeting."""
    seen: SeenTurns | None = None
    """What the window the person wrote in showed of the conversation (a web chat tab): when the
    conversation has gone on since (another tab of it spoke), the message is not answered
    (`TurnResult.unseen`). None: the channel shows every turn as it comes."""


@dataclass(frozen=True)
class TurnResult:
    """What the channel needs to answer the person."""

    conversation_id: str
    reply: str
    done: bool
    stage: str
    brain: str
    entry_id: int | None = None
    effects: tuple[Any, ...] = field(default=())
    duplicate: bool = False
    silences: int = 0
    asking: str = ""
    """What the reply asks for, when the brain knows (`Question.asking`): a voice channel listens for it."""
    misses: int = 0
    """Answers to that question not understood so far."""
    parts: tuple[tuple[str, str], ...] = ()
    """On a call, when some of `reply` is not English: the reply in runs of one language each,
    `(language, text)` with a BCP-47 primary tag (`es`), so a voice channel can speak each run in a voice
    of its language. Empty when all of it is English (or in writing)."""
    turns: int = 0
    """Turns stored in the conversation with this one: a web tab that saw one fewer missed nothing (`web.chat`)."""
    ended_before: bool = False
    """The conversation had ended before this turn, which stored nothing (`Inbound.new_only_by_open`)."""
    unseen: bool = False
    """The conversation had gone on past what the person's window showed (`Inbound.seen`): nothing was
    stored or answered, and `turns` is what it holds now."""

    def to_record(self) -> dict[str, Any]:
        """JSON form stored for idempotent replays (effects are not replayed).

        Every other field is a plain value, so no deep copy (`asdict`) is needed. Only the result's own fields: a process still running the code before a deploy builds a
        `TurnResult` from every key, and one it does not know would fail the retry it answers.
        """
        data = {name: getattr(self, name) for name in _RESULT_FIELDS}
        data["effects"] = []
        return data

    @classmethod
    def from_record(
        cls, data: dict[str, Any], written_at: datetime | None = None, retry_window_s: float | None = None
    ) -> TurnResult:
        """A stored result, marked as a duplicate; more than `retry_window_s` after it was written
        (`written_at`, the store's), nothing said (a tombstone's answer: `Inbound.retry_window_s`)."""
        values = {name: value for name, value in data.items() if name in _RESULT_NAMES}
        if (
            retry_window_s is not None
            and written_at is not None
            and time.time() - written_at.timestamp() > retry_window_s
        ):
            log_event("turn_replay_refused", logging.WARNING, conversation=values.get("conversation_id"))
            values = tombstone_turn(SPENT_KEYS)
        return cls(**{**values, "effects": (), "duplicate": True})


@dataclass(frozen=True)
class Standing:
    """Where a channel's newest conversation stands, for a channel that must not reopen a finished one."""

    conversation_id: str
    active: bool
    """Still going (not completed, abandoned or expired)."""
    signed_up: bool
    """It saved a waitlist entry."""
    turns: int
    """Turns stored so far (the phone webhooks number their turns from it)."""
    last_turn_at: datetime
    """When its last turn was stored (UTC)."""


_RESULT_FIELDS = tuple(f.name for f in dataclass_fields(TurnResult))
_RESULT_NAMES = frozenset(_RESULT_FIELDS)
"""A stored record's keys that are read: one written by another version may carry more (the code of
2026-12-07 kept its time as `written_at` there)."""


class Agent:
    """Runs conversations: same prompt, tools and validation for every channel."""

    def __init__(
        self,
        store: Store,
        brain: Brain,
        fallback: Brain,
        notifier: ConfirmationNotifier | None = None,
        *,
        region: str = "US",
        budget_s: float = 6.0,
        breaker: CircuitBreaker | None = None,
        texting: TextingRules | None = None,
        handoff: TextSender | None = None,
        sender_texts: SenderAllowances | None = None,
        web_chat_host: str | None = None,
    ) -> None:
        self.store = store
        self.brain = brain
        self.fallback = fallback
        self.notifier = notifier or NullNotifier()
        self.region = region
        self.budget_s = budget_s
        self.breaker = breaker or CircuitBreaker()
        self.texting = texting or TextingRules()
        self.handoff = handoff
        """The channel that texts a caller so they can finish by typing (`knotty.handoff`); None: never offered."""
        self.web_chat_host = web_chat_host
        """Where a caller can sign up by typing instead (`Settings.web_chat_host`); None: not said."""
        self.sender_texts = sender_texts
        """The phone channels' cap on the texts each texting or calling number may ask for (set by the
        composition root on its shared counters); a turn's own `Inbound.text_allowance` comes first."""
        self._locks = KeyedLocks()

    # --- public API --------------------------------------------------------------------------

    def tool_runner(
        self, channel: str, conversation_id: str = "", allowance: TextAllowance | None = None
    ) -> ToolRunner:
        """The tools as this agent runs them: texts are offered only when a sender is configured."""
        texting = self.texting if self.notifier.can_send else None
        return ToolRunner(
            self.store,
            channel,
            texting,
            handoff=self.handoff,
            conversation_id=conversation_id,
            allowance=allowance,
            senders=self.sender_texts,
        )

    async def open(self, inbound: Inbound) -> TurnResult:
        """Start a conversation (Knotty greets first) or return where an open one stands.

        With an `idempotency_key` (a call's start), the greeting's result is kept under it, and a start
        already answered gets that result back: after an erasure, its tombstone (`knotty.store.erasure`),
        so a replayed start opens nothing for the erased caller."""
        async with self._locks.hold((inbound.channel, inbound.external_id)):
            for attempt in range(OPEN_ATTEMPTS):
                try:  # the start's stored answer is read with the conversation: no statement of its own
                    snap = await self.store.load_for_turn(
                        inbound.channel,
                        inbound.external_id,
                        inbound.idempotency_key,
                        phones=(_proven(inbound) or "",),
                    )
                    if snap.processed is not None:
                        return TurnResult.from_record(
                            snap.processed, snap.processed_at, inbound.retry_window_s
                        )
                    conv, state, history, listed, unwritten = await self._resume(
                        inbound, snap=snap, for_turn=True
                    )
                except (Unavailable, StaleConversation) as exc:
                    raise AgentUnavailable("could not open the conversation") from exc
                last = next((ln for ln in reversed(history) if ln.role == "assistant" and ln.content), None)
                if last is not None:
                    return self._result(conv, state, last.content, brain="history")
                try:
                    return await self._run_turn(
                        conv, state, history, inbound, opening=True, listed=listed, unwritten=unwritten
                    )
                except StaleConversation as exc:
                    # Another process opened the conversation first (a double-clicked "Start over" split
                    # over two workers: its new conversation, then its greeting, each written as this one
                    # read): read again, and answer with its greeting.
                    if attempt == OPEN_ATTEMPTS - 1:
                        raise AgentUnavailable("could not store the greeting") from exc
                except Unavailable as exc:
                    raise AgentUnavailable("could not store the greeting") from exc
        raise AssertionError("unreachable")  # pragma: no cover

    async def turn(self, inbound: Inbound) -> TurnResult:
        """Answer one utterance."""
        if (printable := _printable(inbound.text)) != inbound.text:
            inbound = replace(inbound, text=printable)  # frozen: a copy only when something was cut
        too_long = len(inbound.text) > MAX_UTTERANCE_CHARS
        if too_long and inbound.opt_out_number is None:
            return _too_long()
        async with self._locks.hold((inbound.channel, inbound.external_id)):
            for attempt in range(2):
                try:
                    snap = await self.store.load_for_turn(
                        inbound.channel,
                        inbound.external_id,
                        inbound.idempotency_key,
                        opt_out_number=inbound.opt_out_number,
                        phones=(_proven(inbound) or "",),  # `knotty.returning`
                    )
                    if snap.opted_out:  # the number said STOP: it gets nothing, not even an apology
                        return TurnResult(
                            conversation_id="", reply="", done=False, stage="", brain="opted_out"
                        )
                    if too_long:
                        return _too_long()
                    if snap.processed is not None:
                        return TurnResult.from_record(
                            snap.processed, snap.processed_at, inbound.retry_window_s
                        )
                    finished = self._answer_if_finished(snap.conversation, inbound)
                    if finished is not None:
                        return finished
                    ended = snap.conversation
                    if (
                        inbound.new_only_by_open
                        and ended is not None
                        and ended.status != ConversationStatus.ACTIVE
                    ):
                        return self._ended_before(ended)
                    if inbound.seen is not None and _went_on_unseen(snap.conversation, inbound.seen):
                        return self._unseen(snap.conversation)
                    conv, history, unwritten = await self._conversation_for(inbound, snap, for_turn=True)
                except (Unavailable, StaleConversation) as exc:
                    raise AgentUnavailable("could not load the conversation") from exc
                state = ConversationState.model_validate(conv.state)
                state.note_caller(inbound.caller_number, proven=inbound.caller_proven)
                try:
                    return await self._run_turn(
                        conv, state, history, inbound, opening=False, listed=snap.listed,
                        unwritten=unwritten,
                    )  # fmt: skip
                except StaleConversation:
                    if attempt:
                        raise AgentUnavailable(
                            "the conversation kept changing underneath this turn"
                        ) from None
                except Unavailable as exc:
                    raise AgentUnavailable("could not store the turn") from exc
        raise AssertionError("unreachable")  # pragma: no cover

    async def close(self, channel: str, external_id: str) -> str | None:
        """The person left (hung up, stream closed): mark the conversation completed or abandoned."""
        conv = await self.store.latest_conversation(channel, external_id)
        if conv is None or conv.status != ConversationStatus.ACTIVE:
            return conv.status if conv else None
        state = ConversationState.model_validate(conv.state)
        owed = self.handoff is not None and conv.channel != self.handoff.channel
        if state.text_handoff is TextHandoff.SENT and owed and self.handoff and state.proven_number:
            # Finished by text, but the move after its turn failed: move it now, don't close it.
            handed = HandedOverToText(self.handoff.channel, state.proven_number)
            if not await self._carry_on_by_text(conv.id, handed):
                raise AgentUnavailable("could not carry the conversation on by text")
            return "moved"
        status = ending_status(conv.entry_id)
        await self.store.set_status(conv.id, status)
        log_event("conversation_closed", channel=channel, conversation=conv.id, status=status)
        return status

    async def _carry_on_by_text(self, conversation_id: str, handed: HandedOverToText) -> bool:
        """Move a conversation whose call was finished by text onto the texting channel (tried twice)."""
        for attempt in range(2):
            try:
                moved = await HandoffTexts(self.store.engine).move(
                    conversation_id, handed.channel, handed.external_id
                )
                log_event("conversation_moved", conversation=conversation_id, to=handed.channel, moved=moved)
                return moved
            except Unavailable:  # the call's status callback tries again (`close`)
                log_event(
                    "conversation_move_failed", logging.WARNING, conversation=conversation_id, attempt=attempt
                )
        return False

    async def transcript(self, channel: str, external_id: str) -> list[ChatLine]:
        """What was said in the newest conversation, person and Knotty only."""
        conv = await self.store.latest_conversation(channel, external_id)
        if conv is None:
            return []
        return spoken(await self._history(conv))

    async def standing(self, channel: str, external_id: str) -> Standing | None:
        """Where the newest conversation on this channel stands, or None when there is none."""
        conv = await self.store.latest_conversation(channel, external_id)
        if conv is None:
            return None
        active = conv.status == ConversationStatus.ACTIVE
        return Standing(conv.id, active, conv.entry_id is not None, conv.turns, _aware(conv.updated_at))

    async def claim_once(self, key: str) -> bool:
        """Record a one-time event (a call's stream handshake) as handled; False when it already was."""
        return await self.store.claim_once(key)

    async def commit(
        self,
        conv: Conversation,
        state: ConversationState,
        messages: list[ChatLine],
        *,
        ended: bool,
        effects: Iterable[object] = (),
        entry: EntryWrite | None = None,
        processed_key: str | None = None,
        result: dict[str, Any] | None = None,
        unwritten: Unwritten | None = None,
        text_write: TextWrite | None = None,
    ) -> None:
        """Store one step of a conversation in one transaction, then act on what it asked for.

        Its lines, its state, the entry it saved, the confirmation text it accepted (`text_write`, or
        with the entry) and its status (active, or `ending_status` once it ended) are written together,
        and only then is the accepted text handed to the notifier.
        This is the one write path of a turn: the agent's own turns and a live model's
        (`knotty.live.LiveSession`) both go through it. Raises `StaleConversation` when another writer
        advanced the conversation first (nothing written, nothing sent). `unwritten`: the conversation
        is new and this first write creates it (`Store.conversation_for_turn`).
        """
        await self.store.commit_turn(
            conv,
            messages=messages,
            state=state.model_dump_json(),  # JSON text at once: a third of a dict dumped, then encoded
            stage=state.stage.value,
            status=ending_status(state.entry_id) if ended else ConversationStatus.ACTIVE,
            # Linked only to an entry it wrote or proved: a visitor typing a listed person's exact signup
            # wrote nothing, and the admin must not show their transcript as that person's.
            entry_id=state.entry_id if state.entry_owned else None,
            processed_key=processed_key,
            result=result or {},
            entry=entry,
            unwritten=unwritten,
            text_write=text_write,
        )
        for effect in effects:
            if isinstance(effect, ConfirmationRequested):
                await self.notifier.confirmation_requested(effect.entry_id)

    # --- the turn ----------------------------------------------------------------------------

    async def resume(self, inbound: Inbound) -> tuple[Conversation, ConversationState, list[ChatLine]]:
        """The sender's active conversation (or a new one), its state and its transcript.

        For channels whose replies come from elsewhere (a live speech model): they continue the
        same stored conversation every other channel and brain would.
        """
        conv, state, history, _listed, _unwritten = await self._resume(inbound)
        return conv, state, history

    async def _resume(
        self,
        inbound: Inbound,
        caller: str | None = None,
        *,
        for_turn: bool = False,
        snap: TurnSnapshot | None = None,
    ) -> tuple[Conversation, ConversationState, list[ChatLine], ListedLookup | None, Unwritten | None]:
        """`resume`, with whether `caller` is listed read in the same go (`knotty.returning`), or from
        `snap` when the caller read it already; `for_turn`: as `_conversation_for`."""
        if snap is None:
            snap = await self.store.load_for_turn(
                inbound.channel, inbound.external_id, phones=(caller or "",)
            )
        conv, history, unwritten = await self._conversation_for(inbound, snap, for_turn=for_turn)
        state = ConversationState.model_validate(conv.state)
        state.modality = inbound.modality
        state.note_caller(inbound.caller_number, proven=inbound.caller_proven)
        return conv, state, history, snap.listed, unwritten

    async def _conversation_for(
        self, inbound: Inbound, snap: TurnSnapshot, *, for_turn: bool = False
    ) -> tuple[Conversation, list[ChatLine], Unwritten | None]:
        """The sender's active conversation with its transcript, or a new one (closing an idle one).

        `for_turn`: the caller writes a turn next, which may create the new conversation itself
        (`Store.conversation_for_turn`: then it comes back unwritten, with its `Unwritten`)."""
        conv = snap.conversation
        if (
            conv is not None
            and conv.status == ConversationStatus.ACTIVE
            and _aware(conv.updated_at) >= _idle_cutoff()
        ):
            return conv, list(snap.history), None
        if (
            inbound.one_session
            and conv is not None
            and conv.status != ConversationStatus.ACTIVE
            and _aware(conv.updated_at) >= _idle_cutoff()
        ):  # a late turn of a call whose end was handled: its turn's write keeps the conversation closed
            log_event("conversation_resumed_late", channel=inbound.channel, conversation=conv.id)
            return conv, await self._history(conv), None
        idle = conv.id if conv is not None and conv.status == ConversationStatus.ACTIVE else None
        state = ConversationState(modality=inbound.modality)
        state.note_caller(inbound.caller_number, proven=inbound.caller_proven)
        args = (inbound.channel, inbound.external_id, state.model_dump(mode="json"))
        if for_turn:
            new, unwritten = await self.store.conversation_for_turn(*args, abandon_id=idle)
            return new, [], unwritten
        return await self.store.create_conversation(*args, abandon_id=idle), [], None

    def _answer_if_finished(self, conv: Conversation | None, inbound: Inbound) -> TurnResult | None:
        """A "thanks" after a completed signup gets a courteous reply instead of a new signup."""
        if conv is None or conv.status != ConversationStatus.COMPLETED:
            return None
        if _aware(conv.updated_at) < _idle_cutoff() or not is_pleasantry(inbound.text):
            return None
        state = ConversationState.model_validate(conv.state)
        return self._result(conv, state, POST_SIGNUP_REPLY, brain="agent", done=True)

    def _ended_before(self, conv: Conversation) -> TurnResult:
        """The ended conversation as it stands, for a turn that came after its end and starts nothing."""
        state = ConversationState.model_validate(conv.state)
        return replace(self._result(conv, state, "", brain="ended", done=True), ended_before=True)

    def _unseen(self, conv: Conversation) -> TurnResult:
        """The conversation as it stands, for a message written against a question it no longer asks."""
        state = ConversationState.model_validate(conv.state)
        log_event("turn_unseen", channel=conv.channel, conversation=conv.id, turns=conv.turns)
        return replace(self._result(conv, state, "", brain="unseen"), unseen=True)

    async def _history(self, conv: Conversation) -> list[ChatLine]:
        return [ChatLine.stored(m.role, m.content, m.payload) for m in await self.store.history(conv.id)]

    async def _run_turn(
        self,
        conv: Conversation,
        state: ConversationState,
        history: list[ChatLine],
        inbound: Inbound,
        *,
        opening: bool,
        listed: ListedLookup | None = None,
        unwritten: Unwritten | None = None,
    ) -> TurnResult:
        started = time.perf_counter()
        text = inbound.text.strip()
        if inbound.heard is not None:
            history = as_heard(history, inbound.heard)
        ctx = BrainContext(
            history=history,
            user_text=text,
            state=state,
            region=self.region,
            opening=opening,
            silence_limit=inbound.silence_limit,
            heard=inbound.heard,
            web_chat_host=self.web_chat_host,
        )
        if not opening:
            ctx.turn_lines.append(ChatLine("user", text))
            state.silences = 0 if text else state.silences + 1
        await note_listed_contacts(self.store, state, read=listed)  # a returning person: issue 11
        runner = self.tool_runner(conv.channel, conv.id, inbound.text_allowance)
        try:
            return await self._answer_and_commit(
                conv, state, history, inbound, ctx, runner, unwritten, started
            )
        except BaseException:
            await runner.give_back()  # unwritten, it accepted nothing: its text allowance is returned
            raise

    async def _answer_and_commit(
        self,
        conv: Conversation,
        state: ConversationState,
        history: list[ChatLine],
        inbound: Inbound,
        ctx: BrainContext,
        runner: ToolRunner,
        unwritten: Unwritten | None,
        started: float,
    ) -> TurnResult:
        """The rest of `_run_turn`: the brain's answer, written with what its tools decided."""
        opening = ctx.opening
        effects: list[Effect] = []
        gave_up = bool(inbound.silence_limit and state.silences >= inbound.silence_limit)
        if not opening and conv.turns >= MAX_TURNS:
            turn = self._enough_turns(conv, ctx)
        else:
            turn = await self._answer(conv, ctx, runner, effects, gave_up=gave_up, history=history)
        reply, end, brain = turn.reply, turn.end, turn.brain
        handed = _handed_over(conv, state, effects)
        done = end or state.ended or gave_up or handed is not None
        if done and handed is None:
            state.ended = True
            state.stage = Stage.DONE if state.entry_id is not None else state.stage
        ended = done and handed is None  # a call finished by text ends; its conversation goes on by text
        question = None if done else brain.question(state)
        if question is None and not done and not brain.tells_questions:
            question = _read_back_asked(reply, state)
        result = self._result(
            conv, state, reply, brain=brain.name, done=done, effects=tuple(effects), question=question,
            turns=conv.turns + 1,
        )  # fmt: skip
        messages = [ln if ln.brain == owner else replace(ln, brain=owner) for ln, owner in turn.lines]
        if reply:
            messages.append(ChatLine("assistant", reply, turn.note, brain.name))
        await self.commit(
            conv,
            state,
            messages,
            ended=ended,
            effects=effects,
            entry=runner.entry_write,
            text_write=runner.text_write,
            processed_key=inbound.idempotency_key,
            result=result.to_record(),
            unwritten=unwritten,
        )
        runner.written()  # its text's allowance stays spent: the text was accepted
        if handed is not None:
            await self._carry_on_by_text(conv.id, handed)
        log_event(
            "turn",
            channel=conv.channel,
            conversation=conv.id,
            stage=state.stage.value,
            brain=brain.name,
            done=done,
            latency_ms=round((time.perf_counter() - started) * 1000, 2),
        )
        return result

    def _enough_turns(self, conv: Conversation, ctx: BrainContext) -> _Answer:
        """The goodbye of a conversation at `MAX_TURNS`: saying what the database holds, no brain asked."""
        saved = ctx.state.entry_id is not None
        log_event("conversation_too_long", logging.WARNING, conversation=conv.id, turns=conv.turns)
        reply = TOO_MANY_TURNS_SAVED_REPLY if saved else TOO_MANY_TURNS_REPLY
        return _Answer(reply, True, self.fallback, [(ln, self.fallback.name) for ln in ctx.turn_lines])

    async def _answer(
        self,
        conv: Conversation,
        ctx: BrainContext,
        runner: ToolRunner,
        effects: list[Effect],
        *,
        gave_up: bool,
        history: list[ChatLine],
    ) -> _Answer:
        """The turn's reply: the model's when it answers well, the offline brain's otherwise.

        The model is skipped when the person went silent too long, when the offline brain has taken
        this conversation over, when a call's turn is the offer to finish by text or its answer
        (`Watch.offers_text`), or while the circuit breaker is open. Its reply is checked before it
        is sent (`reply_guard`); every failure is logged with its reason and counted by the breaker
        (endpoint trouble) and by the conversation's watcher (anything the model got wrong).
        """
        state = ctx.state
        n0 = len(ctx.turn_lines)
        if not self._guards_model:
            reply, end, brain = await self._offline_or_model(
                self.fallback if gave_up else self.brain, ctx, runner, effects
            )
            return _Answer(reply, end, brain, [(ln, brain.name) for ln in ctx.turn_lines])
        watch = Watch.of(state)
        skipped = "silence" if gave_up else ("takeover" if watch.takeover else None)
        if skipped is None and watch.offers_text(
            state, [*history, *ctx.turn_lines], region=ctx.region, caller_number=ctx.caller_number
        ):
            skipped = "text_offer"  # finishing a call by text is offered the offline brain's way (issue 11)
        if skipped is None and not self.breaker.allow():
            skipped = "circuit_open"
        if skipped is not None:
            if skipped != "silence":
                log_event("brain_fallback", conversation=conv.id, brain=self.brain.name, reason=skipped)
            reply, end, brain = await self._offline_or_model(self.fallback, ctx, runner, effects)
            note: dict[str, Any] | None = (
                None if skipped == "silence" else {"guard": skipped, "instead_of": self.brain.name}
            )
            return _Answer(reply, end, brain, [(ln, brain.name) for ln in ctx.turn_lines], note)

        failure: tuple[str, str | None] | None = None
        refused: set[str] = set()
        try:
            reply, end = await self._think(self.brain, ctx, runner, effects)
            refused = refused_tools(ctx.turn_lines[n0:])
            if (why := check_reply(reply, state, refused, ctx.user_texts())) is not None:
                raise ReplyRejected(why)
            if current_sink() is None and says_again(reply, history):
                raise ReplyRejected("says_again")  # a streamed reply was heard as it came: not refused after
            end = end or _takes_leave(reply, ctx)
            if not end and current_sink() is None and _drifts(reply, ctx):
                raise ReplyRejected("asks_nothing")
        except Exception as exc:  # noqa: BLE001 - keeps the turn alive: whatever failed, the offline brain answers (logged below)
            failure = why_failed(exc)
        if failure is None or not is_transport(failure[0]):
            self.breaker.success()
        else:
            self.breaker.failure(failure[0])

        if failure is None:
            note_reply(reply, state)  # the prompt's words it showed, for the next replies' check
            lines = [(ln, self.brain.name) for ln in ctx.turn_lines]
            answer = _Answer(reply, end, self.brain, lines)
        else:
            reason, detail = failure
            log_event(
                "brain_fallback",
                logging.WARNING,
                conversation=conv.id,
                brain=self.brain.name,
                reason=reason,
                detail=detail,
            )
            model_lines = [hide_text(ln) for ln in ctx.turn_lines[n0:]]
            ctx.turn_lines[n0:] = [for_offline(ln) for ln in model_lines]
            n1 = len(ctx.turn_lines)
            reply, end, brain = await self._offline_or_model(self.fallback, ctx, runner, effects)
            lines = [
                *((ln, brain.name) for ln in ctx.turn_lines[:n0]),
                *((ln, self.brain.name) for ln in model_lines),
                *((ln, brain.name) for ln in ctx.turn_lines[n1:]),
            ]
            note = {"guard": detail if reason == "bad_output" else reason, "instead_of": self.brain.name}
            answer = _Answer(reply, end, brain, lines, note)

        said = [*history, *(ln for ln, _ in answer.lines), ChatLine("assistant", answer.reply)]
        fields = watch.read(said, region=ctx.region, caller_number=ctx.caller_number)
        lost = failure[0] if failure else ("refused" if refused else _heard_lost(reply, end, ctx, history))
        was = watch.takeover
        if watch.judge(state, fields, lost) and not was:
            log_event(
                "model_takeover",
                logging.WARNING,
                conversation=conv.id,
                brain=self.brain.name,
                reason=watch.takeover,
            )
        watch.store(state)
        if self._tells_web_chat(answer, state, watch):
            answer = replace(answer, reply=f"{answer.reply} {web_chat_line(self.web_chat_host or '')}")
        return answer

    def _tells_web_chat(self, answer: _Answer, state: ConversationState, watch: Watch) -> bool:
        """Whether a call ending now, nothing saved, after a field was asked in vain as often as makes a
        text due (`Watch.unheard`), is told where to sign up by typing (`Settings.web_chat_host`), whatever the brain:
        the model's prompt does not know the address, and the offline brain's goodbye already says it."""
        host = self.web_chat_host
        return (
            bool(host)
            and (answer.end or state.ended)
            and state.modality is Modality.SPOKEN
            and state.entry_id is None
            and state.text_handoff is not TextHandoff.SENT
            and web_chat_line(host or "") not in answer.reply
            and watch.unheard()
        )

    @property
    def _guards_model(self) -> bool:
        """A model answers (not the offline brain standing in for itself): guard, watch and break."""
        return self.brain is not self.fallback and self.brain.name != self.fallback.name

    async def _offline_or_model(
        self,
        brain: Brain,
        ctx: BrainContext,
        runner: ToolRunner,
        effects: list[Effect],
    ) -> tuple[str, bool, Brain]:
        """`brain`'s answer; the offline brain's if it fails; a last-resort line if that fails too."""
        if brain is not self.fallback:
            try:
                return (*await self._think(brain, ctx, runner, effects), brain)
            except Exception as exc:  # noqa: BLE001 - keeps the turn alive: the offline brain answers instead
                log_event("brain_fallback", logging.WARNING, brain=brain.name, reason=why_failed(exc)[0])
        try:
            return (*await self._think(self.fallback, ctx, runner, effects), self.fallback)
        except Exception:  # keeps the turn alive: a bug here is logged, and the person asked again
            logging.getLogger("knotty").exception("offline brain failed")
            return LAST_RESORT_REPLY, False, self.fallback

    async def _think(
        self,
        brain: Brain,
        ctx: BrainContext,
        runner: ToolRunner,
        effects: list[Effect],
    ) -> tuple[str, bool]:
        """Step the brain until it answers with text, running the tools it calls in between."""
        # The offline brain has no deadline, also when it is the configured brain (its own instance):
        # it never waits, and a timeout around it cost a hundredth of a turn.
        offline = brain is self.fallback or not self._guards_model
        deadline = None if offline else time.monotonic() + self.budget_s
        said: list[str] = []
        for _ in range(MAX_STEPS):
            step = await self._step(brain, ctx, deadline)
            if step.text:
                said.append(step.text.strip())
            if not step.tool_calls:
                if not said:
                    raise BrainError("the brain answered with nothing to say")
                return " ".join(said), step.end
            calls = [{"id": c.id, "name": c.name, "arguments": c.arguments} for c in step.tool_calls]
            lines = [ChatLine("assistant", step.text or "", {"tool_calls": calls})]
            for call in step.tool_calls:
                outcome = await runner.run(call, ctx)
                effects.extend(outcome.effects)
                payload = {"tool_call_id": call.id, "name": call.name, "result": outcome.result}
                lines.append(ChatLine("tool", json.dumps(outcome.result), payload))
            # Added only once every call has its result, so the transcript never holds half a step.
            ctx.turn_lines.extend(lines)
        raise BrainError("the brain kept calling tools without answering")

    @staticmethod
    async def _step(brain: Brain, ctx: BrainContext, deadline: float | None) -> BrainStep:
        if deadline is None:
            return await brain.step(ctx)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise BrainError("turn budget spent", reason="timeout")
        async with asyncio.timeout(remaining):
            return await brain.step(ctx)

    @staticmethod
    def _result(
        conv: Conversation,
        state: ConversationState,
        reply: str,
        *,
        brain: str,
        done: bool = False,
        effects: tuple[Any, ...] = (),
        question: Question | None = None,
        turns: int | None = None,
    ) -> TurnResult:
        """The turn's result; with what its reply asks for (`question`), built once (a `replace` of a
        frozen result cost ~8 us a turn). `turns`: the conversation's stored turns once this one is
        (default: as loaded, for a result that stores nothing)."""
        return TurnResult(
            conversation_id=conv.id,
            reply=reply,
            done=done or state.ended,
            stage=state.stage.value,
            brain=brain,
            entry_id=state.entry_id,
            effects=effects,
            silences=state.silences,
            asking=question.asking if question is not None else "",
            misses=question.misses if question is not None else 0,
            turns=conv.turns if turns is None else turns,
            parts=spoken_runs(reply) if state.modality is Modality.SPOKEN else (),
        )


def _went_on_unseen(conv: Conversation | None, seen: SeenTurns) -> TypeGuard[Conversation]:
    """The turn would go on with `conv` (active, not idle), which holds more than the window showed."""
    if conv is None or conv.status != ConversationStatus.ACTIVE or _aware(conv.updated_at) < _idle_cutoff():
        return False  # a new conversation starts (or an ended one is answered as it stands): nothing missed
    return seen.missed(conv.id, conv.turns)


def _takes_leave(reply: str, ctx: BrainContext) -> bool:
    """Whether a model reply the guard passed ends the conversation though the model never called
    `end_conversation`: it says goodbye and asks nothing (`says_goodbye`). The person heard a goodbye, so
    the call hangs up and the chat closes (not silence, then another question), when a save is done or
    they said they are leaving, as the tool itself would allow (`ToolRunner._end`). Said to someone
    staying with nothing saved, it is refused (`goodbye_before_save`) and the offline brain carries on."""
    if not says_goodbye(reply):
        return False
    if ctx.state.entry_id is None and not said_leaving(ctx):
        raise ReplyRejected("goodbye_before_save")
    return True


def _drifts(reply: str, ctx: BrainContext) -> bool:
    """Whether a model reply before the save, to someone staying, names nothing of the sign-up
    (`asks_nothing`): small talk, or an answer to nothing asked. The offline brain answers that turn."""
    return ctx.state.entry_id is None and asks_nothing(reply) and not said_leaving(ctx)


def _heard_lost(reply: str, end: bool, ctx: BrainContext, history: Sequence[ChatLine]) -> str | None:
    """A streamed reply (a call's ConversationRelay) was heard as it came, so a drift or a line said
    again cannot be refused once whole; it is still a turn the model lost, counted as a strike so that
    the offline brain takes the call over after three of them instead of never (the person gives a
    field at each turn, so the call never stalls)."""
    if current_sink() is None or end:
        return None
    if _drifts(reply, ctx):
        return "heard_asks_nothing"
    return "heard_says_again" if says_again(reply, history) else None


def _read_back_asked(reply: str, state: ConversationState) -> Question | None:
    """On a call, a reply of a brain that does not say what it asks (a model's) which reads the details
    back and asks about them (`infer_asking`): the read-back, so that the channel keeps a yes said over
    it from confirming details the caller had not heard yet (`channels.voice_twiml.gather_read_back`)."""
    if state.modality is Modality.SPOKEN and reply and infer_asking(reply) == "confirm":
        return Question("confirm")
    return None


def _proven(inbound: Inbound) -> str | None:
    """The number `inbound` proves the person holds (`Inbound.caller_proven`), the only one looked up."""
    return inbound.caller_number if inbound.caller_proven else None


def _too_long() -> TurnResult:
    return TurnResult(conversation_id="", reply=TOO_LONG_REPLY, done=False, stage="", brain="guard")


_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    + UNSEEN_LETTERS
    + "]"
)
"""Control characters (PostgreSQL refuses NUL), invisible format marks (a zero-width space, direction
marks and isolates pasted with a name split it in two) and letters that show nothing (`UNSEEN_LETTERS`:
a Hangul filler); the joiners that shape scripts and emoji stay."""


def _printable(text: str) -> str:
    """The utterance as one spelling of what the person sees: without what nobody means to type, and in
    composed form ("a" + U+0301 is "á"), so a name typed on a keyboard that decomposes accents is
    saved, compared and found as the same name."""
    text = _INVISIBLE.sub("", text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _handed_over(
    conv: Conversation, state: ConversationState, effects: list[Effect]
) -> HandedOverToText | None:
    """This turn's handoff to text, if any, noted in the state: the call's channel among
    `earlier_channels`, and written from now on (the person reads Knotty)."""
    handed = next((e for e in effects if isinstance(e, HandedOverToText)), None)
    if handed is not None:
        state.earlier_channels.append(conv.channel)
        state.modality = Modality.WRITTEN
    return handed


def _idle_cutoff() -> datetime:
    return idle_cutoff(IDLE_HOURS)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive timestamps; every one Knotty writes is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def ending_status(entry_id: int | None) -> ConversationStatus:
    """How an ended conversation is recorded: completed when it saved an entry, abandoned otherwise."""
    return ConversationStatus.ended(entry_id)


def spoken(lines: Iterable[ChatLine]) -> list[ChatLine]:
    """What the person and Knotty said, without the tool calls and their results."""
    return [ln for ln in lines if ln.role in ("user", "assistant") and ln.content]
