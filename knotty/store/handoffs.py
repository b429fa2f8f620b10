"""Texts that let a caller finish by typing: the caps they count against, and moving the conversation.

A handoff text costs the owner money and goes to a number the phone network vouches for (caller ID),
which can be spoofed, so it obeys the same caps as the confirmation texts (`knotty.texting`): at most
one per number per `per_number_days`, and the hourly cap counts confirmation and handoff texts
together. A conversation hands off at most once (a unique row per conversation), and the row is
written before the text leaves, by one conditional insert, so two processes can't both pass the caps.

Once the text is sent, the call's conversation *becomes* the text conversation: its channel and
external id change to the texting channel's and the caller's number (`move`), so the person's reply
finds the same state, entry and transcript through the ordinary texting webhook.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, case, exists, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from knotty.statuses import ConversationStatus, HandoffTextStatus
from knotty.store.boundary import translates_errors
from knotty.store.models import Conversation, HandoffText, SmsOptOut, WaitlistEntry, table_of, utcnow
from knotty.store.text_locks import take_text_turn

__all__ = ["HANDED_OFF_ALREADY", "HandoffCaps", "HandoffRow", "HandoffTexts", "texts_requested_since"]

_H = table_of(HandoffText)
_E = table_of(WaitlistEntry)
_C = table_of(Conversation)
_OPT_OUTS = table_of(SmsOptOut)

OPTED_OUT = "the number opted out of texts"
TEXTED_RECENTLY = "this number was sent a text to finish a call recently"
HOURLY_CAP_REACHED = "the hourly limit of texts is reached"
HANDED_OFF_ALREADY = "this conversation already offered to finish by text"
_PG_RESERVE = "SELECT knotty_reserve_handoff($1, $2, $3, $4, $5, $6::int, $7)"
"""PostgreSQL's reservation (migration 0014): conversation, phone, asking, per-number since, hour ago,
hourly cap, now; whether the row was written."""


@dataclass(frozen=True)
class HandoffCaps:
    """The caps as they stand now (from `TextingRules`)."""

    since: datetime
    """A handoff text to the number after this refuses another."""
    hour_ago: datetime
    hourly_cap: int
    """Confirmation and handoff texts requested after `hour_ago` together stay under this."""


def texts_requested_since(moment: datetime, cap: int) -> ColumnElement[int]:
    """Confirmation and handoff texts requested after `moment`, each kind counted up to `cap`: what the
    hourly cap counts (`requested >= cap` decides as a full count would, reading at most `cap` index
    entries of each kind; see `entry_reads.TEXT_CAPS`).

    Over aliases, so it can sit inside a statement on `waitlist_entries` without being correlated to it.
    """
    entries, handoffs = _E.alias("capped_entries"), _H.alias("capped_handoffs")
    confirmations = _count_recent(entries.c.confirmation_sms_requested_at, moment, cap)
    total: ColumnElement[int] = confirmations + _count_recent(handoffs.c.created_at, moment, cap)
    return total


def _count_recent(column: ColumnElement[datetime], moment: datetime, cap: int) -> ColumnElement[int]:
    """Rows whose `column` is after `moment`, counted up to `cap`, newest first."""
    recent = select(literal(1)).where(column > moment).order_by(column.desc()).limit(cap).subquery()
    return select(func.count()).select_from(recent).scalar_subquery()


@dataclass(frozen=True)
class HandoffRow:
    """A conversation's handoff text as written: where it stands, to whom, for what, since when."""

    status: str
    phone: str
    asking: str
    created_at: datetime


@translates_errors
class HandoffTexts:
    """Check, reserve and record handoff texts; move a conversation to the texting channel."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")

    async def refusal(self, phone: str, caps: HandoffCaps) -> str | None:
        """Why no handoff text may go to `phone` now (None when one may); writes nothing."""
        async with self.engine.connect() as conn:
            opted = await conn.execute(
                select(_OPT_OUTS.c.phone).where(_OPT_OUTS.c.phone == phone, _OPT_OUTS.c.opted_out.is_(True))
            )
            if opted.first() is not None:
                return OPTED_OUT
            recent = await conn.execute(
                select(_H.c.id).where(_H.c.phone == phone, _H.c.created_at > caps.since).limit(1)
            )
            if recent.first() is not None:
                return TEXTED_RECENTLY
            hourly = select(texts_requested_since(caps.hour_ago, caps.hourly_cap))
            if int((await conn.execute(hourly)).scalar_one()) >= caps.hourly_cap:
                return HOURLY_CAP_REACHED
        return None

    async def reserve(self, conversation_id: str, phone: str, asking: str, caps: HandoffCaps) -> str | None:
        """Write the conversation's handoff row (`sending`) if the caps allow it; else why not (nothing written)."""
        now, asking = utcnow(), asking[:16]
        try:
            if self.engine.dialect.name == "postgresql":
                written = await self._reserve_in_one_statement(conversation_id, phone, asking, caps, now)
            else:
                written = await self._reserve_under_lock(conversation_id, phone, asking, caps, now)
        except IntegrityError:
            return HANDED_OFF_ALREADY
        if written:
            return None
        return await self.refusal(phone, caps) or HOURLY_CAP_REACHED

    async def _reserve_in_one_statement(
        self, conversation_id: str, phone: str, asking: str, caps: HandoffCaps, now: datetime
    ) -> bool:
        """PostgreSQL: the function `knotty_reserve_handoff` (migration 0014), in autocommit, so the
        texts' lock is held inside the server and never across a round trip."""
        args = (conversation_id, phone, asking, caps.since, caps.hour_ago, caps.hourly_cap, now)
        async with self._autocommit.connect() as conn:
            return bool((await conn.exec_driver_sql(_PG_RESERVE, args)).scalar_one())

    async def _reserve_under_lock(
        self, conversation_id: str, phone: str, asking: str, caps: HandoffCaps, now: datetime
    ) -> bool:
        """SQLite: one conditional insert after the texts' turn (`text_locks`)."""
        allowed = and_(
            ~exists().where(_H.c.phone == phone, _H.c.created_at > caps.since),
            ~exists().where(_OPT_OUTS.c.phone == phone, _OPT_OUTS.c.opted_out.is_(True)),
            texts_requested_since(caps.hour_ago, caps.hourly_cap) < caps.hourly_cap,
        )
        row = select(
            literal(conversation_id),
            literal(phone),
            literal(asking),
            literal(HandoffTextStatus.SENDING),
            literal(now, _H.c.created_at.type),
        ).where(allowed)
        async with self.engine.begin() as conn:
            await take_text_turn(conn)  # the hourly count below holds across processes
            res = await conn.execute(
                insert(_H).from_select(["conversation_id", "phone", "asking", "status", "created_at"], row)
            )
            return res.rowcount == 1

    async def stopped(self, conversation_id: str, phone: str) -> bool:
        """Whether `phone` opted out (STOP) since the conversation's row was reserved: asked at the last
        moment before the text leaves, by one read; when it did, the row is closed `opted_out`."""
        opted = select(_OPT_OUTS.c.phone).where(_OPT_OUTS.c.phone == phone, _OPT_OUTS.c.opted_out.is_(True))
        async with self.engine.connect() as conn:
            if (await conn.execute(opted)).first() is None:
                return False
        async with self.engine.begin() as conn:
            await conn.execute(
                update(_H)
                .where(_H.c.conversation_id == conversation_id, _H.c.status == HandoffTextStatus.SENDING)
                .values(
                    status=HandoffTextStatus.OPTED_OUT,
                    error="the number opted out (STOP) before the text left",
                )
            )
        return True

    async def status_of(self, conversation_id: str) -> str | None:
        """Where the conversation's handoff text stands (`sending`, `sent`, `failed`), or None."""
        row = await self.row_of(conversation_id)
        return row.status if row else None

    async def row_of(self, conversation_id: str) -> HandoffRow | None:
        """The conversation's handoff text, or None when it has none."""
        query = select(_H.c.status, _H.c.phone, _H.c.asking, _H.c.created_at).where(
            _H.c.conversation_id == conversation_id
        )
        async with self.engine.connect() as conn:
            found = (await conn.execute(query)).first()
        if found is None:
            return None
        status, phone, asking, created_at = found
        if created_at.tzinfo is None:  # SQLite hands back naive UTC
            created_at = created_at.replace(tzinfo=UTC)
        return HandoffRow(status, phone, asking, created_at)

    async def record(
        self,
        conversation_id: str,
        status: HandoffTextStatus,
        *,
        sid: str | None = None,
        error: str | None = None,
    ) -> None:
        """What became of the conversation's handoff text."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(_H)
                .where(_H.c.conversation_id == conversation_id)
                .values(status=status, sid=sid, error=(error or None) and error[:200])
            )

    async def move(self, conversation_id: str, channel: str, external_id: str) -> bool:
        """Carry the active conversation on `channel` as `external_id`; False when it is no longer active.

        Another active conversation of that channel and id (the person texted earlier) is closed in the
        same transaction (completed if it saved an entry, else abandoned): the one they are finishing
        now takes its place.
        """
        now = utcnow()
        ended = case(
            (_C.c.entry_id.is_not(None), ConversationStatus.COMPLETED), else_=ConversationStatus.ABANDONED
        )
        async with self.engine.begin() as conn:
            await conn.execute(
                update(_C)
                .where(
                    _C.c.channel == channel,
                    _C.c.external_id == external_id,
                    _C.c.status == ConversationStatus.ACTIVE,
                    _C.c.id != conversation_id,
                )
                .values(status=ended, version=_C.c.version + 1, updated_at=now)
            )
            res = await conn.execute(
                update(_C)
                .where(_C.c.id == conversation_id, _C.c.status == ConversationStatus.ACTIVE)
                .values(channel=channel, external_id=external_id, version=_C.c.version + 1, updated_at=now)
            )
            return bool(res.rowcount == 1)
