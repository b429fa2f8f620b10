"""A database that has been running: the rows of `n` earlier signups, written before a benchmark.

A fresh database hides every statement that reads a whole table, because its tables are empty. The
benchmark's `--existing N` fills the migrated database first with what N finished signups leave
(each a listed entry, a completed conversation of eight turns with its sixteen lines and their
idempotency keys from the last two days, and for every other one a confirmation text sent, none in
the last hour so that the hourly cap on texts is left to the benchmark's own people), then, on
PostgreSQL, has the tables vacuumed and analysed as autovacuum would have. The people the benchmark then plays have
numbers and addresses none of these rows hold, so every one of them is new.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import asyncpg

__all__ = ["fill"]

TURNS = 8
"""Turns of each earlier conversation (a signup by text takes seven or eight)."""
_STATE = '{"stage": "done", "ended": true}'
_SPAN = timedelta(days=2)


def _when(k: int, n: int) -> datetime:
    """The k-th of n signups, spread over the last two days (oldest first)."""
    return datetime.now(UTC) - _SPAN + _SPAN * (k / max(1, n))


def _texted(k: int, n: int) -> bool:
    """Whether the k-th earlier signup was sent a confirmation text (every other one, over an hour ago)."""
    return k % 2 == 1 and _when(k, n) < datetime.now(UTC) - timedelta(hours=1)


def _sqlite_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy writes a DateTime on SQLite


def _entries(n: int) -> Iterator[tuple[object, ...]]:
    for k in range(1, n + 1):
        at = _sqlite_time(_when(k, n))
        sent = "sent" if _texted(k, n) else None
        yield (
            k,
            f"Earlier Person{k}",
            f"+1303{k:07d}",
            f"earlier{k}@example.org",
            "client",
            "sms",
            at,
            at,
            sent,
            at if sent else None,
            0,
        )


def _fill_sqlite(path: str, n: int) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.executemany(
            "INSERT INTO waitlist_entries (id, full_name, phone, email, role, channel, created_at, updated_at, "
            "confirmation_sms_status, confirmation_sms_requested_at, confirmation_sms_attempts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _entries(n),
        )
        conn.executemany(
            "INSERT INTO conversations (id, channel, external_id, status, stage, state, entry_id, version, turns, "
            "created_at, updated_at) VALUES (?, 'sms', ?, 'completed', 'done', ?, ?, ?, ?, ?, ?)",
            (
                (f"earlier{k:025d}", f"+1303{k:07d}", _STATE, k, TURNS, TURNS, t, t)
                for k in range(1, n + 1)
                for t in [_sqlite_time(_when(k, n))]
            ),
        )
        conn.executemany(
            "INSERT INTO messages (conversation_id, role, content, payload, brain, created_at) "
            "VALUES (?, ?, ?, 'null', 'scripted', ?)",
            (
                (f"earlier{k:025d}", role, f"an earlier {role} line", t)
                for k in range(1, n + 1)
                for t in [_sqlite_time(_when(k, n))]
                for _turn in range(TURNS)
                for role in ("user", "assistant")
            ),
        )
        conn.executemany(
            "INSERT INTO processed_turns (key, conversation_id, result, created_at) VALUES (?, ?, '{}', ?)",
            (
                (f"sms:SMearlier{k:010d}{turn:02d}", f"earlier{k:025d}", t)
                for k in range(1, n + 1)
                for t in [_sqlite_time(_when(k, n))]
                for turn in range(TURNS)
            ),
        )
        conn.executemany(
            "INSERT INTO confirmation_texts (entry_id, phone, status, attempts, due_at, posted_at, sid, "
            "created_at, updated_at) VALUES (?, ?, 'sent', 1, ?, ?, ?, ?, ?)",
            (
                (k, f"+1303{k:07d}", t, t, f"SMsent{k:026d}", t, t)
                for k in range(1, n + 1)
                if _texted(k, n)
                for t in [_sqlite_time(_when(k, n))]
            ),
        )
        if n:
            conn.execute("INSERT INTO entry_ids (id) VALUES (?)", (n,))
        conn.commit()
    finally:
        conn.close()


# Only this module's constants are formatted in; n is bound.
_PG_FILL = f"""
WITH spread AS (
    SELECT k, at, k % 2 = 1 AND at < now() - interval '1 hour' AS texted
    FROM (
        SELECT g AS k, now() - interval '2 days' + interval '2 days' * (g::float8 / $1) AS at
        FROM generate_series(1, $1) AS g
    ) AS moments
), entries AS (
    INSERT INTO waitlist_entries (id, full_name, phone, email, role, channel, created_at, updated_at,
        confirmation_sms_status, confirmation_sms_requested_at, confirmation_sms_attempts)
    SELECT k, 'Earlier Person' || k, '+1303' || lpad(k::text, 7, '0'), 'earlier' || k || '@example.org',
        'client', 'sms', at, at, CASE WHEN texted THEN 'sent' END, CASE WHEN texted THEN at END, 0
    FROM spread
), conversations AS (
    INSERT INTO conversations (id, channel, external_id, status, stage, state, entry_id, version, turns,
        created_at, updated_at)
    SELECT 'earlier' || lpad(k::text, 25, '0'), 'sms', '+1303' || lpad(k::text, 7, '0'), 'completed', 'done',
        '{_STATE}'::json, k, {TURNS}, {TURNS}, at, at
    FROM spread
), lines AS (
    INSERT INTO messages (conversation_id, role, content, payload, brain, created_at)
    SELECT 'earlier' || lpad(k::text, 25, '0'), role, 'an earlier ' || role || ' line', 'null'::json, 'scripted', at
    FROM spread, generate_series(1, {TURNS}) AS turn, unnest(ARRAY['user', 'assistant']) AS role
)
INSERT INTO processed_turns (key, conversation_id, result, created_at)
SELECT 'sms:SMearlier' || lpad(k::text, 10, '0') || lpad(turn::text, 2, '0'),
    'earlier' || lpad(k::text, 25, '0'), '{{}}'::json, at
FROM spread, generate_series(0, {TURNS - 1}) AS turn
"""  # noqa: S608
_PG_TEXTS = """
INSERT INTO confirmation_texts (entry_id, phone, status, attempts, due_at, posted_at, sid, created_at, updated_at)
SELECT id, phone, 'sent', 1, created_at, created_at, 'SMsent' || lpad(id::text, 26, '0'), created_at, created_at
FROM waitlist_entries WHERE confirmation_sms_status = 'sent'
"""


async def _fill_postgres(url: str, n: int) -> None:
    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        async with conn.transaction():
            await conn.execute(_PG_FILL, n)
            await conn.execute(_PG_TEXTS)
            await conn.execute(
                "SELECT setval(pg_get_serial_sequence('waitlist_entries', 'id'), $1)", max(n, 1)
            )
        await conn.execute("VACUUM (ANALYZE)")  # as autovacuum would have, long before
        await conn.execute("CHECKPOINT")  # else the fill's writes are still being flushed during the run
    finally:
        await conn.close()


async def fill(url: str, n: int) -> None:
    """Write the rows of `n` earlier signups into the migrated database at `url`."""
    if n <= 0:
        return
    if url.startswith("sqlite"):
        await asyncio.to_thread(_fill_sqlite, url.partition(":///")[2], n)
    else:
        await _fill_postgres(url, n)
