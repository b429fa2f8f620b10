"""What the caps make of accepting a listed entry's confirmation text, from one read of `TEXT_DECISION`.

The read takes no lock (`Store.text_decision`): the acceptance is written with the turn that heard
the "yes" (`entry_write.TextWrite`), never before it, and the caps hold again under the texts' lock
where the outbox claims the text (`Outbox.claim`). Accepting on its own, under the lock and before the
turn (`knotty_accept_text`, migration 0012, dropped in 0017), let a "yes" whose turn then lost have
its text sent while the stored conversation said declined.
"""

from __future__ import annotations

import enum

__all__ = ["TextDecision", "settled"]


class TextDecision(enum.Enum):
    """What the caps made of an acceptance."""

    ACCEPTED = "accepted"
    """Queued already (the same acceptance again, from a re-run turn or another conversation of the entry)."""
    TEXTED_RECENTLY = "texted_recently"
    HOURLY_CAP = "hourly_cap"


def settled(queued: object, texted: object, requested: int, cap: int) -> TextDecision | None:
    """The decision when what `TEXT_DECISION` read settles it with nothing to write (the same
    acceptance again, or a refusal), else None: the acceptance is to be written."""
    if queued:
        return TextDecision.ACCEPTED
    if texted:
        return TextDecision.TEXTED_RECENTLY
    return TextDecision.HOURLY_CAP if requested >= cap else None
