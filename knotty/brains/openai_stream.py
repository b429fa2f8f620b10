"""The OpenAI brain, streaming: same request, same prompt and tools, text handed on token by token.

When the running turn has a `TokenSink` (see `knotty.streaming`), the step is asked with
`stream=True`; text deltas go to the sink as they arrive, tool-call fragments are assembled, and the
agent receives the same `BrainStep` as from the plain brain. Text reaches the sink only once the
reply guard has passed it (`_Held`), a clause at a time. When the person interrupts, the stream is
closed at once and the step returns what was said until then. Without a sink it is the plain brain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import openai

from knotty.brains.base import BrainContext, BrainError, BrainStep, ToolCall
from knotty.brains.openai import (
    MAX_REPLY_TOKENS,
    OpenAIBrain,
    _arguments,
    as_plain_text,
    build_messages,
    model_error,
    tool_params,
)
from knotty.reply_guard import ReplyRejected, check_reply, claims_signup, claims_text_sent, farewell_at
from knotty.reply_repeat import MaySayAgain, says_again
from knotty.streaming import TokenSink, current_sink
from knotty.tool_grounding import said_leaving
from knotty.tools import SAVE_WAITLIST_ENTRY, SEND_CONFIRMATION_SMS

__all__ = ["INTERRUPTED_REPLY", "StreamingOpenAIBrain"]

INTERRUPTED_REPLY = "(interrupted)"
"""Stored as Knotty's line when the person cut in before a single word was produced."""


@dataclass
class _PartialCall:
    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)


class StreamingOpenAIBrain(OpenAIBrain):
    """An `OpenAIBrain` that streams its text to the turn's sink, if there is one."""

    async def step(self, ctx: BrainContext) -> BrainStep:
        sink = current_sink()
        if sink is None:
            return await super().step(ctx)
        try:
            return await self._stream_step(ctx, sink)
        except openai.OpenAIError as exc:
            raise model_error(exc) from exc

    async def _stream_step(self, ctx: BrainContext, sink: TokenSink) -> BrainStep:
        text: list[str] = []
        held = _Held(ctx)
        calls: dict[int, _PartialCall] = {}
        stream = await self._client.chat.completions.create(
            model=self.model,
            messages=build_messages(ctx),
            tools=tool_params(),
            tool_choice="auto",
            temperature=0.3,
            max_tokens=MAX_REPLY_TOKENS,
            stream=True,
        )
        try:
            async for chunk in stream:
                if sink.cancelled:
                    break
                for choice in chunk.choices or []:
                    _collect(choice.delta, text, calls)
                    if choice.delta is not None and choice.delta.content:
                        for sentence in held.add(choice.delta.content):
                            await sink.token(as_plain_text(sentence))
            if not sink.cancelled and (rest := held.rest(whole=not calls)):
                await sink.token(as_plain_text(rest))
        finally:
            await stream.close()
        said = as_plain_text("".join(text)).strip()
        if sink.cancelled:
            # The person cut in: what they heard (at most) is the text so far; no tool runs.
            return BrainStep(text=said or INTERRUPTED_REPLY)
        tool_calls = tuple(
            ToolCall(id=c.id or f"call_{i}", name=c.name, arguments=_arguments("".join(c.arguments)))
            for i, c in sorted(calls.items())
            if c.name
        )
        await sink.step_done()
        if not said and not tool_calls:
            raise BrainError("model returned neither text nor tool calls")
        return BrainStep(text=said or None, tool_calls=tool_calls)


_PAUSE = re.compile(r"[.!?,;:](?=\s)|\n")
HOLD_CHARS = 48
"""Text is let out at most this far behind the model: long enough to hold a whole claim or tag."""


class _Held:
    """Lets streamed text out only once the reply so far passes the reply guard.

    Text is released at each pause (end of a sentence or clause) and otherwise `HOLD_CHARS` behind
    the model, and the whole step's text is checked before each release: tool syntax, prompt text or
    a false claim stops the step (`ReplyRejected`) before the person hears it, and the offline brain
    answers instead.

    A farewell is a goodbye only if the reply asks nothing (`says_goodbye`), which is known once it
    ends: said to someone staying with nothing saved, it would be refused (`goodbye_before_save`,
    `Agent._answer`) after the caller heard it. So while nothing is saved and the person is not
    leaving, a farewell and what follows it are held until a question mark lets them out or the step
    ends (then the step is refused, none of the farewell spoken). The words before it stream as usual.

    A save (or a text) done in this turn is written with the turn, once it is over, and that write can
    fail. Once the step's words claim the signup or the text (`claims_signup`, `claims_text_sent`),
    nothing more of it is let out: the channel sends the rest after the turn was written
    (`unwritten`), so "you're on the list" is never said of an entry the database does not hold.
    """

    def __init__(self, ctx: BrainContext) -> None:
        self._ctx = ctx
        self._said = ctx.user_texts()
        self._text = ""
        self._out = 0
        self._may_leave: bool | None = None
        self._unwritten = _done_in_turn(ctx)
        """This turn's save or text, not written until the turn is: claims of it wait for the write."""
        self._claimed = False
        self._again = MaySayAgain(ctx.history) if _opens_reply(ctx) else None
        """The earlier lines this reply may still be saying again (None: it cannot be one)."""

    def add(self, piece: str) -> list[str]:
        self._text += piece
        self._check()
        cut = self._out
        for match in _PAUSE.finditer(self._text, self._out):
            cut = match.end()
        behind = self._text.rfind(" ", self._out, max(self._out, len(self._text) - HOLD_CHARS))
        cut = max(cut, behind + 1 if behind >= 0 else cut)
        cut = max(min(cut, self._goodbye_from()), self._out)
        if self._claims_unwritten() or (self._again is not None and self._again.still(self._text)):
            cut = self._out
        ready, self._out = self._text[self._out : cut], max(cut, self._out)
        return [ready] if ready else []

    def rest(self, *, whole: bool = True) -> str:
        """What is held, at the step's end; `whole`: the step called no tool, its text is the reply."""
        self._check()
        if self._goodbye_from() < len(self._text):
            raise ReplyRejected("goodbye_before_save")
        if (
            whole
            and self._again is not None
            and says_again(self._text, self._ctx.history, near=self._out == 0)
        ):
            raise ReplyRejected("says_again")  # held while it could be one: none of it was heard
        if self._claims_unwritten():
            return ""
        ready, self._out = self._text[self._out :], len(self._text)
        return ready

    def _claims_unwritten(self) -> bool:
        """The words claim this turn's save or text, which is written only once the turn is over."""
        if self._unwritten and not self._claimed:
            self._claimed = claims_signup(self._text) or claims_text_sent(self._text)
        return self._claimed

    def _goodbye_from(self) -> int:
        """Where a farewell not yet let out starts that would be refused if the reply asked nothing
        (the text's end when there is none)."""
        if "?" in self._text or (at := farewell_at(self._text, self._out)) < 0:
            return len(self._text)
        if self._may_leave is None:  # read once a step, and only when a farewell is written
            self._may_leave = self._ctx.state.entry_id is not None or said_leaving(self._ctx)
        return len(self._text) if self._may_leave else at

    def _check(self) -> None:
        if (
            self._text.strip()
            and (why := check_reply(self._text, self._ctx.state, said=self._said)) is not None
        ):
            raise ReplyRejected(why)


def _opens_reply(ctx: BrainContext) -> bool:
    """No step of this turn said anything yet: this step's text starts the reply (`Agent._think`)."""
    return not any(line.role == "assistant" and line.content for line in ctx.turn_lines)


def _done_in_turn(ctx: BrainContext) -> bool:
    """A save or a confirmation text went through in this turn (so far): it is written with the turn."""
    for line in ctx.turn_lines:
        if line.role == "tool" and line.payload:
            name, result = line.payload.get("name"), line.payload.get("result")
            if (
                name in (SAVE_WAITLIST_ENTRY, SEND_CONFIRMATION_SMS)
                and isinstance(result, dict)
                and result.get("ok")
            ):
                return True
    return False


def _collect(delta: Any, text: list[str], calls: dict[int, _PartialCall]) -> None:
    if delta is None:
        return
    if delta.content:
        text.append(delta.content)
    for frag in delta.tool_calls or []:
        call = calls.setdefault(frag.index, _PartialCall())
        if frag.id:
            call.id = frag.id
        if frag.function is not None:
            if frag.function.name:
                call.name = frag.function.name
            if frag.function.arguments:
                call.arguments.append(frag.function.arguments)
