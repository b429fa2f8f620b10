"""The turn's one read and one write on the database driver itself (the hot path), on both databases.

Measured on this project's machine, SQLAlchemy Core spent about 0.4-0.5 ms of CPU per statement here
(compiling cache keys, result processing, the pool's pre-ping: three round trips on PostgreSQL)
against 0.05-0.1 ms for the same statement on the driver, so every webhook turn's read and write skip
it; the ORM, Core and Alembic keep the schema and everything off this path.

- PostgreSQL (asyncpg): the read is one statement (the stored answer of a retried turn, the newest
  conversation and its transcript as one JSON array), the write is one statement (data-modifying
  CTEs: the conversation's guarded update, its new lines, its idempotency key), both prepared once
  per connection by asyncpg's statement cache. Connections come from the hot path's own small pool
  (`pg_connections`), which lets idle ones go after `IDLE_S` seconds. Behind Supabase's transaction
  pooler (no prepared statements, no pool on top of the pooler) the store keeps its Core path instead.
- SQLite: the read and the write each run as one job, the write as one transaction, on the event
  loop when it cannot wait (`sqlite_on_loop`), else in one hop to aiosqlite's thread with the engine's
  one pooled connection (writers queue in the pool, not in SQLite's busy handler).

The turn's read also answers which listed entries hold the contacts the turn may ask about (the
caller's number, a phone or email in the text: `knotty.returning`), so recognising a returning person
costs no statement of its own. Other reads of a turn (a save's plan, the confirmation text's checks)
use `select`: one statement on the same connection, without SQLAlchemy.

Both write exactly what the Core path writes (same JSON text, same timestamp format), so the rest of
the store reads these rows as its own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import asyncpg
from sqlalchemy.exc import MissingGreenlet
from sqlalchemy.pool import PoolProxiedConnection, QueuePool
from sqlalchemy.util import greenlet_spawn

from knotty.errors import StaleConversation
from knotty.store.database import spec_of
from knotty.store.entry_write import (
    PG_ENTRY_INSERT,
    PG_ENTRY_UPDATE,
    PG_NEXT_ENTRY_ID,
    SQLITE_TEXTED_MEANWHILE,
    EntryWrite,
    NumberTextedMeanwhile,
    TextWrite,
    pg_text_write,
    sqlite_statements,
    sqlite_text_statements,
    take_sqlite_entry_id,
    text_guard,
)
from knotty.store.models import Conversation, from_row
from knotty.store.pg_connections import PgConnections
from knotty.store.sqlite_on_loop import SqliteOnLoop, ended

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from knotty.transcript import ChatLine

__all__ = [
    "IDLE_S",
    "Done",
    "Listed",
    "PostgresTurnSql",
    "Row",
    "Sql",
    "SqliteTurnSql",
    "TurnSql",
    "sqlite_args",
    "turn_sql_for",
]

IDLE_S = 60.0
"""Seconds an idle PostgreSQL connection of the hot path's pool is kept. Each one opened costs PostgreSQL
a server process (about 11 ms of its CPU, 17 ms of the turn that waits for it); at 10 s the connections
a minute's busiest moment needed were let go in its quieter seconds and opened again at the next burst
(the benchmark: up to 8 of 20 closed and reopened within its 15 s). asyncpg's own pool keeps them 300 s."""

Listed = list[tuple[int, str, str]]
"""(id, phone, email) of listed entries (no `review_reason`) holding any of the contacts asked about,
oldest first. At most one per contact (a listed phone or email is unique), so the reads have no
LIMIT: beside `ORDER BY id LIMIT 8`, PostgreSQL's plan for a few thousand entries walked the whole
primary key, reading every entry at every turn. On PostgreSQL each contact is its own lookup, on the
plain index of phones or of emails, listed or not, with the listed ones kept from what it finds: asked
as `phone = ANY(...) OR email = ANY(...)`, the one plan kept for the read, made on a waitlist of 1,000
analysed entries, read all of them at every turn; and asked of the listed (partial) indexes, a plan
made on a new database's first few entries walked a whole partial index, which then looked tiny."""

Done = tuple[dict[str, Any], datetime]
"""A turn already answered: its stored answer, and when it was stored (UTC)."""
Row = tuple[Done | None, Conversation | None, list[tuple[str, str, dict[str, Any] | None]], bool, Listed]
"""(stored answer, conversation, its lines, opted out, listed contacts): what a turn reads."""


class Sql(NamedTuple):
    """One read statement in each database's words (SQLite's `?`, PostgreSQL's `$n`)."""

    sqlite: str
    postgres: str


_COLUMNS = (
    "id",
    "channel",
    "external_id",
    "status",
    "stage",
    "state",
    "entry_id",
    "version",
    "turns",
    "created_at",
    "updated_at",
)

_PG_READ = """
SELECT p.result::text AS done, p.created_at AS done_at,
       (SELECT o.opted_out FROM sms_opt_outs o WHERE o.phone = $4::text) AS opted_out,
       c.id, c.channel, c.external_id, c.status, c.stage, c.state::text, c.entry_id, c.version, c.turns,
       c.created_at, c.updated_at,
       CASE WHEN c.status = 'active' THEN (
           SELECT json_agg(json_build_array(m.role, m.content, m.payload) ORDER BY m.id)::text
           FROM messages m WHERE m.conversation_id = c.id
       ) END AS lines,
       CASE WHEN cardinality($5::text[]) + cardinality($6::text[]) > 0 THEN (
           SELECT (jsonb_agg(l.x ORDER BY l.x->0) FILTER (WHERE l.x IS NOT NULL))::text FROM (
               SELECT jsonb_array_elements((SELECT jsonb_agg(jsonb_build_array(e.id, e.phone, e.email))
                       FILTER (WHERE e.review_reason IS NULL) FROM waitlist_entries e WHERE e.phone = c.v)) AS x
               FROM unnest($5::text[]) AS c(v)
               UNION
               SELECT jsonb_array_elements((SELECT jsonb_agg(jsonb_build_array(e.id, e.phone, e.email))
                       FILTER (WHERE e.review_reason IS NULL) FROM waitlist_entries e WHERE e.email = c.v))
               FROM unnest($6::text[]) AS c(v)
           ) AS l
       ) END AS listed
FROM (SELECT 1) AS one
LEFT JOIN processed_turns p ON p.key = $3::text
LEFT JOIN LATERAL (
    SELECT * FROM conversations WHERE channel = $1 AND external_id = $2 ORDER BY created_at DESC LIMIT 1
) AS c ON true
"""

_PG_TURN = """
WITH upd AS (
    UPDATE conversations
    SET state = $3::json, stage = $4, status = CASE WHEN status = 'active' THEN $5
            WHEN $6::bigint IS NOT NULL THEN 'completed' ELSE status END,
        entry_id = $6, version = version + 1, turns = turns + 1, updated_at = $7
    WHERE id = $1 AND version = $2
    RETURNING id
), lines AS (
    INSERT INTO messages (conversation_id, role, content, payload, brain, created_at)
    SELECT upd.id, l.value ->> 0, l.value ->> 1, l.value -> 2, l.value ->> 3, $7
    FROM upd, json_array_elements($8::json) WITH ORDINALITY AS l(value, n)
    ORDER BY l.n
), done AS (
    INSERT INTO processed_turns (key, conversation_id, result, created_at)
    SELECT $9::text, upd.id, $10::json, $7 FROM upd WHERE $9::text IS NOT NULL
)"""
_PG_COUNT = "\nSELECT count(*) FROM upd\n"
_PG_WRITE = _PG_TURN + _PG_COUNT


def _pg_hold(first: int) -> str:
    """The end of a turn's statement that accepts a text: `knotty_hold_number_text` (migration 0018), its
    phone, entry and window start the parameters from `$first`, called for the turn's row and counted
    with it. It takes the texts' lock until the statement's end and raises when another entry of the
    number had its text accepted meanwhile (`NumberTextedMeanwhile`)."""
    call = f"knotty_hold_number_text(${first}::text, ${first + 1}::int, ${first + 2}::timestamptz)"
    return f"""
, held AS (SELECT {call} AS ok FROM upd)
SELECT count(*) FROM upd, held WHERE held.ok
"""  # noqa: S608 - parameter numbers only


_PG_WRITE_NEW_ENTRY = _PG_TURN + PG_ENTRY_INSERT + _PG_COUNT
"""The turn's write with the entry it saves (`entry_write`): one statement, one transaction."""
_PG_WRITE_ENTRY_UPDATE = _PG_TURN + PG_ENTRY_UPDATE + _PG_COUNT

_SQLITE_DONE = "SELECT result, created_at FROM processed_turns WHERE key = ?"
_SQLITE_OPTED_OUT = "SELECT opted_out FROM sms_opt_outs WHERE phone = ?"
_SQLITE_CONVERSATION = (  # the column names are the model's own; the values are bound
    f"SELECT {', '.join(_COLUMNS)} FROM conversations WHERE channel = ? AND external_id = ? "  # noqa: S608
    "ORDER BY created_at DESC LIMIT 1"
)
"""The newest conversation of a sender: one entry of `ix_conversations_sender`, newest first. With an
index on the channel alone, SQLite (without statistics: nobody runs ANALYZE) chose it, which holds
every conversation of the channel, and sorted them all: 32 ms a turn at 20,000 conversations."""
_SQLITE_LINES = "SELECT role, content, payload FROM messages WHERE conversation_id = ? ORDER BY id"


def _sqlite_listed(phones: int, emails: int) -> str:
    """As `Store.listed_contacts`, for this many phones and emails (only placeholders are joined in,
    the values are bound). A column with nothing to match is left out: beside `email IN ()`, SQLite
    gave up both indexes and read every entry of the waitlist."""
    terms = [
        f"{column} IN ({', '.join('?' * count)})"
        for column, count in (("phone", phones), ("email", emails))
        if count
    ]
    return f"SELECT id, phone, email FROM waitlist_entries WHERE review_reason IS NULL AND ({' OR '.join(terms)})"  # noqa: S608


_SQLITE_UPDATE = (
    "UPDATE conversations SET state = ?, stage = ?, "
    "status = CASE WHEN status = 'active' THEN ? WHEN ? IS NOT NULL THEN 'completed' ELSE status END, "
    "entry_id = ?, version = version + 1, turns = turns + 1, updated_at = ? WHERE id = ? AND version = ?"
)
"""A turn's write. A conversation the call's end closed while the turn ran (`Store.set_status`) stays
closed, completed once the turn saved its entry: "yes, that's right, bye" and a hang-up still saves."""
_SQLITE_LINE = "INSERT INTO messages (conversation_id, role, content, payload, brain, created_at) VALUES (?, ?, ?, ?, ?, ?)"
_SQLITE_KEY = "INSERT INTO processed_turns (key, conversation_id, result, created_at) VALUES (?, ?, ?, ?)"
_SQLITE_ABANDON = (
    "UPDATE conversations SET status = 'abandoned', version = version + 1 WHERE id = ? AND status = 'active'"
)
_SQLITE_CREATE = (
    "INSERT INTO conversations (id, channel, external_id, status, stage, state, entry_id, version, turns, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SQLITE_SET_STATUS = (
    "UPDATE conversations SET status = CASE WHEN entry_id IS NOT NULL THEN 'completed' ELSE ? END, "
    "updated_at = ? WHERE id = ? AND status = 'active'"
)
"""A call's end closing its conversation (`Store.set_status`): completed if it holds an entry when written
(a turn may have saved one since it was read), and without a new version, so that a turn still running
(the caller said yes and hung up) writes its save rather than finding the conversation changed."""
_PG_LATEST = (  # the column names are the model's own; the values are bound
    f"SELECT {', '.join(_COLUMNS)} FROM conversations WHERE channel = $1 AND external_id = $2 "  # noqa: S608
    "ORDER BY created_at DESC LIMIT 1"
)
_PG_SET_STATUS = (
    "UPDATE conversations SET status = CASE WHEN entry_id IS NOT NULL THEN 'completed' ELSE $2 END, "
    "updated_at = $3 WHERE id = $1 AND status = 'active'"
)
_PG_ABANDON = (
    "UPDATE conversations SET status = 'abandoned', version = version + 1 WHERE id = $1 AND status = 'active'"
)
_PG_CREATE = (
    "INSERT INTO conversations (id, channel, external_id, status, stage, state, entry_id, version, turns, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6::json, $7, $8, $9, $10, $11)"
)


class DuplicateKey(StaleConversation):
    """The turn's idempotency key was committed by a concurrent retry (or a concurrent signup took the
    entry's id, phone or email): another writer got there first, as the hierarchy in `knotty.errors` says."""


def _conversation(values: Sequence[Any], parse_time: bool) -> Conversation:
    data = dict(zip(_COLUMNS, values, strict=True))
    data["state"] = json.loads(data["state"]) if isinstance(data["state"], str) else data["state"]
    if parse_time:
        data["created_at"] = datetime.fromisoformat(data["created_at"])
        data["updated_at"] = datetime.fromisoformat(data["updated_at"])
    return from_row(Conversation, data)


def stored_time(value: datetime | str) -> datetime:
    """A timestamp column as read back, in UTC: SQLite keeps it as text without an offset, PostgreSQL
    (a timestamptz) gives it with one."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _sqlite_time(moment: datetime) -> str:
    """A timestamp as SQLAlchemy stores it in SQLite (UTC, no offset): `strftime`'s text, without its
    cost (it builds a time tuple and parses the format at each call)."""
    return moment.replace(tzinfo=None).isoformat(" ", "microseconds")


_NULL = "null"
"""Most lines carry no payload: JSON's null, as the Core path writes it too."""


def _json(value: Any) -> str:
    """`json.dumps`, without its call for the lines' usual payload, None (~2 µs a line)."""
    return _NULL if value is None else json.dumps(value)


def _lines(messages: Sequence[ChatLine]) -> list[tuple[str, str, Any, str | None]]:
    return [(m.role, m.content, m.payload, m.brain) for m in messages]


class TurnSql:
    """The hot path's read and write for one engine."""

    async def read(
        self,
        channel: str,
        external_id: str,
        processed_key: str | None,
        opt_out_number: str | None = None,
        contacts: tuple[Sequence[str], Sequence[str]] = ((), ()),
    ) -> Row:
        """Whether `opt_out_number` texted STOP (then nothing else is read); else a retried turn's
        stored answer, else the newest conversation and (when active) its lines; with the listed
        entries holding any of `contacts` (phones, emails), when it is not a retry or an opted-out number."""
        raise NotImplementedError

    async def latest(self, channel: str, external_id: str) -> Conversation | None:
        """The newest conversation of this channel and external id, whatever its status (a call's end
        and the channels' `standing` ask it: one statement, without an ORM session)."""
        raise NotImplementedError

    async def set_status(self, conversation_id: str, status: str, now: datetime) -> None:
        """Mark a conversation completed or abandoned (as `Store.set_status` did in an ORM session)."""
        raise NotImplementedError

    async def select(self, sql: Sql, *args: Any) -> list[tuple[Any, ...]]:
        """The rows of one read statement on the hot path's connection (no transaction kept open);
        a datetime is bound as the database stores it (SQLite: the text SQLAlchemy writes)."""
        raise NotImplementedError

    async def select_many(self, *reads: tuple[Sql, tuple[Any, ...]]) -> list[list[tuple[Any, ...]]]:
        """The rows of each read statement (with its arguments), as `select` gives them: on SQLite in one
        hop to the driver's thread, on PostgreSQL one after the other on one connection."""
        raise NotImplementedError

    async def write(
        self,
        conv: Conversation,
        messages: Sequence[ChatLine],
        values: dict[str, Any],
        processed_key: str | None,
        result: dict[str, Any],
        now: datetime,
        entry: EntryWrite | None = None,
        create: tuple[str | None] | None = None,
        text_write: TextWrite | None = None,
    ) -> bool:
        """Commit the turn (with the entry it saved; `values["state"]` is the state's JSON text); False
        when another turn advanced the conversation first (DuplicateKey on a retry, or when a concurrent signup took the entry's id, phone or email).
        `create`: the conversation is new, inserted first (closing the idle one its one item names), in
        the same transaction: SQLite only (DuplicateKey when the sender's active conversation exists).
        `text_write`: a listed entry's confirmation text the turn accepted, written with it (`entry_write`)."""
        raise NotImplementedError

    async def new_entry_id(self) -> int:
        """A new waitlist entry's id, taken so that no turn of any process plans it too (PostgreSQL's
        sequence; SQLite's `entry_ids`, migration 0008)."""
        raise NotImplementedError

    async def create(self, conv: Conversation, abandon_id: str | None) -> bool:
        """Insert a new conversation (closing the idle one it replaces as abandoned) in one transaction;
        False when a concurrent request opened this sender's active conversation first."""
        raise NotImplementedError

    async def aclose(self) -> None:
        """Close connections this object opened itself."""


_Result = TypeVar("_Result")


class SqliteTurnSql(TurnSql):
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._pool = engine.sync_engine.pool
        # `turn_sql_for` keeps in-memory databases off this path; a URI with options stays on the thread.
        self._jobs = SqliteOnLoop(None if engine.url.query else engine.url.database, self._on_thread)

    async def _run(self, job: Callable[..., _Result], *args: Any) -> _Result:
        return await self._jobs.run(job, *args)

    async def _on_thread(self, job: Callable[..., _Result], *args: Any) -> _Result:
        # The engine's pooled connection, checked out of the pool itself: an `AsyncConnection` around
        # it cost three times the checkout (about 40 µs of CPU a hop), and the job needs only the driver.
        pooled = await self._checkout()
        try:
            driver: Any = pooled.driver_connection  # aiosqlite's Connection
            # One hop to aiosqlite's thread for the whole job (its public API hops once per call).
            result: _Result = await driver._execute(ended, driver._conn, job, *args)
            return result
        finally:
            pooled.close()  # back to the pool as it is: `ended` left no transaction open

    async def _checkout(self) -> PoolProxiedConnection:
        """The pool's connection: taken at once when it waits in the pool (no await happens then, so no
        greenlet is needed: 5 µs instead of 15), else in a greenlet, waiting while another holds it."""
        if isinstance(self._pool, QueuePool) and self._pool.checkedin():
            try:
                return self._pool.connect()
            except MissingGreenlet:  # it had to reconnect (the pool took the connection back)
                pass
        pooled: PoolProxiedConnection = await greenlet_spawn(self._pool.connect)
        return pooled

    async def run(self, job: Callable[..., _Result], *args: Any) -> _Result:
        """Run `job(sqlite3_connection, *args)` on the loop or in one hop to aiosqlite's thread
        (`sqlite_on_loop`; the rate limits and the text decisions use it too)."""
        return await self._run(job, *args)

    async def read(
        self,
        channel: str,
        external_id: str,
        processed_key: str | None,
        opt_out_number: str | None = None,
        contacts: tuple[Sequence[str], Sequence[str]] = ((), ()),
    ) -> Row:
        return await self._run(_sqlite_read, channel, external_id, processed_key, opt_out_number, contacts)

    async def latest(self, channel: str, external_id: str) -> Conversation | None:
        return await self._run(_sqlite_latest, channel, external_id)

    async def set_status(self, conversation_id: str, status: str, now: datetime) -> None:
        await self._run(_sqlite_set_status, (status, _sqlite_time(now), conversation_id))

    async def select(self, sql: Sql, *args: Any) -> list[tuple[Any, ...]]:
        return await self._run(_sqlite_select, sql.sqlite, sqlite_args(args))

    async def select_many(self, *reads: tuple[Sql, tuple[Any, ...]]) -> list[list[tuple[Any, ...]]]:
        return await self._run(_sqlite_select_many, [(sql.sqlite, sqlite_args(args)) for sql, args in reads])

    async def write(
        self,
        conv: Conversation,
        messages: Sequence[ChatLine],
        values: dict[str, Any],
        processed_key: str | None,
        result: dict[str, Any],
        now: datetime,
        entry: EntryWrite | None = None,
        create: tuple[str | None] | None = None,
        text_write: TextWrite | None = None,
    ) -> bool:
        stamp = _sqlite_time(now)
        update = (
            values["state"],  # JSON text already
            values["stage"],
            values["status"],
            values["entry_id"],
            values["entry_id"],
            stamp,
            conv.id,
            conv.version,
        )
        lines = [
            (conv.id, role, content, _json(payload), brain, stamp)
            for role, content, payload, brain in _lines(messages)
        ]
        key = (processed_key, conv.id, json.dumps(result), stamp) if processed_key else None
        first = sqlite_statements(entry, stamp) if entry is not None else []
        if text_write is not None:
            first += sqlite_text_statements(text_write, stamp)
        held = text_guard(entry, text_write)
        guard = None if held is None else sqlite_args(held)
        if create is not None:  # the conversation, then the entry it will point at, then the turn
            (abandon_id,) = create
            new = [(_SQLITE_ABANDON, (abandon_id,))] if abandon_id else []
            first = [*new, (_SQLITE_CREATE, _sqlite_row(conv)), *first]
        return await self._run(_sqlite_write, update, lines, key, first, guard)

    async def create(self, conv: Conversation, abandon_id: str | None) -> bool:
        return await self._run(_sqlite_create, abandon_id, _sqlite_row(conv))

    async def new_entry_id(self) -> int:
        return await self._run(take_sqlite_entry_id)

    async def aclose(self) -> None:
        await self._jobs.aclose()


def _sqlite_row(conv: Conversation) -> tuple[Any, ...]:
    """A conversation's columns as `_SQLITE_CREATE` inserts them."""
    values = [getattr(conv, name) for name in _COLUMNS]
    values[_COLUMNS.index("state")] = json.dumps(conv.state)
    values[_COLUMNS.index("created_at")] = _sqlite_time(conv.created_at)
    values[_COLUMNS.index("updated_at")] = _sqlite_time(conv.updated_at)
    return tuple(values)


def sqlite_args(args: Sequence[Any]) -> tuple[Any, ...]:
    """The arguments of a read, a datetime as SQLite stores it (the text SQLAlchemy writes)."""
    return tuple(_sqlite_time(a) if isinstance(a, datetime) else a for a in args)


def _sqlite_select(conn: sqlite3.Connection, sql: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    return list(conn.execute(sql, args).fetchall())


def _sqlite_select_many(
    conn: sqlite3.Connection, reads: list[tuple[str, tuple[Any, ...]]]
) -> list[list[tuple[Any, ...]]]:
    return [list(conn.execute(sql, args).fetchall()) for sql, args in reads]


def _sqlite_read(
    conn: sqlite3.Connection,
    channel: str,
    external_id: str,
    processed_key: str | None,
    opt_out_number: str | None,
    contacts: tuple[Sequence[str], Sequence[str]],
) -> Row:
    if opt_out_number:
        opted = conn.execute(_SQLITE_OPTED_OUT, (opt_out_number,)).fetchone()
        if opted is not None and opted[0]:
            return None, None, [], True, []
    if processed_key:
        done = conn.execute(_SQLITE_DONE, (processed_key,)).fetchone()
        if done is not None:
            return (json.loads(done[0]), stored_time(done[1])), None, [], False, []
    phones, emails = contacts
    listed: Listed = []
    if phones or emails:
        sql = _sqlite_listed(len(phones), len(emails))
        listed = sorted((int(i), str(p), str(e)) for i, p, e in conn.execute(sql, (*phones, *emails)))
    row = conn.execute(_SQLITE_CONVERSATION, (channel, external_id)).fetchone()
    if row is None:
        return None, None, [], False, listed
    conv = _conversation(row, parse_time=True)
    lines: list[tuple[str, str, dict[str, Any] | None]] = []
    if conv.status == "active":
        lines = [
            (r, c, None if p is None or p == _NULL else json.loads(p))
            for r, c, p in conn.execute(_SQLITE_LINES, (conv.id,))
        ]
    return None, conv, lines, False, listed


def _sqlite_latest(conn: sqlite3.Connection, channel: str, external_id: str) -> Conversation | None:
    row = conn.execute(_SQLITE_CONVERSATION, (channel, external_id)).fetchone()
    return _conversation(row, parse_time=True) if row is not None else None


def _sqlite_set_status(conn: sqlite3.Connection, values: tuple[Any, ...]) -> None:
    conn.execute(_SQLITE_SET_STATUS, values)
    conn.commit()


def _sqlite_create(conn: sqlite3.Connection, abandon_id: str | None, row: tuple[Any, ...]) -> bool:
    try:
        if abandon_id:
            conn.execute(_SQLITE_ABANDON, (abandon_id,))
        conn.execute(_SQLITE_CREATE, row)
        conn.commit()
        return True
    except sqlite3.IntegrityError:
        conn.rollback()
        return False


def _sqlite_write(
    conn: sqlite3.Connection,
    update: tuple[Any, ...],
    lines: list[tuple[Any, ...]],
    key: tuple[Any, ...] | None,
    first: list[tuple[str, tuple[Any, ...]]],
    guard: tuple[Any, ...] | None = None,
) -> bool:
    try:
        for sql, params in first:  # the entry before the conversation that points at it
            conn.execute(sql, params)
        # After a write, so under the write lock: a text accepted for the number meanwhile is seen.
        if guard is not None and conn.execute(SQLITE_TEXTED_MEANWHILE, guard).fetchone()[0]:
            conn.rollback()
            raise NumberTextedMeanwhile(str(guard[0]))
        if conn.execute(_SQLITE_UPDATE, update).rowcount != 1:
            conn.rollback()
            return False
        if lines:
            conn.executemany(_SQLITE_LINE, lines)
        if key is not None:
            conn.execute(_SQLITE_KEY, key)
        conn.commit()
        return True
    except sqlite3.IntegrityError as exc:
        conn.rollback()
        raise DuplicateKey(str(exc)) from exc
    except BaseException:
        conn.rollback()
        raise


class PostgresTurnSql(TurnSql):
    def __init__(self, dsn: str, connect_args: dict[str, Any], size: int) -> None:
        self.dsn = dsn
        self.connect_args = connect_args
        self.size = size
        self._pool = PgConnections(dsn, connect_args, size, IDLE_S)

    async def _acquire(self) -> Any:
        return self._pool.connection()

    async def fetch(self, sql: str, *args: Any) -> list[Any]:
        """One statement on this pool's connection (prepared and cached by asyncpg): the rate limits use it too."""
        async with await self._acquire() as conn:
            return list(await conn.fetch(sql, *args))

    async def read(
        self,
        channel: str,
        external_id: str,
        processed_key: str | None,
        opt_out_number: str | None = None,
        contacts: tuple[Sequence[str], Sequence[str]] = ((), ()),
    ) -> Row:
        phones, emails = list(contacts[0]), list(contacts[1])
        async with await self._acquire() as conn:
            row = await conn.fetchrow(
                _PG_READ, channel, external_id, processed_key, opt_out_number, phones, emails
            )
        if row["opted_out"]:
            return None, None, [], True, []
        if row["done"] is not None:
            return (json.loads(row["done"]), stored_time(row["done_at"])), None, [], False, []
        listed: Listed = [(int(i), str(p), str(e)) for i, p, e in json.loads(row["listed"] or "[]")]
        if row["id"] is None:
            return None, None, [], False, listed
        conv = _conversation([row[name] for name in _COLUMNS], parse_time=False)
        lines = [(r, c, p) for r, c, p in json.loads(row["lines"])] if row["lines"] else []
        return None, conv, lines, False, listed

    async def latest(self, channel: str, external_id: str) -> Conversation | None:
        async with await self._acquire() as conn:
            row = await conn.fetchrow(_PG_LATEST, channel, external_id)
        return _conversation(list(row), parse_time=False) if row is not None else None

    async def set_status(self, conversation_id: str, status: str, now: datetime) -> None:
        async with await self._acquire() as conn:
            await conn.execute(_PG_SET_STATUS, conversation_id, status, now)

    async def select(self, sql: Sql, *args: Any) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in await self.fetch(sql.postgres, *args)]

    async def select_many(self, *reads: tuple[Sql, tuple[Any, ...]]) -> list[list[tuple[Any, ...]]]:
        async with await self._acquire() as conn:
            return [[tuple(row) for row in await conn.fetch(sql.postgres, *args)] for sql, args in reads]

    async def write(
        self,
        conv: Conversation,
        messages: Sequence[ChatLine],
        values: dict[str, Any],
        processed_key: str | None,
        result: dict[str, Any],
        now: datetime,
        entry: EntryWrite | None = None,
        create: tuple[str | None] | None = None,
        text_write: TextWrite | None = None,
    ) -> bool:
        if create is not None:  # the store creates it first on PostgreSQL (`Store.commit_turn`)
            raise ValueError("a new conversation is written with its turn on SQLite only")
        args: tuple[Any, ...] = (
            conv.id, conv.version, values["state"], values["stage"], values["status"], values["entry_id"],
            now, json.dumps(_lines(messages)), processed_key, json.dumps(result),
        )  # fmt: skip
        sql = _PG_WRITE
        if entry is not None:
            sql = _PG_WRITE_NEW_ENTRY if entry.new else _PG_WRITE_ENTRY_UPDATE
            args = (*args, *entry.pg_args())
        if text_write is not None:  # its CTEs before the count, its parameters after the others
            sql = sql.removesuffix(_PG_COUNT) + pg_text_write(len(args) + 1) + _PG_COUNT
            args = (*args, text_write.entry_id, text_write.phone)
        held = text_guard(entry, text_write)
        if held is not None:  # counted with the turn, so the function runs once the turn's row is written
            sql = sql.removesuffix(_PG_COUNT) + _pg_hold(len(args) + 1)
            args = (*args, *held)
        try:
            async with await self._acquire() as conn:
                return bool(await conn.fetchval(sql, *args) == 1)
        except asyncpg.UniqueViolationError as exc:
            raise DuplicateKey(str(exc)) from exc
        except asyncpg.TransactionRollbackError as exc:  # the number texted meanwhile (or a deadlock)
            raise NumberTextedMeanwhile(str(exc)) from exc

    async def create(self, conv: Conversation, abandon_id: str | None) -> bool:
        import asyncpg  # noqa: PLC0415 - as the pool's: asyncpg is loaded only when PostgreSQL is used

        values = [getattr(conv, name) for name in _COLUMNS]
        values[_COLUMNS.index("state")] = json.dumps(conv.state)
        try:
            async with await self._acquire() as conn:
                if abandon_id is None:
                    await conn.execute(_PG_CREATE, *values)
                    return True
                async with conn.transaction():
                    await conn.execute(_PG_ABANDON, abandon_id)
                    await conn.execute(_PG_CREATE, *values)
                return True
        except asyncpg.UniqueViolationError:
            return False

    async def new_entry_id(self) -> int:
        return int((await self.fetch(PG_NEXT_ENTRY_ID))[0][0])

    async def aclose(self) -> None:
        await self._pool.aclose()


def turn_sql_for(engine: AsyncEngine) -> TurnSql | None:
    """The driver-level hot path for this engine, or None to keep the Core path (Supabase's pooler,
    in-memory SQLite, an engine `create_engine` did not build)."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return None if url.database in (None, "", ":memory:") else SqliteTurnSql(engine)
    spec = spec_of(engine)
    if spec is None or spec.use_null_pool or url.get_driver_name() != "asyncpg":
        return None
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return PostgresTurnSql(dsn, dict(spec.connect_args), spec.pool_size)
