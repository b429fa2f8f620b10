"""Erasing one person's signup: the entry and every conversation that holds it, in one transaction.

Knotty tells a person asking to be taken off the list that the team can remove their details. A
`DELETE` of the entry alone leaves its conversations (their state and transcripts hold the name, phone
and email) with `entry_id` set to NULL. `erase_entry` removes, with the entry: the conversations that
saved or updated it; the conversations from its phone number, or whose state holds its phone or email,
that belong to no entry; their messages and handoff texts; and its confirmation texts. Their
idempotency keys stay, as tombstones (`ERASED_KEYS`): each reply they kept is replaced by one that says
nothing and ends (`ERASED_TURN`), and they outlive the two days other keys are kept. Deleted, they let a
signed webhook of the erased conversation, captured earlier and replayed (with a new idempotency header,
which Twilio does not sign), or retried late by Twilio, run its turn again: the captured details and
"yes" of a call or of texts signed the person up again, and could text them. A tombstone holds the key
(a CallSid or MessageSid and a turn number) and nothing the person said. A call over a stream (relay,
Media Streams) keeps no key of its own: its start's (`call_start_key`) is written as a tombstone, so
that a replay of the stream's end (`<Connect action>`), which would greet a call whose conversation is
gone, opens nothing. Conversations of other
entries are left alone (on a shared phone they are another person's). The opt-out of a number that
texted STOP is kept, so that it is still honoured.
The rate-limit counters whose key holds its phone or email (`knotty.sender_texts`: the texts a number
asked for, or that went to it) go in the same transaction (`subject_keys`); in Redis
(`KNOTTY_REDIS_URL`) `RedisCounters.forget` removes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, String, cast, delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from knotty.store.models import (
    ERASED_KEYS,
    KEPT_TEXT_PREFIX,
    ConfirmationText,
    Conversation,
    HandoffText,
    Message,
    ProcessedTurn,
    RateLimitHit,
    WaitlistEntry,
    call_start_key,
    table_of,
    tombstone_turn,
    utcnow,
)

__all__ = ["ERASED_TURN", "Erased", "erase_entry", "subject_keys"]

_ENTRIES = table_of(WaitlistEntry)
_CONVERSATIONS = table_of(Conversation)
_MESSAGES = table_of(Message)
_KEYS = table_of(ProcessedTurn)
_HANDOFFS = table_of(HandoffText)
_TEXTS = table_of(ConfirmationText)
_COUNTERS = table_of(RateLimitHit)

ERASED_TURN = tombstone_turn(ERASED_KEYS)
"""The answer a tombstone keeps (a `knotty.agent.TurnResult` record): nothing said, the conversation over
(a call hangs up, a text gets no reply)."""


def subject_keys(key: ColumnElement[str], *subjects: str) -> ColumnElement[bool]:
    """Whether a rate-limit key names one of `subjects` (`kind:subject`, `kind:unproven:subject`,
    `kind-to:sender>subject`, `kind-to:subject>to`): the subject whole, between `:` or `>` and the
    key's end or a `>`, so `+1555` never matches `+15551`."""
    return or_(
        *(
            cond
            for subject in subjects
            for before in (":", ">")
            for cond in (
                key.endswith(before + subject, autoescape=True),
                key.contains(before + subject + ">", autoescape=True),
            )
        )
    )


@dataclass(frozen=True)
class Erased:
    """What `erase_entry` removed, and the kept-apart entries that pointed at the erased one."""

    conversations: int
    messages: int
    texts: int
    counters: int
    """Rate-limit counter rows (one per key and window) that named its phone or email."""
    kept_apart: tuple[int, ...]
    """Entries kept apart beside the erased one (sharing its phone or email): another signup, maybe
    the same person's; not erased, their pointer to it cleared."""
    subjects: tuple[str, ...] = field(default=(), repr=False)
    """The erased phone and email, for counters kept elsewhere (Redis); never logged or shown."""


async def erase_entry(engine: AsyncEngine, entry_id: int) -> Erased | None:
    """Erase entry `entry_id` and what holds it (module docstring); None when there is no such entry."""
    async with engine.begin() as conn:
        found = (
            await conn.execute(select(_ENTRIES.c.phone, _ENTRIES.c.email).where(_ENTRIES.c.id == entry_id))
        ).first()
        if found is None:
            return None
        phone, email = str(found[0]), str(found[1])
        state = cast(_CONVERSATIONS.c.state, String)
        unowned = _CONVERSATIONS.c.entry_id.is_(None) & or_(
            _CONVERSATIONS.c.external_id == phone,
            state.contains(f'"{phone}"', autoescape=True),
            state.contains(f'"{email}"', autoescape=True),
        )
        found_conversations = (
            await conn.execute(
                select(_CONVERSATIONS.c.id, _CONVERSATIONS.c.channel, _CONVERSATIONS.c.external_id).where(
                    (_CONVERSATIONS.c.entry_id == entry_id) | unowned
                )
            )
        ).all()
        ids = [str(row[0]) for row in found_conversations]
        calls = {call_start_key(str(row[2])) for row in found_conversations if row[1] == "voice"}
        messages = 0
        if ids:
            messages = (
                await conn.execute(delete(_MESSAGES).where(_MESSAGES.c.conversation_id.in_(ids)))
            ).rowcount
            erased_keys = _KEYS.c.conversation_id.in_(ids)
            await conn.execute(
                update(_KEYS)
                .where(erased_keys, ~_KEYS.c.key.startswith(KEPT_TEXT_PREFIX))
                .values(conversation_id=ERASED_KEYS, result=ERASED_TURN)
            )
            await conn.execute(delete(_KEYS).where(erased_keys))  # a text kept to answer later: gone
            if calls:  # a streamed call's start left no key: its tombstone is written now
                kept = set((await conn.execute(select(_KEYS.c.key).where(_KEYS.c.key.in_(calls)))).scalars())
                if calls - kept:
                    await conn.execute(
                        insert(_KEYS),
                        [
                            {
                                "key": key,
                                "conversation_id": ERASED_KEYS,
                                "result": ERASED_TURN,
                                "created_at": utcnow(),
                            }
                            for key in sorted(calls - kept)
                        ],
                    )
            await conn.execute(delete(_HANDOFFS).where(_HANDOFFS.c.conversation_id.in_(ids)))
            await conn.execute(delete(_CONVERSATIONS).where(_CONVERSATIONS.c.id.in_(ids)))
        texts = (await conn.execute(delete(_TEXTS).where(_TEXTS.c.entry_id == entry_id))).rowcount
        counters = (
            await conn.execute(delete(_COUNTERS).where(subject_keys(_COUNTERS.c.key, phone, email)))
        ).rowcount
        kept_apart = tuple(
            int(row[0])
            for row in await conn.execute(select(_ENTRIES.c.id).where(_ENTRIES.c.duplicate_of == entry_id))
        )
        if kept_apart:
            await conn.execute(
                update(_ENTRIES).where(_ENTRIES.c.duplicate_of == entry_id).values(duplicate_of=None)
            )
        await conn.execute(delete(_ENTRIES).where(_ENTRIES.c.id == entry_id))
    return Erased(
        conversations=len(ids),
        messages=messages,
        texts=texts,
        counters=counters,
        kept_apart=kept_apart,
        subjects=(phone, email),
    )
