"""One line of a conversation's transcript: the one shape every part of Knotty passes a line around in.

Brains read the transcript and add their steps to it, the agent and the live session commit it, the
store reads it back for the next turn (its `messages` table is only how the lines are kept), and the
web chat draws the person's and Knotty's lines as bubbles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, cast, get_args

__all__ = ["ChatLine", "Role"]

Role = Literal["user", "assistant", "tool"]
"""Who a line is from: the person, Knotty, or a tool's result."""


@dataclass(frozen=True)
class ChatLine:
    """One transcript line."""

    role: Role
    content: str
    payload: dict[str, Any] | None = None
    """assistant: `{"tool_calls": [{"id","name","arguments"}]}`; tool: `{"tool_call_id","name","result"}`."""
    brain: str | None = None
    """The brain that produced the line, stored with it (`messages.brain`); not read back for a turn."""

    @classmethod
    def stored(cls, role: str, content: str, payload: dict[str, Any] | None) -> ChatLine:
        """A line as the store reads it back, its role a plain string there (anything else is a bug)."""
        if role not in _ROLES:
            raise ValueError(f"not a transcript role: {role!r}")
        return cls(cast(Role, role), content, payload)


_ROLES = frozenset(get_args(Role))
