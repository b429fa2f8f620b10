"""The waitlist reads a turn makes besides its own, in each database's words for the hot path's driver.

(Whether the person's contacts are listed is read with the turn itself: `turn_sql`.) A save reads
which listed entries share the signup's phone or email (and the entry the conversation owns) and, for a
new entry, the id it will have (on SQLite in the same hop); a confirmation text's offer reads whether
the number opted out and whether it was texted recently (`TEXT_OFFER`: both in one statement). Through
SQLAlchemy Core each cost 0.5-1.1 ms of CPU here, against about 0.05 ms on the driver
(`turn_sql.TurnSql.select`), so the store sends them there when it has the driver; the Core
statements stay for in-memory SQLite and Supabase's pooler. Both paths read the same rows.
"""

from __future__ import annotations

from typing import NamedTuple

from knotty.statuses import OPEN_TEXT_STATUSES
from knotty.store.turn_sql import Sql

__all__ = [
    "ENTRIES_OF_SIGNUP",
    "ENTRY_NAME",
    "KEPT_APART_WITH_PHONE",
    "OPTED_OUT",
    "TEXTED_SINCE",
    "TEXT_CAPS",
    "TEXT_DECISION",
    "TEXT_OFFER",
    "EntryRow",
]


class EntryRow(NamedTuple):
    """What a save's plan reads of an entry (`Store.plan_entry`)."""

    id: int
    full_name: str
    phone: str
    email: str
    role: str
    channel: str
    review_reason: str | None


ENTRY_COLUMNS = ", ".join(EntryRow._fields)

_BY = f"SELECT {ENTRY_COLUMNS} FROM waitlist_entries WHERE "  # noqa: S608 - EntryRow's own column names
ENTRIES_OF_SIGNUP = Sql(  # the values are bound
    _BY + "(review_reason IS NULL AND (phone = ? OR email = ?)) OR id = ? ORDER BY id",
    f"SELECT * FROM ({_BY}phone = $1 UNION {_BY}email = $2 UNION {_BY}id = $3::int OFFSET 0) AS found "  # noqa: S608
    "WHERE review_reason IS NULL OR id = $3::int ORDER BY id",
)
"""Listed entries holding the phone or the email, and the entry with the id (the one owned, or NULL).

On PostgreSQL each is one lookup on the plain index of its kind, the listed ones kept afterwards
(`OFFSET 0` keeps that filter out of the lookups): as one `OR`, the one plan kept for the statement,
made on a new database's first entries, read the whole waitlist at every save."""

KEPT_APART_WITH_PHONE = Sql(
    _BY + "phone = ? AND review_reason IS NOT NULL ORDER BY id",
    _BY + "phone = $1 AND review_reason IS NOT NULL ORDER BY id",
)
"""Entries kept apart for the admin that hold the phone. Read only when someone proving that phone saves
a signup beside another person's entry listing it (`Store.plan_entry`): their own earlier one is there.
"""

OPTED_OUT = Sql(
    "SELECT opted_out FROM sms_opt_outs WHERE phone = ?",
    "SELECT opted_out FROM sms_opt_outs WHERE phone = $1",
)

TEXTED_SINCE = Sql(
    "SELECT id FROM waitlist_entries WHERE phone = ? AND confirmation_sms_requested_at > ? LIMIT 1",
    "SELECT id FROM waitlist_entries WHERE phone = $1 AND confirmation_sms_requested_at > $2 LIMIT 1",
)
"""An entry with this phone whose confirmation text was requested after the moment (SQLite: its text)."""

TEXT_OFFER = Sql(
    "SELECT (SELECT opted_out FROM sms_opt_outs WHERE phone = ?1), EXISTS (SELECT 1 FROM waitlist_entries "
    "WHERE phone = ?1 AND confirmation_sms_requested_at > ?2)",
    "SELECT (SELECT opted_out FROM sms_opt_outs WHERE phone = $1), EXISTS (SELECT 1 FROM waitlist_entries "
    "WHERE phone = $1 AND confirmation_sms_requested_at > $2)",
)
"""`OPTED_OUT` and `TEXTED_SINCE` of one number in one statement: what a confirmation text's offer reads."""

ENTRY_NAME = Sql(
    "SELECT full_name FROM waitlist_entries WHERE id = ?",
    "SELECT full_name FROM waitlist_entries WHERE id = $1",
)
"""The name a confirmation text greets: every text sent reads it."""


def _caps_columns(phone: str, since: str, hour_ago: str, cap: str) -> str:
    """The caps' columns with these placeholders (each dialect's own: `?n` or `$n`), values bound.

    The hour's counts stop at the cap: the decision (`requested >= cap`) is the same, and each count
    reads at most `cap` entries of its index, newest first, whatever plan the statement was given.
    Counted to the end, a plan made on a new database's first rows, before any analysis, read the
    whole waitlist at every acceptance (6,004 rows at 6,000 entries)."""
    texted = (
        f"SELECT 1 FROM waitlist_entries WHERE phone = {phone} AND confirmation_sms_requested_at > {since}"  # noqa: S608
    )
    confirmations = _count_recent("waitlist_entries", "confirmation_sms_requested_at", hour_ago, cap)
    handoffs = _count_recent("handoff_texts", "created_at", hour_ago, cap)
    return f"EXISTS ({texted}) AS texted, ({confirmations}) + ({handoffs}) AS requested"


def _count_recent(table: str, column: str, after: str, cap: str) -> str:
    """How many rows of `table` have `column` after `after`, counted up to `cap`, newest first."""
    recent = f"SELECT 1 FROM {table} WHERE {column} > {after} ORDER BY {column} DESC LIMIT {cap}"  # noqa: S608
    return f"SELECT count(*) FROM ({recent}) AS recent"  # noqa: S608


TEXT_CAPS = Sql(
    "SELECT " + _caps_columns("?1", "?2", "?3", "?4"), "SELECT " + _caps_columns("$1", "$2", "$3", "$4")
)
"""Whether the number was texted after the moment, and how many texts (confirmations and handoffs,
`handoffs.texts_requested_since`) were requested after the hour's start, up to the hourly cap (the
fourth argument): what accepting a text reads."""

_OPEN = ", ".join(f"'{status.value}'" for status in OPEN_TEXT_STATUSES)
_QUEUED = f"SELECT EXISTS (SELECT 1 FROM confirmation_texts WHERE entry_id = {{}} AND status IN ({_OPEN})) AS queued, "  # noqa: S608
TEXT_DECISION = Sql(
    _QUEUED.format("?5") + _caps_columns("?1", "?2", "?3", "?4"),
    _QUEUED.format("$5") + _caps_columns("$1", "$2", "$3", "$4"),
)
"""`TEXT_CAPS`, and first whether the entry (the fifth argument) has a text waiting or under way
(`OPEN_TEXT_STATUSES`): what a listed entry's acceptance reads, without a lock, before its turn writes
it (`text_decisions.settled`)."""
