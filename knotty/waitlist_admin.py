"""The operator's view of Knotty, offered to the web adapter without the rest of the store.

The admin pages, the CSV export, the JSON API, the metrics and the health checks read through this
object: the waitlist, the conversations with their transcripts, the confirmation texts' statuses,
the counts, whether the database answers; and they revoke admin sessions through it. Turns are not
here (those go through the `Agent`), and neither is any write to an entry or a conversation, but
erasing one person's signup when they ask (`erase_entry`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import date
from typing import Any, Protocol

from knotty.store.erasure import Erased
from knotty.store.models import Conversation, Message, WaitlistEntry
from knotty.store.outbox import TextRow
from knotty.store.repository import Store

__all__ = ["WaitlistAdmin"]

_REVOKED_KEY = "admin-logout:{}"


class ForgetsSubjects(Protocol):
    """Rate-limit counters kept outside the database (Redis), which erasing must empty too."""

    async def forget(self, *subjects: str) -> int:
        """Delete the counters naming any of `subjects`; how many went."""
        ...


class WaitlistAdmin:
    """Read-only queries for operators, plus revoking an admin session and erasing an entry."""

    def __init__(self, store: Store, counters: ForgetsSubjects | None = None) -> None:
        self._store = store
        self._counters = counters

    async def ping(self) -> bool:
        """Whether the database answers (the readiness checks)."""
        return await self._store.ping()

    async def list_entries(
        self,
        *,
        search: str | None = None,
        role: str | None = None,
        channel: str | None = None,
        limit: int = 1000,
        offset: int = 0,
        sort: str = "created_at",
        descending: bool = True,
    ) -> list[WaitlistEntry]:
        """Waitlist entries, newest first unless `sort` says otherwise, optionally filtered (`search`
        matched literally); sorted and paged by the database."""
        return await self._store.list_entries(
            search=search,
            role=role,
            channel=channel,
            limit=limit,
            offset=offset,
            sort=sort,
            descending=descending,
        )

    async def count_entries(
        self, *, search: str | None = None, role: str | None = None, channel: str | None = None
    ) -> int:
        """How many entries match these filters."""
        return await self._store.count_entries(search=search, role=role, channel=channel)

    async def entries_pages(
        self,
        *,
        search: str | None = None,
        role: str | None = None,
        channel: str | None = None,
        page: int = 2000,
    ) -> AsyncIterator[list[WaitlistEntry]]:
        """Every entry matching these filters, newest (highest id) first, `page` at a time: a long
        waitlist is read in pages, never held whole."""
        before: int | None = None
        while rows := await self._store.matching_entries_before(
            before, page, search=search, role=role, channel=channel
        ):
            yield rows
            before = rows[-1].id

    async def signups_per_day(self, first_day: date) -> list[tuple[date, str, int]]:
        """(UTC day, channel, entries) since `first_day`, counted by the database (the chart)."""
        return await self._store.signups_per_day(first_day)

    async def entry_names(self, entry_ids: list[int]) -> dict[int, str]:
        """The names of these entries (the conversations' list)."""
        return await self._store.entry_names(entry_ids)

    async def waitlist_counts(self) -> list[tuple[str, str, int]]:
        """(role, channel, entries) of the waitlist (the metrics)."""
        return await self._store.waitlist_counts()

    async def list_conversations(self, *, limit: int = 200) -> list[Conversation]:
        """Conversations, newest first."""
        return await self._store.list_conversations(limit=limit)

    async def get_conversation(self, conversation_id: str) -> Conversation | None:
        """One conversation, or None."""
        return await self._store.get_conversation(conversation_id)

    async def history(self, conversation_id: str) -> list[Message]:
        """Everything stored of a conversation, in order (tool calls included)."""
        return await self._store.history(conversation_id)

    async def get_entry(self, entry_id: int) -> WaitlistEntry | None:
        """One waitlist entry, or None."""
        return await self._store.get_entry(entry_id)

    async def texts_of(self, entry_ids: list[int]) -> dict[int, TextRow]:
        """The newest confirmation text of each of these entries."""
        return await self._store.outbox.texts_of(entry_ids)

    async def revoke_session(self, session_id: str) -> None:
        """Record an admin session as signed out, for every process."""
        await self._store.claim_once(_REVOKED_KEY.format(session_id))

    async def session_revoked(self, session_id: str) -> bool:
        """Whether this admin session was signed out."""
        result: dict[str, Any] | None = await self._store.processed_result(_REVOKED_KEY.format(session_id))
        return result is not None

    async def erase_entry(self, entry_id: int) -> Erased | None:
        """Erase an entry, its conversations and their transcripts (None when there is no such entry),
        and the rate-limit counters naming its phone or email (the database's in the same transaction,
        Redis' just after)."""
        erased = await self._store.erase_entry(entry_id)
        if erased is not None and self._counters is not None:
            gone = await self._counters.forget(*erased.subjects)
            erased = dataclasses.replace(erased, counters=erased.counters + gone)
        return erased
