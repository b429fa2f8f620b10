"""What a person had seen of their conversation when they wrote, for a channel with several windows on one.

Two tabs of one web chat share one conversation. A message means something only against the question
on its window: a "yes" typed in a tab still showing the read-back, after the other tab confirmed it,
would otherwise be taken as a yes to the confirmation text that tab never showed, and an answer to a
question already answered elsewhere would replace that answer unseen. A channel that knows what the
window showed says so (`Inbound.seen`); a conversation that has gone on since answers nothing to it
(`TurnResult.unseen`), and the channel shows what was missed for the person to answer again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

__all__ = ["SeenTurns", "conversation_tag"]


def conversation_tag(conversation_id: str) -> str:
    """A short digest of a conversation's id: a window can tell its conversation apart without holding its id."""
    return hashlib.blake2s(conversation_id.encode(), digest_size=5).hexdigest()


@dataclass(frozen=True)
class SeenTurns:
    """The turns stored in a conversation when a window last showed it, and which conversation
    (`conversation_tag`; "" for a window shown before its conversation existed: the one it then opens)."""

    turns: int
    tag: str = ""

    def missed(self, conversation_id: str, turns: int) -> bool:
        """The conversation, `turns` stored now, holds more than the window showed, or is another one."""
        return turns != self.turns or self.tag not in ("", conversation_tag(conversation_id))
