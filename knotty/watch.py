"""The offline brain watches every model turn and takes the conversation over when the model keeps failing.

Alongside the model, the offline brain's reading folds each new transcript line into its own view of
the fields (well under a millisecond a turn), kept in the conversation state. A strike is a turn the
model lost (an error, a rejected reply, a refused tool); after `MAX_STRIKES`, or after `STALL_TURNS`
model turns in a row in which nothing moved (no field given or corrected, nothing saved), the offline
brain answers the rest of the conversation. It rebuilds its memory from the transcript, so nothing the
person said or the model saved is lost.

On a call, the same view counts the model's questions: when a field it asked twice is still missing
after the person's answer, the offline brain answers that turn, and so makes the offer to finish by
text exactly as when it runs the call (`knotty.handoff`), and it answers the reply to the offer.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from typing import Any

from knotty.brains.base import ChatLine
from knotty.brains.scripted.memory import Memory
from knotty.brains.scripted.policy import next_question
from knotty.brains.scripted.transcript import replay
from knotty.handoff import OFFER_AT_ASK, OFFER_AT_ASKS, may_offer_text, text_offer_due
from knotty.state import ConversationState, TextHandoff

__all__ = ["MAX_STRIKES", "STALL_TURNS", "Watch"]

MAX_STRIKES = 3
STALL_TURNS = 4
_KEY = "watch"


@dataclass
class Watch:
    """What the watcher remembers, stored in `ConversationState.memory["watch"]`."""

    strikes: int = 0
    takeover: str | None = None
    """Why the offline brain took over the conversation, once it has."""
    stalled: int = 0
    """Model turns in a row in which nothing changed: no field given, corrected or saved."""
    progress: str = ""
    """Where the signup stood after the last turn that changed something."""
    view: dict[str, Any] = field(default_factory=dict)
    """The offline brain's own reading of the fields (its `Memory`, as JSON)."""

    @classmethod
    def of(cls, state: ConversationState) -> Watch:
        raw = state.memory.get(_KEY) or {}
        return cls(**{k: v for k, v in raw.items() if k in cls.__dataclass_fields__})

    def store(self, state: ConversationState) -> None:
        state.memory[_KEY] = asdict(self)

    def read(self, lines: list[ChatLine], *, region: str, caller_number: str | None) -> dict[str, str | None]:
        """Fold the lines not yet read into the offline view; the fields it holds."""
        mem = Memory.load(self.view)
        if mem.cursor > len(lines):
            mem = Memory()
        replay(mem, lines[mem.cursor :], region=region, caller_number=caller_number)
        mem.cursor = len(lines)
        self.view = mem.dump()
        return mem.slots()

    def offers_text(
        self, state: ConversationState, lines: list[ChatLine], *, region: str, caller_number: str | None
    ) -> bool:
        """Whether this turn of the model's call is the offline brain's: a field asked twice is still
        missing after the person's answer and the caller may be offered a text (`text_offer_due`), or the
        person is answering that offer. Reads `lines` into a copy of the view; the view is unchanged."""
        if state.text_handoff is TextHandoff.OFFERED:
            return True
        if not may_offer_text(state):
            return False
        mem = Memory.load(copy.deepcopy(self.view))
        if mem.cursor > len(lines):
            mem = Memory()
        replay(mem, lines[mem.cursor :], region=region, caller_number=caller_number)
        asking = next_question(mem)
        return text_offer_due(state, asking, mem.asked.get(asking, 0))

    def unheard(self) -> bool:
        """Whether a field still missing was asked in vain as often as makes a text due (`text_offer_due`:
        twice, the phone four times; the model's asks and the offline brain's, as read so far) and the
        person refused nothing: the line could not carry it."""
        mem = Memory.load(self.view)
        if mem.refusals:
            return False
        return any(
            mem.asked.get(name, 0) + 1 >= OFFER_AT_ASKS.get(name, OFFER_AT_ASK)
            for name in (next_question(mem), *mem.missing())
        )

    def judge(self, state: ConversationState, fields: dict[str, str | None], lost: str | None) -> str | None:
        """Count this model turn; the reason to take over from now on, if it is time."""
        if lost is not None:
            self.strikes += 1
        progress = repr((sorted(fields.items()), state.entry_id, state.saved_fields, state.sms.value))
        if progress == self.progress:
            self.stalled += 1
        else:
            self.stalled, self.progress = 0, progress
        if self.takeover is None:
            if self.strikes >= MAX_STRIKES:
                self.takeover = f"{self.strikes} model failures"
            elif self.stalled >= STALL_TURNS:
                self.takeover = f"no progress in {self.stalled} turns"
        return self.takeover
