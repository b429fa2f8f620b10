"""The confirmation texts' outbox: rows written with the acceptance, claimed under a lease, outcomes recorded.

Every write here is one short transaction. On PostgreSQL, a text's own steps (the mark before its
POST leaves, its `sent`) are each one statement on the hot path's driver connections (`turn_sql`):
through Core they took about eight round trips a text on the engine's own pool, and the texts under
way at once grew that pool past its size; each connection it opened, and closed again after, cost
PostgreSQL a new server process (about 11 ms of its CPU, 17 ms of the text's time). The claim, one
loop per process, stays on the engine: the driver's connections plan once for every value
(`pg_connections`), and that one plan of the claim's function read every text ever sent. A worker claims due rows atomically (`FOR UPDATE SKIP
LOCKED` on PostgreSQL, so two processes never wait on or take the same row; a conditional UPDATE on
SQLite, which has one writer at a time) and holds them under a lease: a row claimed by a process that
died is due again once its lease expires. Failures and retries are fenced by the lease owner, so a
process that lost its lease (it stalled, another took over) can't overwrite the newer attempt; a
successful send is recorded whoever holds the lease, since it is a fact about Twilio. Each outcome is
mirrored on the entry (`confirmation_sms_status`), which the admin and the export show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, func, insert, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql import FromClause

from knotty.statuses import FINAL_TEXT_STATUSES, OPEN_TEXT_STATUSES, EntryTextStatus, TextStatus
from knotty.store.boundary import translates_errors
from knotty.store.models import OPEN_TEXT, ConfirmationText, SmsOptOut, WaitlistEntry, table_of, utcnow
from knotty.store.text_locks import take_text_turn
from knotty.store.turn_sql import PostgresTurnSql, TurnSql

__all__ = [
    "FINAL",
    "OPEN",
    "ClaimedText",
    "Outbox",
    "Posting",
    "TextCaps",
    "TextRow",
]

_TEXTS = table_of(ConfirmationText)
_ENTRIES = table_of(WaitlistEntry)
_OPT_OUTS = table_of(SmsOptOut)

OPEN = OPEN_TEXT_STATUSES
_OPEN_WORDS = text(OPEN_TEXT)
"""The open texts in their partial index's own words: the poll for due texts, every second in every
process, then reads the open texts alone. With bound statuses only, PostgreSQL's one plan for the poll
(kept after a few asks) read every text ever sent."""
FINAL = FINAL_TEXT_STATUSES
_PG_CLAIM = "SELECT * FROM knotty_claim_texts($1, $2::int, $3, $4, $5, $6::int, $7)"
"""PostgreSQL's claim (migration 0013): owner, limit, lease until, per-number since, hour ago, hourly
cap, now; the rows claimed, in the order they go."""
_PG_POSTING = f"""
UPDATE confirmation_texts t SET posted_at = coalesce(t.posted_at, $4), body = $3, updated_at = $4
WHERE t.id = $1 AND t.lease_owner = $2 AND t.status = '{TextStatus.SENDING.value}'
  AND NOT EXISTS (SELECT 1 FROM sms_opt_outs o WHERE o.phone = t.phone AND o.opted_out)
RETURNING t.id
"""  # noqa: S608 - constants only
"""`mark_posting`'s usual answer (the text may go) in one statement: $1 text, $2 owner, $3 body, $4 now."""
_PG_SENT = f"""
WITH sent AS (
    UPDATE confirmation_texts SET status = '{TextStatus.SENT.value}', sid = $2, lease_owner = NULL,
        lease_until = NULL, last_error = NULL, updated_at = $4, twilio_status = coalesce(twilio_status, $3)
    WHERE id = $1
    RETURNING entry_id, attempts
)
UPDATE waitlist_entries e SET confirmation_sms_status = '{EntryTextStatus.SENT.value}', confirmation_sms_sid = $2,
    confirmation_sms_attempts = sent.attempts, updated_at = $4
FROM sent WHERE e.id = sent.entry_id
"""  # noqa: S608 - constants only
"""`record_sent` in one statement: $1 text, $2 sid, $3 Twilio's status, $4 now."""
_TWILIO_RANK = {
    "accepted": 1,
    "scheduled": 1,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "undelivered": 4,
    "failed": 4,
    "read": 5,
    "canceled": 4,
}
"""Twilio's statuses in the order they happen: a late `sent` callback never overwrites `delivered`."""
_ENTRY_STATUS = {
    "undelivered": EntryTextStatus.FAILED,
    "failed": EntryTextStatus.FAILED,
    "canceled": EntryTextStatus.FAILED,
}
"""Twilio's final failures, as the entry shows them; every other Twilio status keeps the entry `sent`."""


class Posting(StrEnum):
    """What `Outbox.mark_posting` found: the text may go, the lease was lost, or the number said STOP."""

    GO = "go"
    LOST = "lost"
    OPTED_OUT = "opted_out"


@dataclass(frozen=True)
class TextCaps:
    """The SMS caps as they stand at claim time: the same rules an acceptance read (`Store.text_decision`),
    held here under the texts' lock, since an acceptance is written with its turn, without it."""

    since: datetime
    """Another text posted to the number after this: this one is not sent (`capped`)."""
    hour_ago: datetime
    hourly_cap: int
    """At most this many texts posted after `hour_ago`; more wait for the next hour."""


@dataclass(frozen=True)
class ClaimedText:
    """A row this process now holds the lease on."""

    id: int
    entry_id: int
    phone: str
    attempts: int
    """Including this one."""
    posted_at: datetime | None
    """Set when an earlier attempt may have reached Twilio: look it up before posting again."""
    body: str | None
    sid: str | None
    created_at: datetime


@dataclass(frozen=True)
class TextRow:
    """A text as the admin page shows it."""

    id: int
    entry_id: int
    status: TextStatus
    attempts: int
    twilio_status: str | None
    sid: str | None
    last_error: str | None
    updated_at: datetime


def _in_flight(now: datetime, t: FromClause = _TEXTS) -> ColumnElement[bool]:
    """Claimed under a live lease and not yet known to be posted: the caps count it as sent (rows of `t`,
    the texts' table or an alias of it)."""
    return and_(t.c.status == TextStatus.SENDING, t.c.posted_at.is_(None), t.c.lease_until >= now)


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=utcnow().tzinfo)  # SQLite hands back naive UTC


@translates_errors
class Outbox:
    """Claims and outcomes of the confirmation texts (the sending itself is the channels').

    Every method raises `StoreUnavailable` when the database is away (`boundary`).
    """

    def __init__(self, engine: AsyncEngine, turns: TurnSql | None = None) -> None:
        self.engine = engine
        self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._driver = turns if isinstance(turns, PostgresTurnSql) else None
        """PostgreSQL's driver connections for a text's own steps (None: Core, as on SQLite)."""

    # --- claiming ----------------------------------------------------------------------------

    async def claim(self, owner: str, *, limit: int, lease_s: float, caps: TextCaps) -> list[ClaimedText]:
        """Take up to `limit` due rows under a lease of `lease_s` seconds; the caps decide which may go.

        A row whose number opted out is closed `opted_out`; one whose number was texted within the
        per-number window by another row is closed `capped`; when the hourly cap is reached, rows wait.
        """
        if limit <= 0:
            return []
        now = utcnow()
        if self.engine.dialect.name == "postgresql":
            return await self._claim_in_one_statement(
                owner, limit, now + timedelta(seconds=lease_s), caps, now
            )
        t = _TEXTS
        due = and_(
            _OPEN_WORDS,
            or_(
                and_(t.c.status == TextStatus.PENDING, t.c.due_at <= now),
                and_(t.c.status == TextStatus.SENDING, t.c.lease_until < now),
            ),
        )
        async with self.engine.begin() as conn:
            if (await conn.execute(select(t.c.id).where(due).limit(1))).first() is None:
                return []  # the usual poll: nothing due, no lock taken
            await take_text_turn(conn)  # the caps below count what other processes just claimed
            # Under the lock: one read (the due rows, each with its number's checks, and the hour's
            # count), one update of the rows claimed. A statement per row here held the lock for
            # every other process's acceptance (20-84 ms queues under load, `docs/benchmarks.md`).
            rows = (await conn.execute(self._due_rows(due, caps, now).limit(limit))).all()
            if not rows:
                return []
            posted_this_hour = int(rows[0].posted_this_hour or 0)
            chosen, taken_numbers = [], set()
            for row in rows:
                if row.posted_at is None and posted_this_hour >= caps.hourly_cap:
                    # The hourly cap holds at claim time too: it waits, nothing is lost.
                    continue
                if row.opted_out:
                    await self._close(
                        conn,
                        row.id,
                        row.entry_id,
                        TextStatus.OPTED_OUT,
                        "the number opted out (STOP)",
                        row.attempts,
                    )
                    continue
                if row.texted_elsewhere:
                    await self._close(
                        conn,
                        row.id,
                        row.entry_id,
                        TextStatus.CAPPED,
                        "another text went to this number recently",
                        row.attempts,
                    )
                    continue
                if row.in_flight_elsewhere or row.phone in taken_numbers:
                    continue  # another text to this number is being sent: this one waits for its outcome
                taken_numbers.add(row.phone)
                if row.posted_at is None:
                    posted_this_hour += 1
                chosen.append(row)
            if not chosen:
                return []
            won = set(
                (
                    await conn.execute(
                        update(t)
                        .where(t.c.id.in_([row.id for row in chosen]), due)
                        .values(
                            status=TextStatus.SENDING,
                            lease_owner=owner,
                            lease_until=now + timedelta(seconds=lease_s),
                            attempts=t.c.attempts + 1,
                            updated_at=now,
                        )
                        .returning(t.c.id)
                    )
                ).scalars()
            )
        return [
            ClaimedText(
                row.id,
                row.entry_id,
                row.phone,
                row.attempts + 1,
                _aware(row.posted_at),
                row.body,
                row.sid,
                _aware(row.created_at) or now,
            )
            for row in chosen
            if row.id in won
        ]

    async def _claim_in_one_statement(
        self, owner: str, limit: int, lease_until: datetime, caps: TextCaps, now: datetime
    ) -> list[ClaimedText]:
        """PostgreSQL's claim: the same rules as SQLite's, in the function `knotty_claim_texts`
        (migration 0013), one statement in autocommit, so the texts' lock is held inside the server
        and never across a round trip that every acceptance would wait behind."""
        args = (owner, limit, lease_until, caps.since, caps.hour_ago, caps.hourly_cap, now)
        async with self._autocommit.connect() as conn:
            rows = (await conn.exec_driver_sql(_PG_CLAIM, args)).all()
        return [ClaimedText(*tuple(row)) for row in rows]  # the function's columns are ClaimedText's fields

    @staticmethod
    def _due_rows(due: ColumnElement[bool], caps: TextCaps, now: datetime) -> Any:
        """The due rows in the order they go, each with what the caps ask of its number: whether it
        opted out (STOP), whether another of its texts was posted after `caps.since`, whether another
        is in flight (`_in_flight`); and the texts the hourly cap counts (posted within the hour or
        in flight), the same on every row."""
        t, o = _TEXTS, _OPT_OUTS
        other = t.alias("other")
        counted = t.alias("counted")
        elsewhere = and_(other.c.phone == t.c.phone, other.c.id != t.c.id)
        return (
            select(
                t,
                select(o.c.opted_out).where(o.c.phone == t.c.phone).scalar_subquery().label("opted_out"),
                select(other.c.id)
                .where(elsewhere, other.c.posted_at > caps.since)
                .exists()
                .label("texted_elsewhere"),
                select(other.c.id)
                .where(elsewhere, _in_flight(now, other))
                .exists()
                .label("in_flight_elsewhere"),
                select(func.count())
                .select_from(counted)
                .where(or_(counted.c.posted_at > caps.hour_ago, _in_flight(now, counted)))
                .scalar_subquery()
                .label("posted_this_hour"),
            )
            .where(due)
            .order_by(t.c.due_at, t.c.id)
        )

    async def renew(self, text_id: int, owner: str, lease_s: float) -> bool:
        """Extend this process's lease while an attempt is under way; False when the lease was lost."""
        t = _TEXTS
        async with self.engine.begin() as conn:
            res = await conn.execute(
                update(t)
                .where(t.c.id == text_id, t.c.lease_owner == owner, t.c.status == TextStatus.SENDING)
                .values(lease_until=utcnow() + timedelta(seconds=lease_s))
            )
            return res.rowcount == 1

    async def mark_posting(self, text_id: int, owner: str, body: str) -> Posting:
        """Record, before the POST leaves, that it may reach Twilio (the earliest time is kept), unless
        the number opted out since the row was claimed: then the row is closed `opted_out` instead.

        The number's opt-out is read in the same statement (no round trip more), at the last moment
        before the send: a STOP that lands while a text is under way stops it here, not only at Twilio.
        """
        t, o = _TEXTS, _OPT_OUTS
        now = utcnow()
        if self._driver is not None and await self._driver.fetch(_PG_POSTING, text_id, owner, body, now):
            return Posting.GO  # else the lease went, or a STOP came: Core tells which, and closes the row
        held = and_(t.c.id == text_id, t.c.lease_owner == owner, t.c.status == TextStatus.SENDING)
        stopped = select(o.c.phone).where(o.c.phone == t.c.phone, o.c.opted_out.is_(True)).exists()
        async with self.engine.begin() as conn:
            res = await conn.execute(
                update(t)
                .where(held, ~stopped)
                .values(posted_at=func.coalesce(t.c.posted_at, now), body=body, updated_at=now)
            )
            if res.rowcount == 1:
                return Posting.GO
            row = (await conn.execute(select(t.c.entry_id, t.c.attempts).where(held))).first()
            if row is None:
                return Posting.LOST
            await self._close(
                conn,
                text_id,
                row.entry_id,
                TextStatus.OPTED_OUT,
                "the number opted out (STOP) before the text left",
                row.attempts,
            )
            return Posting.OPTED_OUT

    # --- outcomes ----------------------------------------------------------------------------

    async def record_sent(self, text_id: int, sid: str, twilio_status: str | None) -> None:
        """Twilio has the message: the row and its entry say `sent` (whoever holds the lease now)."""
        t, e = _TEXTS, _ENTRIES
        now = utcnow()
        if self._driver is not None:
            await self._driver.fetch(_PG_SENT, text_id, sid, twilio_status, now)
            return
        async with self.engine.begin() as conn:
            row = (await conn.execute(select(t.c.entry_id, t.c.attempts).where(t.c.id == text_id))).first()
            if row is None:
                return
            await conn.execute(
                update(t)
                .where(t.c.id == text_id)
                .values(
                    status=TextStatus.SENT,
                    sid=sid,
                    lease_owner=None,
                    lease_until=None,
                    last_error=None,
                    updated_at=now,
                    twilio_status=func.coalesce(t.c.twilio_status, twilio_status),
                )
            )
            await conn.execute(
                update(e)
                .where(e.c.id == row.entry_id)
                .values(
                    confirmation_sms_status=EntryTextStatus.SENT,
                    confirmation_sms_sid=sid,
                    confirmation_sms_attempts=row.attempts,
                    updated_at=now,
                )
            )

    async def record_retry(self, text_id: int, owner: str, delay_s: float, error: str) -> bool:
        """Back to `pending`, due again in `delay_s`; False when this process no longer held the lease."""
        t = _TEXTS
        now = utcnow()
        async with self.engine.begin() as conn:
            res = await conn.execute(
                update(t)
                .where(t.c.id == text_id, t.c.lease_owner == owner, t.c.status == TextStatus.SENDING)
                .values(
                    status=TextStatus.PENDING,
                    due_at=now + timedelta(seconds=delay_s),
                    lease_owner=None,
                    lease_until=None,
                    last_error=error[:200],
                    updated_at=now,
                )
            )
            return res.rowcount == 1

    async def record_final(
        self, text_id: int, owner: str, status: TextStatus, error: str, *, opt_out_phone: str | None = None
    ) -> bool:
        """Close the row (`failed`, `opted_out`) and its entry; False when the lease was lost."""
        t = _TEXTS
        async with self.engine.begin() as conn:
            row = (
                await conn.execute(
                    select(t.c.entry_id, t.c.attempts, t.c.phone).where(
                        t.c.id == text_id, t.c.lease_owner == owner, t.c.status == TextStatus.SENDING
                    )
                )
            ).first()
            if row is None:
                return False
            if opt_out_phone:
                await self._opt_out(conn, opt_out_phone)
            await self._close(conn, text_id, row.entry_id, status, error, row.attempts)
            return True

    async def release(self, owner: str) -> int:
        """Hand this process's leases back, due now (a graceful shutdown): the next process takes them."""
        t = _TEXTS
        now = utcnow()
        async with self.engine.begin() as conn:
            res = await conn.execute(
                update(t)
                .where(t.c.lease_owner == owner, t.c.status == TextStatus.SENDING)
                .values(
                    status=TextStatus.PENDING, due_at=now, lease_owner=None, lease_until=None, updated_at=now
                )
            )
            return int(res.rowcount or 0)

    async def record_twilio_status(
        self, *, text_id: int | None, sid: str, status: str, error_code: str | None = None
    ) -> bool:
        """Land a status callback on its row (by the row id in the callback URL, else by SID).

        A callback for a row still `pending` or `sending` proves the POST reached Twilio even if its
        answer never came back: the row becomes `sent` with this SID, and is never posted again.
        Statuses only move forward. False when no row matches.
        """
        t, e = _TEXTS, _ENTRIES
        now = utcnow()
        async with self.engine.begin() as conn:
            where = t.c.id == text_id if text_id is not None else t.c.sid == sid
            query = select(t).where(where)
            if conn.dialect.name == "postgresql":
                query = query.with_for_update()
            row = (await conn.execute(query)).first()
            if row is None or (row.sid and sid and row.sid != sid):
                return False
            values: dict[str, Any] = {"updated_at": now}
            if _TWILIO_RANK.get(status, 0) >= _TWILIO_RANK.get(row.twilio_status or "", 0):
                values["twilio_status"] = status[:16]
            if error_code:
                values["last_error"] = f"Twilio error {error_code}"[:200]
            if row.status in OPEN:
                values.update(status=TextStatus.SENT, sid=sid, lease_owner=None, lease_until=None)
            await conn.execute(update(t).where(t.c.id == row.id).values(**values))
            entry_values: dict[str, Any] = {"confirmation_sms_sid": sid, "updated_at": now}
            if "twilio_status" in values and status in _ENTRY_STATUS:
                entry_values["confirmation_sms_status"] = _ENTRY_STATUS[status]
            elif row.status in OPEN:
                entry_values["confirmation_sms_status"] = EntryTextStatus.SENT
            await conn.execute(update(e).where(e.c.id == row.entry_id).values(**entry_values))
            return True

    # --- reading -----------------------------------------------------------------------------

    async def open_count(self) -> int:
        """Rows still to send or being sent."""
        t = _TEXTS
        async with self.engine.connect() as conn:
            return int(
                (await conn.execute(select(func.count()).select_from(t).where(t.c.status.in_(OPEN)))).scalar()
                or 0
            )

    async def next_due_in(self) -> float | None:
        """Seconds until the next open row is due (0 when one is due now), None when none is open."""
        t = _TEXTS
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(func.min(func.coalesce(t.c.lease_until, t.c.due_at))).where(t.c.status.in_(OPEN))
                )
            ).scalar()
        due = _aware(row)
        return None if due is None else max(0.0, (due - utcnow()).total_seconds())

    async def texts_of(self, entry_ids: list[int]) -> dict[int, TextRow]:
        """The newest text of each of these entries."""
        if not entry_ids:
            return {}
        t = _TEXTS
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(t).where(t.c.entry_id.in_(entry_ids)).order_by(t.c.id))
            return {
                r.entry_id: TextRow(
                    r.id,
                    r.entry_id,
                    TextStatus(r.status),
                    r.attempts,
                    r.twilio_status,
                    r.sid,
                    r.last_error,
                    _aware(r.updated_at) or utcnow(),
                )
                for r in rows
            }

    # --- helpers -----------------------------------------------------------------------------

    @staticmethod
    async def _opt_out(conn: AsyncConnection, phone: str) -> None:
        o = _OPT_OUTS
        now = utcnow()
        res = await conn.execute(update(o).where(o.c.phone == phone).values(opted_out=True, updated_at=now))
        if res.rowcount == 0:
            await conn.execute(insert(o).values(phone=phone, opted_out=True, updated_at=now))

    @staticmethod
    async def _close(
        conn: AsyncConnection, text_id: int, entry_id: int, status: TextStatus, error: str, attempts: int
    ) -> None:
        t, e = _TEXTS, _ENTRIES
        now = utcnow()
        await conn.execute(
            update(t)
            .where(t.c.id == text_id)
            .values(status=status, lease_owner=None, lease_until=None, last_error=error[:200], updated_at=now)
        )
        entry_status = EntryTextStatus.OPTED_OUT if status == TextStatus.OPTED_OUT else EntryTextStatus.FAILED
        await conn.execute(
            update(e)
            .where(e.c.id == entry_id)
            .values(confirmation_sms_status=entry_status, confirmation_sms_attempts=attempts, updated_at=now)
        )
