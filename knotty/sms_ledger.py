"""What the SMS side of Knotty records, offered to the Twilio adapter without the rest of the store.

Opt-outs (STOP/START), keyword texts already honoured (so a replayed webhook is not acted on twice),
texts kept for later while the process was overloaded, and the confirmation texts' outbox. The
composition root builds one over the store and hands it to the SMS channel and the confirmation
sender; they never see the conversations' tables.
"""

from __future__ import annotations

from datetime import datetime

from knotty.store.deferred_texts import DeferredTexts
from knotty.store.models import TEXT_TURN_KEY_PREFIX
from knotty.store.outbox import Outbox
from knotty.store.repository import Store

__all__ = ["SmsLedger", "text_turn_key"]


def text_turn_key(message_sid: str) -> str:
    """The idempotency key of a text's turn: kept for good, emptied after two days (`knotty.store.old_keys`),
    so a text captured and replayed later is never run again."""
    return TEXT_TURN_KEY_PREFIX + message_sid


class SmsLedger:
    """The SMS channel's records: opt-outs, honoured keywords, texts kept for later, the outbox."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.outbox: Outbox = store.outbox
        """Confirmation texts: claimed, sent and tracked by the sender; statuses landed by callbacks."""
        self.later: DeferredTexts = store.later
        """Texts that found no turn slot, answered by the REST API once one frees up."""

    async def honour_keyword(
        self, phone: str, opted_out: bool, message_sid: str | None, said_at: datetime
    ) -> bool | None:
        """Record STOP (True) or START (False) from a number, said at `said_at`, together with its
        text's MessageSid (one write: never the claim without the choice); returns whether the number
        is opted out now (a keyword said before the number's recorded one changes nothing), or None,
        nothing changed, when this message already was honoured (a replay)."""
        return await self._store.set_opt_out(phone, opted_out, message_sid, said_at=said_at)

    async def is_opted_out(self, phone: str) -> bool:
        """Whether the number said STOP (and not START since)."""
        return await self._store.is_opted_out(phone)

    async def entry_name(self, entry_id: int) -> str | None:
        """The full name a confirmation text greets, or None when the entry was deleted."""
        return await self._store.entry_name(entry_id)
