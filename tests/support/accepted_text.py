"""A confirmation text accepted the way a turn that heard "yes" accepts it, for tests that need one.

The tool reads the caps (`Store.text_decision`) and the turn's own write accepts the text with it
(`TextWrite`, `Store.commit_turn`): nothing else in Knotty accepts a text, so tests do the same.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from knotty.errors import StaleConversation
from knotty.store import Store
from knotty.store.repository import HOURLY_CAP_REACHED, TEXTED_RECENTLY, TextWrite
from knotty.store.text_decisions import TextDecision
from knotty.transcript import ChatLine

__all__ = ["accept_text"]

_REFUSALS = {
    TextDecision.ACCEPTED: None,
    TextDecision.TEXTED_RECENTLY: TEXTED_RECENTLY,
    TextDecision.HOURLY_CAP: HOURLY_CAP_REACHED,
}


async def accept_text(
    store: Store, entry_id: int, phone: str, *, since: datetime, hour_ago: datetime, hourly_cap: int
) -> str | None:
    """Accept the listed entry's text as a turn does; None when accepted (or its text was queued
    already: joined), else why not (nothing written). The turn is a conversation's first on the entry;
    one that loses to another acceptance of the entry runs again, as the agent's does."""
    for attempt in range(2):  # a write that lost (the entry's text queued meanwhile) decides again
        decision = await store.text_decision(
            entry_id, phone, since=since, hour_ago=hour_ago, hourly_cap=hourly_cap
        )
        if decision is not None:
            return _REFUSALS[decision]
        conv = await store.create_conversation("sms", f"accepting-{uuid.uuid4().hex}", {})
        try:
            await store.commit_turn(
                conv, messages=[ChatLine("user", "yes please")], state='{"sms": "accepted"}',
                stage="saved", status="active", entry_id=entry_id, processed_key=None, result={},
                entry=None, text_write=TextWrite(entry_id, phone),
            )  # fmt: skip
        except StaleConversation:
            if attempt:
                raise
        else:
            return None
    raise AssertionError("unreachable")
