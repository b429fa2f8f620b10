"""Conversations driven by a remote, streaming model (a speech-to-speech model that talks on its own).

`Agent.turn` runs a brain step by step inside one request. A live model does not work that way: it
hears the person, talks, and asks for tools whenever it likes, over a connection the channel holds.
`LiveSession` gives such a channel the same core as every other one: the conversation is opened (or
resumed) from the database, what the person and Knotty say is appended to the stored transcript as
it becomes known, and every tool call goes through the core's `ToolRunner` (validation, grounding
against the person's own words, save) with a context built from that transcript. State is written
back after every change, so another process can continue the conversation (e.g. in `gather` mode)
at any moment with nothing lost.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from knotty.agent import spoken
from knotty.brains.base import BrainContext, ChatLine, ToolCall
from knotty.brains.scripted.transcript import infer_asking
from knotty.errors import LiveSessionUnavailable, StaleConversation, Unavailable
from knotty.logs import log_event
from knotty.reply_guard import check_reply, correction, farewell_at, note_reply, says_goodbye
from knotty.state import ConversationState, Stage
from knotty.tool_grounding import said_leaving

if TYPE_CHECKING:
    from knotty.agent import Agent, Inbound
    from knotty.store.models import Conversation
    from knotty.store.repository import EntryWrite, TextWrite
    from knotty.tools import ToolRunner

__all__ = ["LiveSession", "LiveSessionUnavailable"]


class LiveSession:
    """One conversation whose replies come from a live model; every write goes through the core."""

    def __init__(
        self, agent: Agent, conv: Conversation, state: ConversationState, history: list[ChatLine], brain: str
    ) -> None:
        self._agent = agent
        self._conv = conv
        self._state = state
        self._history = history
        self._brain = brain
        self._write = asyncio.Lock()
        self._stored: ConversationState | None = None
        self._heard: dict[str, str] = {}
        """Lines of Knotty's the caller cut off, and what of each they heard (`heard_only`)."""
        """While a tool's change is being written, the state as stored: what the caller may be told."""

    @classmethod
    async def open(cls, agent: Agent, inbound: Inbound, *, brain: str = "realtime") -> LiveSession:
        """Resume the person's active conversation on this channel, or start one."""
        try:
            conv, state, history = await agent.resume(inbound)
        except (Unavailable, StaleConversation) as exc:
            raise LiveSessionUnavailable("could not open the conversation") from exc
        log_event("live_session_opened", channel=inbound.channel, conversation=conv.id, brain=brain)
        return cls(agent, conv, state, history, brain)

    # --- what the channel reads --------------------------------------------------------------

    @property
    def conversation_id(self) -> str:
        """The stored conversation's id."""
        return self._conv.id

    @property
    def state(self) -> ConversationState:
        """The conversation's shared facts (read-only for the channel)."""
        return self._state

    @property
    def ended(self) -> bool:
        """Knotty has said goodbye (the model called `end_conversation`)."""
        return self._state.ended

    @property
    def entry_id(self) -> int | None:
        """The saved waitlist entry, once there is one."""
        return self._state.entry_id

    @staticmethod
    def asked_in(line: str) -> str:
        """What a line the model said asks for, from its last question (`full_name`, `phone`, `email`,
        `role`, `confirm` when it reads the details back, `sms`), or "" when it asks none of them: a
        voice channel reads the caller's keys by it, as it does by `TurnResult.asking`."""
        return infer_asking(line)

    def check_words(self, text: str) -> str | None:
        """Why the model's words so far must not reach the caller (`check_reply` against the
        conversation's state as stored), or None when they may: a voice channel holds the model's audio
        to it. While a save is being written, its entry is not yet one to speak of: the write may fail."""
        return check_reply(text, self._stored or self._state)

    def may_take_leave(self, caller_said: str = "", *, pending: bool = False) -> bool:
        """Whether a farewell in the model's words would end the call rather than be refused, as on every
        channel (`Agent._answer`): a save is done, or the caller's latest words (`caller_said`, when they
        are not stored yet: transcripts come late) say they are leaving. `pending`: their latest words are
        still being transcribed, so only a save (or an end) is known to allow it."""
        state = self._stored or self._state
        if state.entry_id is not None or state.ended:
            return True
        if pending:
            return False
        history = [*self._history, ChatLine("user", caller_said)] if caller_said.strip() else self._history
        ctx = BrainContext(history=history, user_text="", state=state, region=self._agent.region)
        return said_leaving(ctx)

    def farewell_held_from(
        self, text: str, start: int, caller_said: str = "", *, pending: bool = False
    ) -> int:
        """Where, in the model's words so far, a farewell begins that must be held back until it is
        known whether the line asks something (a goodbye said to a caller who is staying with nothing
        saved is refused), or -1 when nothing need be held: a voice channel holds its audio from there."""
        if "?" in text or (at := farewell_at(text, start)) < 0:
            return -1
        return -1 if self.may_take_leave(caller_said, pending=pending) else at

    def takes_leave(self, text: str, caller_said: str = "", *, pending: bool = False) -> str | None:
        """The model's whole line takes leave (a farewell that asks nothing, `says_goodbye`): "end" when the
        call should end once it has played, "goodbye_before_save" when it must not be heard; None when
        it is no goodbye."""
        if not says_goodbye(text):
            return None
        return "end" if self.may_take_leave(caller_said, pending=pending) else "goodbye_before_save"

    @staticmethod
    def correction(why: str) -> str:
        """What the model is told after its words were stopped for `why` (a `check_words` verdict)."""
        return correction(why)

    def note_words(self, text: str) -> None:
        """The model's whole line passed and was let out: remember the prompt's words it showed."""
        note_reply(text, self._state)

    def heard_only(self, line: str, heard: str) -> None:
        """The caller cut Knotty's `line` off having heard only `heard` of it: the tools read it so (a
        read-back cut before the email confirms no email), as the core cuts a line to `Inbound.heard`."""
        self._heard[line] = heard
        while len(self._heard) > 8:
            del self._heard[next(iter(self._heard))]

    def said_again(self, line: str) -> None:
        """Knotty says `line` once more: heard whole unless cut again (`heard_only`)."""
        self._heard.pop(line, None)

    def _as_heard(self) -> list[ChatLine]:
        if not self._heard:
            return list(self._history)
        return [
            replace(ln, content=self._heard[ln.content])
            if ln.role == "assistant" and ln.content in self._heard
            else ln
            for ln in self._history
        ]

    def transcript(self) -> list[ChatLine]:
        """What was said so far (person and Knotty only), e.g. to seed a reconnecting model."""
        return spoken(self._history)

    def context(self) -> BrainContext:
        """The context a brain would see now (for the prompt's channel note)."""
        return BrainContext(
            history=list(self._history), user_text="", state=self._state, region=self._agent.region
        )

    # --- what the channel reports ------------------------------------------------------------

    async def add_user_text(self, text: str) -> None:
        """Append what the person said (a transcription)."""
        text = text.strip()
        if text:
            self._state.silences = 0
            await self._commit([ChatLine("user", text)])

    async def end_after_silence(self) -> None:
        """The caller stayed silent too long: Knotty says goodbye and the conversation is over, as the
        agent ends a `<Gather>` call after `silence_limit` silent turns (an entry saved stays saved).
        Also the end of a call that reached `MAX_TURNS` (the bridge counts the caller's turns)."""
        await self.end_in_words()

    async def end_in_words(self) -> None:
        """Knotty took leave in words (`takes_leave` said "end"), or after a silence: the conversation is
        over, as `end_conversation` would have ended it (an entry saved stays saved)."""
        self._state.ended = True
        if self._state.entry_id is not None:
            self._state.stage = Stage.DONE
        await self._commit([])

    async def add_assistant_text(self, text: str) -> None:
        """Append what Knotty said (the model's transcript of its own audio)."""
        text = text.strip()
        if text:
            await self._commit([ChatLine("assistant", text)])

    async def run_tool(self, name: str, arguments: dict[str, Any] | str, call_id: str) -> dict[str, Any]:
        """Run one tool call through validation, grounding and storage; its result goes back to the model."""
        args = _arguments(arguments)
        ctx = BrainContext(
            history=self._as_heard(),
            user_text=next((ln.content for ln in reversed(self._history) if ln.role == "user"), ""),
            state=self._state,
            region=self._agent.region,
        )
        call = ToolCall(call_id, name, args)
        runner = self._agent.tool_runner(self._conv.channel)
        before = self._state.model_copy(deep=True)
        self._stored = before
        try:
            return await self._run_tool(runner, call, ctx, before)
        finally:
            self._stored = None

    async def _run_tool(
        self, runner: ToolRunner, call: ToolCall, ctx: BrainContext, before: ConversationState
    ) -> dict[str, Any]:
        name, args, call_id = call.name, call.arguments, call.id
        try:
            outcome = await runner.run(call, ctx)
        except Unavailable as exc:
            self._state = before
            logging.getLogger("knotty").exception("tool %s failed", name)
            raise LiveSessionUnavailable("the tool could not run") from exc
        lines = [
            ChatLine("assistant", "", {"tool_calls": [{"id": call_id, "name": name, "arguments": args}]}),
            ChatLine(
                "tool",
                json.dumps(outcome.result),
                {"tool_call_id": call_id, "name": name, "result": outcome.result},
            ),
        ]
        if self._state.ended and self._state.entry_id is not None:
            self._state.stage = Stage.DONE
        try:
            await self._commit(
                lines, entry=runner.entry_write, effects=outcome.effects, text_write=runner.text_write
            )
        except LiveSessionUnavailable:
            self._forget_unwritten(before)
            await runner.give_back()  # the text it accepted was never written
            raise
        log_event("live_tool", conversation=self._conv.id, tool=name, ok=bool(outcome.result.get("ok")))
        return outcome.result

    def _forget_unwritten(self, before: ConversationState) -> None:
        """A tool's write failed: go back to the state before it. The model is told nothing was saved;
        an entry id that was never written, kept, would let it send a text or say goodbye as if it had
        been, and would break every later write of the call (the conversation would point at it)."""
        self._state = before
        log_event("live_tool_unwritten", logging.WARNING, conversation=self._conv.id)

    async def close(self) -> str | None:
        """The call is over: mark the conversation completed (entry saved) or abandoned."""
        async with self._write:
            try:
                return await self._agent.close(self._conv.channel, self._conv.external_id)
            except Unavailable:  # closing is best effort; the idle expiry catches the rest
                logging.getLogger("knotty").exception("could not close conversation %s", self._conv.id)
                return None

    # --- storage -----------------------------------------------------------------------------

    async def _commit(
        self,
        lines: list[ChatLine],
        entry: EntryWrite | None = None,
        effects: Iterable[object] = (),
        text_write: TextWrite | None = None,
    ) -> None:
        """Append the lines through the agent's commit path (`Agent.commit`), as one of its turns."""
        async with self._write:
            messages = [replace(ln, brain=self._brain) for ln in lines]
            for attempt in range(2):
                try:
                    await self._agent.commit(
                        self._conv,
                        self._state,
                        messages,
                        ended=self._state.ended,
                        effects=effects,
                        entry=entry,
                        text_write=text_write,
                    )
                    break
                except StaleConversation:
                    # Another writer touched the row (an idle expiry, an admin); this session's
                    # view of the conversation is the live one, so take the new version and write again.
                    fresh = await self._reload() if not attempt else None
                    if fresh is None:
                        raise LiveSessionUnavailable(
                            "the conversation changed underneath the live session"
                        ) from None
                    self._conv = fresh
                except Unavailable as exc:
                    raise LiveSessionUnavailable("could not store the conversation") from exc
            self._history.extend(lines)

    async def _reload(self) -> Conversation | None:
        try:
            return await self._agent.store.get_conversation(self._conv.id)
        except Unavailable:  # the database is down: the caller of _commit reports it
            return None


def _arguments(raw: dict[str, Any] | str) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}
