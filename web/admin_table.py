"""The admin page's waitlist table: sorting, pages, readable phone numbers, and who each conversation was.

The database sorts and pages the table (`WaitlistAdmin.list_entries` with a sort, a limit and an
offset, and one count), so a page reads fifty rows however long the waitlist is. Every query value
is checked here, so no `page` or `sort` a person types can fail the page. Recent conversations leave
out page views (a greeting nobody answered) and say who it was and how it ended.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import phonenumbers

from knotty import ConversationStatus

if TYPE_CHECKING:
    from knotty import Conversation, WaitlistAdmin, WaitlistEntry

__all__ = [
    "PAGE_SIZE",
    "SORTS",
    "ConversationRow",
    "Page",
    "conversation_rows",
    "pretty_phone",
    "sort_key",
    "table_page",
]

PAGE_SIZE = 50
SORTS = ("created_at", "full_name", "email", "role", "channel")
"""Columns the table sorts by (newest first by default)."""
MAX_PAGE_DIGITS = 7


@dataclass(frozen=True)
class Page:
    """One page of the sorted table."""

    entries: list[WaitlistEntry]
    number: int
    count: int
    total: int
    sort: str
    descending: bool

    @property
    def first_row(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1 if self.total else 0

    @property
    def last_row(self) -> int:
        return min(self.number * PAGE_SIZE, self.total)


def sort_key(sort: str | None, direction: str | None) -> tuple[str, bool]:
    """The column and whether it is descending; unknown values fall back to newest first."""
    column = sort if sort in SORTS else "created_at"
    if direction in ("asc", "desc"):
        return column, direction == "desc"
    return column, column == "created_at"


def _page_number(page: str | None) -> int:
    text = (page or "").strip()
    if not text.isdigit() or len(text) > MAX_PAGE_DIGITS:
        return 1
    return max(1, int(text))


async def table_page(
    admin: WaitlistAdmin, filters: Mapping[str, str | None], sort: str, descending: bool, page: str | None
) -> Page:
    """The requested page of the entries matching `filters` (`list_entries` arguments) sorted by
    `sort`, read from the database (a page past the end shows the last one)."""
    total = await admin.count_entries(**filters)
    count = max(1, -(-total // PAGE_SIZE))
    number = min(_page_number(page), count)
    entries = await admin.list_entries(
        **filters, sort=sort, descending=descending, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
    )
    return Page(entries, number, count, total, sort, descending)


def pretty_phone(e164: str | None) -> str:
    """`+14155550100` as `+1 415-555-0100`; anything that is not a number is shown as stored."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@dataclass(frozen=True)
class ConversationRow:
    """A recent conversation as the admin reads it."""

    conv: Conversation
    who: str
    outcome: str
    signed_up: bool


_OUTCOMES: dict[str, str] = {
    ConversationStatus.ACTIVE: "In progress",
    ConversationStatus.COMPLETED: "Ended without signing up",
    ConversationStatus.ABANDONED: "Left before the end",
}
_PHONE_CHANNELS = ("sms", "voice")


def conversation_rows(
    conversations: Sequence[Conversation], names: dict[int, str], *, limit: int = 25
) -> list[ConversationRow]:
    """The newest conversations someone took part in: who (name, else their number) and how it ended."""
    rows: list[ConversationRow] = []
    for conv in conversations:
        if conv.turns <= 1 and conv.entry_id is None:
            continue  # a page view: Knotty greeted and nobody answered
        if conv.entry_id is not None and conv.entry_id in names:
            who = names[conv.entry_id]
        elif conv.channel in _PHONE_CHANNELS:
            who = pretty_phone(conv.external_id)
        else:
            who = f"{conv.channel} visitor"
        outcome = "Signed up" if conv.entry_id is not None else _OUTCOMES.get(conv.status, conv.status)
        rows.append(ConversationRow(conv, who, outcome, conv.entry_id is not None))
        if len(rows) >= limit:
            break
    return rows
