"""Which waitlist entries a search matches, and in which order: the query behind the admin table, the
CSV export and the JSON API.

Filtering, sorting and paging all happen in SQL, so a page of the admin table reads one page of rows
and one count, however long the waitlist. Text columns sort case-insensitively, and every order ends
on the id, so paging never shows a row twice or skips one. NUL is dropped from the filters: PostgreSQL
refuses it in text while SQLite takes it, and both databases must answer alike.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import col

from knotty.store.models import WaitlistEntry

__all__ = ["ENTRY_SORTS", "entry_filters", "entry_order"]

ENTRY_SORTS = ("created_at", "full_name", "email", "role", "channel")
"""Columns the waitlist can be sorted by."""


def _clean(value: str | None) -> str:
    return (value or "").replace("\x00", "")


def entry_filters(search: str | None, role: str | None, channel: str | None) -> list[ColumnElement[bool]]:
    """Conditions for the entries matching `search` literally (`%`, `_`, `\\` are no wildcards) in the
    name, email or phone, with this role and channel; unset or empty filters match everything."""
    conditions: list[ColumnElement[bool]] = []
    if search := _clean(search):
        literal = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{literal.lower()}%"
        conditions.append(
            or_(
                func.lower(WaitlistEntry.full_name).like(like, escape="\\"),
                col(WaitlistEntry.email).like(like, escape="\\"),
                col(WaitlistEntry.phone).like(f"%{literal}%", escape="\\"),
            )
        )
    if role := _clean(role):
        conditions.append(col(WaitlistEntry.role) == role)
    if channel := _clean(channel):
        conditions.append(col(WaitlistEntry.channel) == channel)
    return conditions


def entry_order(sort: str = "created_at", descending: bool = True) -> list[Any]:
    """ORDER BY terms for `sort` (one of `ENTRY_SORTS`), the id breaking ties the same way.

    Raises:
        ValueError: `sort` is not a sortable column.
    """
    if sort not in ENTRY_SORTS:
        raise ValueError(f"cannot sort the waitlist by {sort!r}")
    column = col(getattr(WaitlistEntry, sort))
    key = column if sort == "created_at" else func.lower(column)
    ident = col(WaitlistEntry.id)
    return [key.desc(), ident.desc()] if descending else [key.asc(), ident.asc()]
