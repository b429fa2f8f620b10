"""The waitlist entry a turn saves, written in that turn's own transaction.

A save is planned when the tool runs (which listed entries share the phone or email, whether the
conversation already owns an entry, the id a new entry will have) and written by the turn's one
write, so a crash can never leave an entry whose turn never happened, nor a turn that says "saved"
without its entry. A new entry's id is taken before the write: from the table's sequence on
PostgreSQL, one past the highest id on SQLite (a concurrent signup that took the same id makes the
turn's write fail as stale, and the turn runs again on fresh data).

A confirmation text the person accepts is written the same way, in the turn that heard the "yes":
with the entry the turn creates or updates (`EntryWrite.text_requested`), else on its own
(`TextWrite`, a listed entry saved in an earlier turn). Written before the turn, a "yes" whose turn
then lost (another tab's "no" in another process, a crash, a failed write) had its text sent while
the stored conversation said declined; now a lost turn has accepted nothing, and nothing counts
against the caps. The caps are read before the turn and hold again where a text is claimed
(`Outbox.claim`): the hour's cap waits, another text to the number closes it.

The statements exist three times, once per path that writes a turn: SQLite's driver, PostgreSQL's
driver (as data-modifying CTEs joined to the turn's own statement, see `turn_sql`) and SQLAlchemy
Core (in-memory SQLite, Supabase's pooler, and `Store.save_entry` outside any turn).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

from knotty.errors import StaleConversation
from knotty.statuses import EntryTextStatus, TextStatus
from knotty.store.models import ConfirmationText, WaitlistEntry, table_of
from knotty.store.text_locks import take_text_turn

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

__all__ = [
    "PG_CATCH_UP_ENTRY_IDS",
    "PG_ENTRY_IDS_SEQUENCE",
    "PG_ENTRY_INSERT",
    "PG_ENTRY_UPDATE",
    "PG_NEXT_ENTRY_ID",
    "SQLITE_ENTRY_INSERT",
    "SQLITE_ENTRY_UPDATE",
    "SQLITE_FORGET_ENTRY_IDS",
    "SQLITE_TAKE_ENTRY_ID",
    "SQLITE_TEXTED_MEANWHILE",
    "SQLITE_TEXT_INSERT",
    "SQLITE_TEXT_REQUEST",
    "EntryWrite",
    "NumberTextedMeanwhile",
    "TextWrite",
    "entry_ids_behind",
    "hold_number_text_core",
    "pg_text_write",
    "sqlite_statements",
    "take_sqlite_entry_id",
    "text_guard",
    "text_write_core",
    "write_entry_core",
]


@dataclass(frozen=True)
class EntryWrite:
    """One waitlist entry to insert (`new`) or update, as the tool that saved it decided."""

    id: int
    new: bool
    full_name: str
    phone: str
    email: str
    role: str
    channel: str
    review_reason: str | None
    duplicate_of: int | None
    text_requested: bool = False
    """The entry's confirmation text was accepted in the same turn: its outbox row goes with it."""
    text_since: datetime | None = None
    """The per-number window's start the acceptance read: the write holds it again (`TextWrite.since`)."""

    def pg_args(self) -> tuple[Any, ...]:
        """The parameters after the turn's own ten, in the order `PG_ENTRY_INSERT`/`_UPDATE` number them."""
        common = (
            self.id,
            self.full_name,
            self.phone,
            self.email,
            self.role,
            self.review_reason,
            self.duplicate_of,
        )
        return (*common, self.channel, self.text_requested) if self.new else (*common, self.text_requested)


@dataclass(frozen=True)
class TextWrite:
    """The confirmation text of a listed entry (saved in an earlier turn), accepted by this turn and
    written with it: the entry marked `requested`, its outbox row queued."""

    entry_id: int
    phone: str
    since: datetime | None = None
    """The per-number window's start the acceptance read (`KNOTTY_SMS_PER_NUMBER_DAYS` ago). The write
    holds it again under the texts' lock (`NumberTextedMeanwhile`): None, not held (tests' own rows)."""


class NumberTextedMeanwhile(StaleConversation):
    """Another entry of the number had its text accepted after this turn read the caps (two people
    sharing a number saying "yes" at once, in two processes): the write is refused, and the turn runs
    again and reads the number texted, so nobody is told of a text the outbox would close as `capped`."""


def text_guard(entry: EntryWrite | None, text: TextWrite | None) -> tuple[str, int, datetime] | None:
    """What a turn's write must hold under the texts' lock: (phone, entry id, window start) of the text
    it accepts, or None when it accepts none or carries no window."""
    if text is not None:
        return None if text.since is None else (text.phone, text.entry_id, text.since)
    if entry is None or not entry.text_requested or entry.text_since is None:
        return None
    return entry.phone, entry.id, entry.text_since


SQLITE_TEXTED_MEANWHILE = (
    "SELECT EXISTS (SELECT 1 FROM waitlist_entries WHERE phone = ? AND id != ? "
    "AND confirmation_sms_requested_at > ?)"
)
"""Another entry of the number accepted a text in the window: read on SQLite after the turn's first
write, so under the database's write lock (every decision committed before it is seen)."""


SQLITE_ENTRY_INSERT = (
    "INSERT INTO waitlist_entries (id, full_name, phone, email, role, channel, created_at, updated_at, "
    "confirmation_sms_status, confirmation_sms_attempts, confirmation_sms_requested_at, review_reason, "
    "duplicate_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)"
)
SQLITE_ENTRY_UPDATE = (
    "UPDATE waitlist_entries SET full_name = ?, phone = ?, email = ?, role = ?, review_reason = ?, "
    "duplicate_of = ?, updated_at = ? WHERE id = ?"
)
SQLITE_TAKE_ENTRY_ID = (
    "INSERT INTO entry_ids (id) SELECT max((SELECT coalesce(max(id), 0) FROM waitlist_entries), "
    "(SELECT coalesce(max(id), 0) FROM entry_ids)) + 1 RETURNING id"
)
"""SQLite's `nextval`: past every entry and every id taken before, taken under the write lock, so no
other process's turn can plan the same (migration 0008). `SQLITE_FORGET_ENTRY_IDS` keeps the last one."""
SQLITE_FORGET_ENTRY_IDS = "DELETE FROM entry_ids WHERE id < ?"
PG_NEXT_ENTRY_ID = "SELECT nextval(pg_get_serial_sequence('waitlist_entries', 'id'))"
"""PostgreSQL's own: the sequence's next id is taken, never planned twice."""
PG_ENTRY_IDS_SEQUENCE = (
    "SELECT (SELECT coalesce(max(id), 0) FROM waitlist_entries), "
    "pg_sequence_last_value(pg_get_serial_sequence('waitlist_entries', 'id')::regclass)"
)
"""The highest entry id and the sequence's last value (NULL before its first `nextval`), read only."""
PG_CATCH_UP_ENTRY_IDS = (
    "SELECT setval(pg_get_serial_sequence('waitlist_entries', 'id'), (SELECT max(id) FROM waitlist_entries))"
)
"""What puts the sequence past every row again (for the operator: `knotty check` prints it)."""


async def entry_ids_behind(engine: AsyncEngine) -> tuple[int, int] | None:
    """On PostgreSQL, `(next id, highest id)` when the sequence would hand out an id a row already has
    (rows written with ids of their own: an import, a table editor), so every new signup would fail;
    None when it is ahead of every row, or on SQLite (whose ids are taken past every row)."""
    if engine.dialect.name != "postgresql":
        return None
    async with engine.connect() as conn:
        row: Any = (await conn.exec_driver_sql(PG_ENTRY_IDS_SEQUENCE)).one()
    highest, last = row
    following = 1 if last is None else int(last) + 1
    return (following, int(highest)) if following <= int(highest) else None


SQLITE_TEXT_INSERT = (
    "INSERT INTO confirmation_texts (entry_id, phone, status, attempts, due_at, created_at, updated_at) "
    "VALUES (?, ?, 'pending', 0, ?, ?, ?)"
)


SQLITE_TEXT_REQUEST = (
    f"UPDATE waitlist_entries SET confirmation_sms_status = '{EntryTextStatus.REQUESTED.value}', "  # noqa: S608 - a constant
    "confirmation_sms_requested_at = ?, confirmation_sms_attempts = 0, updated_at = ? WHERE id = ?"
)


def take_sqlite_entry_id(conn: sqlite3.Connection) -> int:
    """A new entry's id on SQLite (`SQLITE_TAKE_ENTRY_ID`), committed at once: the write lock is held
    for microseconds, not for the turn that will use the id."""
    taken = int(conn.execute(SQLITE_TAKE_ENTRY_ID).fetchone()[0])
    conn.execute(SQLITE_FORGET_ENTRY_IDS, (taken,))
    conn.commit()
    return taken


def sqlite_statements(entry: EntryWrite, stamp: str) -> list[tuple[str, tuple[Any, ...]]]:
    """The SQLite statements that write `entry`, timestamps as SQLAlchemy stores them (`stamp`)."""
    if not entry.new:
        values = (entry.full_name, entry.phone, entry.email, entry.role, entry.review_reason)
        update_row = [(SQLITE_ENTRY_UPDATE, (*values, entry.duplicate_of, stamp, entry.id))]
        if not entry.text_requested:
            return update_row
        return [*update_row, *sqlite_text_statements(TextWrite(entry.id, entry.phone), stamp)]
    requested = stamp if entry.text_requested else None
    row = (
        entry.id, entry.full_name, entry.phone, entry.email, entry.role, entry.channel, stamp, stamp,
        EntryTextStatus.REQUESTED if entry.text_requested else None, requested,
        entry.review_reason, entry.duplicate_of,
    )  # fmt: skip
    statements: list[tuple[str, tuple[Any, ...]]] = [(SQLITE_ENTRY_INSERT, row)]
    if entry.text_requested:
        statements.append((SQLITE_TEXT_INSERT, (entry.id, entry.phone, stamp, stamp, stamp)))
    return statements


def sqlite_text_statements(text: TextWrite, stamp: str) -> list[tuple[str, tuple[Any, ...]]]:
    """The SQLite statements that accept `text` (a second open text of the entry breaks the open-text
    index: the turn runs again, and finds it queued)."""
    return [
        (SQLITE_TEXT_REQUEST, (stamp, stamp, text.entry_id)),
        (SQLITE_TEXT_INSERT, (text.entry_id, text.phone, stamp, stamp, stamp)),
    ]


# Joined to the turn's statement (`turn_sql._PG_WRITE`): $7 is the turn's timestamp, `upd` its guarded
# conversation update, so the entry is written only when the turn is.
PG_ENTRY_INSERT = """, entry AS (
    INSERT INTO waitlist_entries (id, full_name, phone, email, role, review_reason, duplicate_of, channel,
        created_at, updated_at, confirmation_sms_status, confirmation_sms_attempts,
        confirmation_sms_requested_at)
    SELECT $11::int, $12::text, $13::text, $14::text, $15::text, $16::text, $17::int, $18::text, $7, $7,
        CASE WHEN $19::bool THEN 'requested' END, 0, CASE WHEN $19::bool THEN $7::timestamptz END
    FROM upd
    RETURNING id
), texted AS (
    INSERT INTO confirmation_texts (entry_id, phone, status, attempts, due_at, created_at, updated_at)
    SELECT entry.id, $13::text, 'pending', 0, $7, $7, $7 FROM entry WHERE $19::bool
)"""
PG_ENTRY_UPDATE = f"""
, entry AS (
    UPDATE waitlist_entries SET full_name = $12, phone = $13, email = $14, role = $15, review_reason = $16,
        duplicate_of = $17, updated_at = $7,
        confirmation_sms_status = CASE WHEN $18::bool THEN '{EntryTextStatus.REQUESTED.value}'
            ELSE confirmation_sms_status END,
        confirmation_sms_requested_at = CASE WHEN $18::bool THEN $7::timestamptz
            ELSE confirmation_sms_requested_at END,
        confirmation_sms_attempts = CASE WHEN $18::bool THEN 0 ELSE confirmation_sms_attempts END
    WHERE id = $11 AND EXISTS (SELECT 1 FROM upd)
    RETURNING id
), texted AS (
    INSERT INTO confirmation_texts (entry_id, phone, status, attempts, due_at, created_at, updated_at)
    SELECT entry.id, $13::text, 'pending', 0, $7, $7, $7 FROM entry WHERE $18::bool
)"""  # noqa: S608 - constants only
"""An entry's update; with its text accepted in the same turn (one statement may change a row once)."""


def pg_text_write(first: int) -> str:
    """The CTEs that accept a `TextWrite` with the turn (`$7` its time, `upd` its guarded update), its
    entry id and phone the parameters `$first` and `$first + 1`."""
    entry, phone = f"${first}::int", f"${first + 1}::text"
    return f"""
, accepted AS (
    UPDATE waitlist_entries SET confirmation_sms_status = '{EntryTextStatus.REQUESTED.value}',
        confirmation_sms_requested_at = $7, confirmation_sms_attempts = 0, updated_at = $7
    WHERE id = {entry} AND EXISTS (SELECT 1 FROM upd)
    RETURNING id
), queued AS (
    INSERT INTO confirmation_texts (entry_id, phone, status, attempts, due_at, created_at, updated_at)
    SELECT accepted.id, {phone}, 'pending', 0, $7, $7, $7 FROM accepted
)"""  # noqa: S608 - constants and parameter numbers only


_ENTRIES = table_of(WaitlistEntry)
_TEXTS = table_of(ConfirmationText)


async def write_entry_core(conn: AsyncConnection, entry: EntryWrite, now: datetime) -> None:
    """Write `entry` inside the caller's Core transaction."""
    e = _ENTRIES
    fields = {
        "full_name": entry.full_name,
        "phone": entry.phone,
        "email": entry.email,
        "role": entry.role,
        "review_reason": entry.review_reason,
        "duplicate_of": entry.duplicate_of,
        "updated_at": now,
    }
    if not entry.new:
        await conn.execute(update(e).where(e.c.id == entry.id).values(**fields))
        if entry.text_requested:
            await text_write_core(conn, TextWrite(entry.id, entry.phone), now)
        return
    requested = now if entry.text_requested else None
    await conn.execute(
        insert(e).values(
            id=entry.id,
            channel=entry.channel,
            created_at=now,
            confirmation_sms_status=EntryTextStatus.REQUESTED if entry.text_requested else None,
            confirmation_sms_attempts=0,
            confirmation_sms_requested_at=requested,
            **fields,
        )
    )
    if entry.text_requested:
        await _queue_text_core(conn, entry.id, entry.phone, now)


async def hold_number_text_core(
    conn: AsyncConnection, entry: EntryWrite | None, text: TextWrite | None
) -> None:
    """On the Core path, before the turn's writes: when it accepts a text, take the texts' lock and
    raise `NumberTextedMeanwhile` if another entry of the number had its text accepted in the window."""
    held = text_guard(entry, text)
    if held is None:
        return
    phone, entry_id, since = held
    await take_text_turn(conn)
    e = _ENTRIES
    other = select(e.c.id).where(
        e.c.phone == phone, e.c.id != entry_id, e.c.confirmation_sms_requested_at > since
    )
    if (await conn.execute(other.limit(1))).first() is not None:
        raise NumberTextedMeanwhile(phone)


async def text_write_core(conn: AsyncConnection, text: TextWrite, now: datetime) -> None:
    """Accept `text` inside the caller's Core transaction (the turn's)."""
    e = _ENTRIES
    await conn.execute(
        update(e)
        .where(e.c.id == text.entry_id)
        .values(
            confirmation_sms_status=EntryTextStatus.REQUESTED,
            confirmation_sms_requested_at=now,
            confirmation_sms_attempts=0,
            updated_at=now,
        )
    )
    await _queue_text_core(conn, text.entry_id, text.phone, now)


async def _queue_text_core(conn: AsyncConnection, entry_id: int, phone: str, now: datetime) -> None:
    """The outbox row of an accepted confirmation text, due at once (the sweeper sends it)."""
    await conn.execute(
        insert(_TEXTS).values(
            entry_id=entry_id,
            phone=phone,
            status=TextStatus.PENDING,
            attempts=0,
            due_at=now,
            created_at=now,
            updated_at=now,
        )
    )
