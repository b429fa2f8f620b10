"""The brain seam: what every brain (OpenAI, offline) is given and what it answers.

A brain never touches storage. It answers a step: either text for the person, or tool calls the
agent validates and executes, after which the brain is asked again with the results.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from typing import Any

from knotty.errors import BrainError
from knotty.state import ConversationState, Modality
from knotty.transcript import ChatLine

__all__ = ["Brain", "BrainContext", "BrainError", "BrainStep", "ChatLine", "Question", "ToolCall", "as_heard"]


@dataclass(frozen=True)
class ToolCall:
    """A request from a brain to run one of the agent's tools."""

    id: str
    name: str
    arguments: dict[str, Any]


def as_heard(history: list[ChatLine], heard: str) -> list[ChatLine]:
    """`history` with its last assistant reply cut to what the person `heard` before they cut in: a
    model, and the save's check that the details were read back (`knotty.tool_grounding`), must not
    count words the person never heard. A copy; the stored line is left as it was said."""
    for i in range(len(history) - 1, -1, -1):
        line = history[i]
        if line.role == "assistant" and line.content:
            if " ".join(heard.split()) == " ".join(line.content.split()):
                return history
            return [*history[:i], replace(line, content=heard.strip()), *history[i + 1 :]]
    return history


@dataclass
class BrainContext:
    """Everything a brain may look at to answer one step of one turn."""

    history: list[ChatLine]
    """The transcript before this turn."""
    user_text: str
    """This turn's utterance ("" for silence or when the conversation is just opening)."""
    state: ConversationState
    turn_lines: list[ChatLine] = field(default_factory=list)
    """Lines added during this turn so far: the user's line, then tool calls and their results."""
    region: str = "US"
    opening: bool = False
    """True when the conversation opens with no utterance: the brain greets."""
    silence_limit: int | None = None
    """When `state.silences` reaches this, the brain says goodbye and ends."""
    heard: str | None = None
    """What of the last reply the person heard before cutting in (a voice channel that knows); None:
    all of it. `history` already ends with that reply as heard (`as_heard`)."""
    web_chat_host: str | None = None
    """Where the person can sign up by typing instead (the web chat's host), when the deployment has one."""

    @property
    def modality(self) -> Modality:
        """Spoken or written channel (never which channel)."""
        return self.state.modality

    @property
    def caller_number(self) -> str | None:
        """The number the person calls or texts from, if the channel knows it."""
        return self.state.caller_number

    @property
    def proven_number(self) -> str | None:
        """`caller_number` when the channel proves the person holds it (`ConversationState.proven_number`)."""
        return self.state.proven_number

    def user_texts(self) -> list[str]:
        """Everything the person has said in this conversation, oldest first."""
        return [ln.content for ln in (*self.history, *self.turn_lines) if ln.role == "user" and ln.content]

    def tool_results(self) -> list[ChatLine]:
        """Results of tools run during this turn."""
        return [ln for ln in self.turn_lines if ln.role == "tool"]


@dataclass(frozen=True)
class BrainStep:
    """A brain's answer: text to say, tool calls to run, or both (text then tools)."""

    text: str | None = None
    tool_calls: tuple[ToolCall, ...] = ()
    end: bool = False
    """The brain considers the conversation finished after this text."""


@dataclass(frozen=True)
class Question:
    """The question a reply ends on: the field it asks for, and how many answers to it were missed."""

    asking: str
    """`full_name`, `last_name`, `phone`, `email`, `role`, `confirm`, `fix`, `sms`, or ""."""
    misses: int = 0


class Brain(ABC):
    """A way of deciding what Knotty says next."""

    name: str = "brain"
    tells_questions: bool = False
    """`question` says what every reply asks (None: nothing). A brain that does not (a model's) has its
    read-back told by what it reads (`knotty.agent`), so that a call can split it."""

    @abstractmethod
    async def step(self, ctx: BrainContext) -> BrainStep:
        """Answer the next step of the turn described by `ctx`."""

    def question(self, state: ConversationState) -> Question | None:
        """What this brain's last reply asked for, when it knows (a voice channel listens accordingly)."""
        return None

    async def aclose(self) -> None:  # noqa: B027 - optional hook
        """Release network clients, if any."""
