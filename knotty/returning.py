"""Recognising a returning person: a phone or email they give (or call from) already on the waitlist.

The agent runs this before the brain answers a turn, so the brain learns the fact through the state
(`ConversationState.returning`, `listed_contacts`) and never touches storage. It is one indexed read,
only when the turn has a contact in it (or once for the caller's verified number). Nothing about the
stored entry except that it exists is kept: the person is told only what they already know.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knotty.fields import extract_email, extract_phone

if TYPE_CHECKING:
    from knotty.state import ConversationState
    from knotty.store import Store

__all__ = ["note_listed_contacts"]


async def note_listed_contacts(store: Store, state: ConversationState, text: str, *, region: str) -> None:
    """Mark in `state` which contacts of this turn (and the caller's number) another entry already lists."""
    caller = state.caller_number if not state.caller_looked_up else None
    phone = extract_phone(text, region) if text else None
    email = extract_email(text) if text else None
    phones = [p for p in (caller, phone) if p and p not in state.listed_contacts]
    emails = [email] if email and email not in state.listed_contacts else []
    if not phones and not emails:
        return
    rows = await store.listed_contacts(phones, emails)
    state.caller_looked_up = True
    for entry_id, listed_phone, listed_email in rows:
        if entry_id == state.entry_id:
            continue  # this conversation's own entry
        if caller and listed_phone == caller and state.entry_id is None:
            state.returning = True
        for value in (listed_phone, listed_email):
            if value in (*phones, *emails) and value not in state.listed_contacts:
                state.listed_contacts.append(value)
