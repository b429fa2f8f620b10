"""A caller's utterance as ConversationRelay sends it, in pieces, held in bounded memory.

Twilio may send an utterance as several `prompt` messages with `last: false` before the final one.
Whatever the stream sends, at most `MAX_PROMPT_CHARS` characters are kept: a peer sending endless
non-final prompts cannot grow the process's memory, and no person says more than that in one turn
(the agent would cut it to that length anyway).
"""

from __future__ import annotations

__all__ = ["MAX_PROMPT_CHARS", "PromptBuffer"]

MAX_PROMPT_CHARS = 4000


class PromptBuffer:
    """The pieces of one utterance so far, joined with spaces, capped at `limit` characters."""

    def __init__(self, limit: int = MAX_PROMPT_CHARS) -> None:
        self.limit = limit
        self._pieces: list[str] = []
        self._size = 0
        self.overflowed = False
        """Some of the utterance was dropped (more than `limit` characters arrived)."""

    def add(self, piece: str) -> None:
        """One more piece; blank ones and anything past the limit are dropped."""
        piece = piece.strip()
        if not piece:
            return
        room = self.limit - self._size - (1 if self._pieces else 0)
        if room <= 0 or len(piece) > room:
            self.overflowed = True
        if room <= 0:
            return
        kept = piece[:room]
        self._pieces.append(kept)
        self._size += len(kept) + (1 if len(self._pieces) > 1 else 0)

    def take(self) -> str:
        """The utterance so far, and start the next one."""
        said = " ".join(self._pieces)
        self._pieces, self._size, self.overflowed = [], 0, False
        return said
