"""Recognising a returning person: a phone or email they give (or call from) already on the waitlist.

The agent runs this before the brain answers a turn, so the brain learns the fact through the state
(`ConversationState.returning`, `listed_contacts`) and never touches storage. It is one indexed read,
only when the turn has a contact in it (or once for the caller's verified number), and usually not
even that: the agent asks it with the turn's own read (`Store.load_for_turn(phones=..., emails=...)`)
for every contact the turn might look up, and the answer here is cut from those rows. Nothing about
the stored entry except that it exists is kept: the person is told only what they already know.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from knotty.fields import extract_email, extract_phone

if TYPE_CHECKING:
    from knotty.state import ConversationState
    from knotty.store import Store
    from knotty.store.repository import ListedLookup

__all__ = ["Said", "contacts_said", "note_listed_contacts"]


class Said(NamedTuple):
    """The phone (E.164) and the email in an utterance, if any."""

    phone: str | None
    email: str | None


def contacts_said(text: str, *, region: str) -> Said:
    """The contacts in what the person said (nothing for silence)."""
    if not text:
        return Said(None, None)
    return Said(extract_phone(text, region), extract_email(text))


async def note_listed_contacts(
    store: Store,
    state: ConversationState,
    text: str,
    *,
    region: str,
    said: Said | None = None,
    read: ListedLookup | None = None,
) -> None:
    """Mark in `state` which contacts of this turn (and the caller's number) another entry already lists.

    `said` is `contacts_said(text)` when already known; `read` the listed entries read with the turn,
    used when it asked for every contact needed here (else the store is asked).
    """
    caller = state.caller_number if not state.caller_looked_up else None
    phone, email = said if said is not None else contacts_said(text, region=region)
    phones = [p for p in (caller, phone) if p and p not in state.listed_contacts]
    emails = [email] if email and email not in state.listed_contacts else []
    if not phones and not emails:
        return
    if read is not None and set(phones) <= set(read.phones) and set(emails) <= set(read.emails):
        rows = [row for row in read.rows if row[1] in phones or row[2] in emails]
    else:
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
