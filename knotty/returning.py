"""Recognising a returning person: the number the channel proves they reach us from, already on the waitlist.

The agent runs this before the brain answers a turn, so the brain learns the fact through the state
(`ConversationState.returning`, `listed_contacts`) and never touches storage. Only a contact the channel
proves is looked up: the signed SMS `From` or an attested caller ID (`state.proven_number`), once per
conversation, read with the turn (`Store.load_for_turn(phones=...)`). A phone or email the person types
or says is never looked up: whether someone else's contact is on the waitlist is theirs to know, and
answering it would let anyone test addresses one after another (`_save` keeps such a signup apart for
the admin without saying so). Nothing about the stored entry except that it exists is kept: the person
is told only what they already know.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knotty.state import ConversationState
    from knotty.store import Store
    from knotty.store.repository import ListedLookup

__all__ = ["note_listed_contacts"]


async def note_listed_contacts(
    store: Store, state: ConversationState, *, read: ListedLookup | None = None
) -> None:
    """Mark in `state` whether another entry lists the number this person proves they hold (once).

    `read`: the listed entries read with the turn, used when it asked for the caller's number (else the
    store is asked).
    """
    caller = state.proven_number if not state.caller_looked_up else None
    if not caller:
        return
    if read is not None and caller in read.phones:
        rows = [row for row in read.rows if row[1] == caller]
    else:
        rows = await store.listed_contacts([caller], [])
    state.caller_looked_up = True
    for entry_id, listed_phone, _email in rows:
        if entry_id == state.entry_id or listed_phone != caller:
            continue  # this conversation's own entry
        if state.entry_id is None:
            state.returning = True
        if caller not in state.listed_contacts:
            state.listed_contacts.append(caller)
