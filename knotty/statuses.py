"""Every status Knotty keeps in a database column, as an enum whose values are the strings stored.

The values are the very strings the rows already hold, and a `StrEnum` member equals its string: rows
written before these enums, the hot path's raw SQL and the admin's filters all read the same values,
so no stored data changes and no migration is needed. Where a conversation stands in the signup is
`knotty.state.Stage`; what Twilio says of a message is Twilio's own vocabulary and stays as it sends it.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "FINAL_TEXT_STATUSES",
    "OPEN_TEXT_STATUSES",
    "ConversationStatus",
    "EntryTextStatus",
    "HandoffTextStatus",
    "TextStatus",
]


class ConversationStatus(StrEnum):
    """`conversations.status`: whether a conversation goes on, and how it ended."""

    ACTIVE = "active"
    COMPLETED = "completed"
    """It ended with a waitlist entry saved."""
    ABANDONED = "abandoned"
    """It ended (the person left, or it went idle) with no entry saved."""

    @classmethod
    def ended(cls, entry_id: int | None) -> ConversationStatus:
        """How a conversation that is over ended: completed when it saved an entry, else abandoned."""
        return cls.COMPLETED if entry_id is not None else cls.ABANDONED


class TextStatus(StrEnum):
    """`confirmation_texts.status`: where one accepted confirmation text is in the outbox."""

    PENDING = "pending"
    """Waiting to be claimed (due at `due_at`)."""
    SENDING = "sending"
    """Claimed by a worker under a lease."""
    SENT = "sent"
    FAILED = "failed"
    OPTED_OUT = "opted_out"
    """The number texted STOP before it went."""
    CAPPED = "capped"
    """Another text went to the number within the per-number window."""


OPEN_TEXT_STATUSES = (TextStatus.PENDING, TextStatus.SENDING)
"""A text still to send or being sent."""
FINAL_TEXT_STATUSES = (TextStatus.SENT, TextStatus.FAILED, TextStatus.OPTED_OUT, TextStatus.CAPPED)


class EntryTextStatus(StrEnum):
    """`waitlist_entries.confirmation_sms_status`: the entry's confirmation text, as the admin sees it."""

    REQUESTED = "requested"
    SENT = "sent"
    FAILED = "failed"
    OPTED_OUT = "opted_out"


class HandoffTextStatus(StrEnum):
    """`handoff_texts.status`: the text that lets a caller finish by typing."""

    SENDING = "sending"
    """Written before the text leaves, so it counts against the caps at once."""
    SENT = "sent"
    FAILED = "failed"
    OPTED_OUT = "opted_out"
    """The number texted STOP between the reservation and the send: nothing left (`HandoffTexts.stopped`)."""
