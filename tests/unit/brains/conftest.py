"""A small stand-in for the agent loop, to test the offline brain's decisions without a database.

`Talk` keeps a transcript and a conversation state the way the agent does, runs the brain's steps
until it answers with text, and answers its tool calls: saves succeed unless a test says otherwise
(they are checked by the real validation, not grounding), texts are "sent". End-to-end behaviour
with the real agent and database is in `tests/corpus/` and `test_scripted_agent.py`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from knotty.brains.base import BrainContext, BrainStep, ChatLine, ToolCall
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.signup import validate_signup
from knotty.state import ConversationState, Modality, SmsOffer, Stage

SaveHook = Callable[[dict[str, Any]], dict[str, Any] | None]


@dataclass
class Reply:
    """What Knotty answered to one turn."""

    text: str
    end: bool
    calls: list[ToolCall] = field(default_factory=list)

    def called(self, name: str) -> ToolCall | None:
        return next((c for c in self.calls if c.name == name), None)


@dataclass
class Talk:
    """One conversation with the offline brain."""

    modality: Modality = Modality.WRITTEN
    caller_number: str | None = None
    silence_limit: int | None = None
    save_hook: SaveHook | None = None
    """Returns a refusal result for a save, or None to let it succeed."""
    web_chat_host: str | None = None
    """Where the person can sign up by typing instead (`Settings.web_chat_host`)."""
    brain: ScriptedBrain = field(default_factory=ScriptedBrain)
    history: list[ChatLine] = field(default_factory=list)
    state: ConversationState = field(init=False)
    saves: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # The number the person calls or texts from is theirs (an attested caller ID, an SMS sender).
        self.state = ConversationState(
            modality=self.modality, caller_number=self.caller_number, caller_proven=True
        )

    async def open(self) -> Reply:
        return await self._turn(None)

    async def say(self, text: str) -> Reply:
        return await self._turn(text)

    async def _turn(self, text: str | None) -> Reply:
        ctx = BrainContext(
            history=list(self.history),
            user_text=text or "",
            state=self.state,
            opening=text is None,
            silence_limit=self.silence_limit,
            web_chat_host=self.web_chat_host,
        )
        if text is not None:
            ctx.turn_lines.append(ChatLine("user", text))
            self.state.silences = 0 if text else self.state.silences + 1
        said: list[str] = []
        calls: list[ToolCall] = []
        for _ in range(6):
            step: BrainStep = await self.brain.step(ctx)
            if step.text:
                said.append(step.text)
            if not step.tool_calls:
                break
            calls.extend(step.tool_calls)
            lines = [
                ChatLine("assistant", step.text or "", {"tool_calls": [c.__dict__ for c in step.tool_calls]})
            ]
            for call in step.tool_calls:
                result = self._run(call)
                lines.append(
                    ChatLine(
                        "tool",
                        json.dumps(result),
                        {"tool_call_id": call.id, "name": call.name, "result": result},
                    )
                )
            ctx.turn_lines.extend(lines)
        else:
            raise AssertionError("the brain kept calling tools")
        reply = " ".join(said)
        self.history.extend([*ctx.turn_lines, ChatLine("assistant", reply)])
        if step.end:
            self.state.ended = True
        return Reply(reply, step.end, calls)

    def _run(self, call: ToolCall) -> dict[str, Any]:
        if call.name == "save_waitlist_entry":
            self.saves.append(dict(call.arguments))
            refused = self.save_hook(call.arguments) if self.save_hook else None
            if refused is not None:
                return refused
            fields, errors = validate_signup(call.arguments)
            if fields is None:
                return {"ok": False, "errors": errors}
            self.state.entry_id, self.state.saved_fields, self.state.stage = 1, fields.as_dict(), Stage.SAVED
            return {"ok": True, "saved": fields.as_dict()}
        if call.name == "send_confirmation_sms":
            self.state.sms = SmsOffer.ACCEPTED
            return {"ok": True, "to": (self.state.saved_fields or {}).get("phone")}
        if call.name == "end_conversation":
            self.state.ended = True
            return {"ok": True}
        return {"ok": False, "error": "unknown tool"}


@pytest.fixture
def talk() -> Talk:
    """A written conversation (web chat) with no caller number."""
    return Talk()


@pytest.fixture
def call() -> Talk:
    """A phone call from +14155550100, hanging up after three silences."""
    return Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
