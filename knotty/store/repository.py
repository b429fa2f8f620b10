"""Every read and write the agent and the admin tools make, each in its own short transaction.

No transaction stays open while a brain thinks: a turn reads, lets the brain work, then writes
once, guarded by the conversation's version so two processes can never both advance it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, case, func, insert, or_, text, update
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql as postgresql_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from knotty.errors import StaleConversation
from knotty.fields.name import same_first_name, same_surname
from knotty.statuses import ConversationStatus, EntryTextStatus
from knotty.store.boundary import DATABASE_ERRORS, translates_errors
from knotty.store.database import session_factory, sqlite_file_path
from knotty.store.deferred_texts import LATER_KEY_PREFIX, DeferredTexts
from knotty.store.entry_query import entry_filters, entry_order
from knotty.store.entry_reads import (
    ENTRIES_OF_SIGNUP,
    ENTRY_NAME,
    KEPT_APART_WITH_PHONE,
    OPTED_OUT,
    TEXT_CAPS,
    TEXT_DECISION,
    TEXT_OFFER,
    TEXTED_SINCE,
    EntryRow,
)
from knotty.store.entry_write import (
    PG_NEXT_ENTRY_ID,
    SQLITE_FORGET_ENTRY_IDS,
    SQLITE_TAKE_ENTRY_ID,
    EntryWrite,
    TextWrite,
    hold_number_text_core,
    text_write_core,
    write_entry_core,
)
from knotty.store.erasure import Erased, erase_entry
from knotty.store.handoffs import texts_requested_since
from knotty.store.models import (
    ENTRY_ID_MAX,
    TEXT_TURN_KEY_PREFIX,
    Conversation,
    Message,
    ProcessedTurn,
    SmsOptOut,
    WaitlistEntry,
    advance_turn,
    new_conversation,
    table_of,
    utcnow,
)
from knotty.store.old_keys import prune_keys
from knotty.store.outbox import Outbox
from knotty.store.rate_limits import SharedCounters
from knotty.store.sqlite_file import has_room
from knotty.store.text_decisions import TextDecision, settled
from knotty.store.turn_sql import DuplicateKey, Sql, sqlite_args, stored_time, turn_sql_for
from knotty.transcript import ChatLine

__all__ = [
    "EntryWrite",
    "ListedLookup",
    "PlannedEntry",
    "SavedEntry",
    "Store",
    "TextWrite",
    "TurnSnapshot",
    "Unwritten",
    "idle_cutoff",
]


_CONVERSATIONS = table_of(Conversation)
_MESSAGES = table_of(Message)
_PROCESSED = table_of(ProcessedTurn)
_OPT_OUTS = table_of(SmsOptOut)
_ENTRIES = table_of(WaitlistEntry)
_INSERT_OR: dict[str, Any] = {"sqlite": sqlite_dialect.insert, "postgresql": postgresql_dialect.insert}
"""Each database's INSERT with its ON CONFLICT clauses (the same words on both)."""

KEYWORD_KEY_PREFIX = "sms-keyword:"
"""Keys of STOP/START texts already honoured; never pruned."""
TEXTED_RECENTLY = "this number was sent a confirmation text recently"
HOURLY_CAP_REACHED = "the hourly limit of confirmation texts is reached"


@dataclass(frozen=True)
class SavedEntry:
    """What a save wrote, and whether the conversation that saved it may change it later."""

    entry: WaitlistEntry
    owned: bool
    """False when the signup matched a listed entry exactly and nothing was written."""


@dataclass(frozen=True)
class PlannedEntry:
    """A save as the tool decided it: the entry's id, and the write that goes with the turn."""

    id: int
    owned: bool
    """False when the signup matched a listed entry exactly and nothing is written."""
    review_reason: str | None
    write: EntryWrite | None
    """None when nothing is written (an identical listed entry)."""
    text_offer: tuple[bool, bool] | None = None
    """`Store.text_offer_reads` of the signup's phone, read with the plan when asked (`offer_since`)."""
    another_person: bool = False
    """Kept apart because the entry listing the person's own (proven) number names someone else: a
    phone shared by a couple or a family (`_the_holder_again`)."""
    apart_again: bool = False
    """The write updates the person's own earlier signup, kept apart beside another person's entry
    listing their proven number (`Store._kept_apart_signup`), instead of adding another."""


@dataclass(frozen=True)
class Unwritten:
    """A new conversation the first turn's write creates (`Store.conversation_for_turn`)."""

    abandon_id: str | None
    """The sender's idle active conversation it replaces, closed as abandoned in the same transaction."""


@dataclass(frozen=True)
class TurnSnapshot:
    """Everything a turn reads, fetched in one session: a stored answer, the conversation, its lines."""

    processed: dict[str, Any] | None
    conversation: Conversation | None
    history: list[ChatLine]
    """The conversation's lines, oldest first (only when it is active)."""
    opted_out: bool = False
    """The number asked about texted STOP (and not START since): nothing else was read."""
    listed: ListedLookup | None = None
    """Which listed entries hold the contacts asked about with the read (None: not asked with it)."""
    processed_at: datetime | None = None
    """When `processed` was stored (UTC): a retry's window runs from it. Kept in its row's column, not
    in the answer, so that every version of Knotty reads the answers any other version wrote."""


@dataclass(frozen=True)
class ListedLookup:
    """The answer `Store.listed_contacts` would give for `phones` and `emails`, read with the turn."""

    phones: tuple[str, ...]
    emails: tuple[str, ...]
    rows: list[tuple[int, str, str]]
    """(id, phone, email) of the listed entries holding any of them, by id."""


@translates_errors
class Store:
    """Async persistence for conversations, transcripts, waitlist entries and idempotency keys.

    Every method raises `StoreUnavailable` when the database is away or refuses a statement
    (`boundary`), and `StaleConversation` when another writer got there first.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._session = session_factory(engine)
        self._turns = turn_sql_for(engine)
        """The turn's read and write on the driver (None: Core, as behind Supabase's pooler)."""
        self.outbox = Outbox(engine, self._turns)
        """The confirmation texts' outbox (claims and outcomes)."""
        self.later = DeferredTexts(engine)
        """Inbound texts kept for later while the process was overloaded."""
        # Reads on the hot path need no transaction: on PostgreSQL, autocommit spares the BEGIN and
        # ROLLBACK round trips around them (on SQLite switching modes would cost more than it saves).
        self._reader = (
            engine
            if engine.dialect.name == "sqlite"
            else engine.execution_options(isolation_level="AUTOCOMMIT")
        )
        self._sqlite = engine.dialect.name == "sqlite"
        self.limits = SharedCounters(engine, self._turns)
        """Rate-limit counters every process and machine on this database shares."""

    async def aclose(self) -> None:
        """Close the connections the hot path opened itself (the engine's pool is disposed by its owner)."""
        if self._turns is not None:
            await self._turns.aclose()

    async def ping(self) -> bool:
        """Whether the database answers a trivial query and, on SQLite, its disk has room to write
        (`sqlite_file.has_room`: a full disk still answers reads, and fails every signup)."""
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except DATABASE_ERRORS:
            return False
        path = sqlite_file_path(self.engine)
        return path is None or has_room(path)

    # --- idempotency -------------------------------------------------------------------------

    async def processed_result(self, key: str) -> dict[str, Any] | None:
        """The stored result of a turn already answered under this key, if any."""
        async with self._session() as s:
            row = await s.get(ProcessedTurn, key)
            return dict(row.result) if row else None

    async def claim_once(
        self, key: str, conversation_id: str = "", result: dict[str, Any] | None = None
    ) -> bool:
        """Record `key` as handled; False when it already was (a retry of the same event)."""
        async with self._session() as s:
            s.add(ProcessedTurn(key=key, conversation_id=conversation_id, result=result or {}))
            try:
                await s.commit()
                return True
            except IntegrityError:
                return False

    async def prune_processed(self, before: datetime) -> int:
        """Forget idempotency keys older than `before` (Twilio retries within minutes, not days), in
        short batches (`old_keys`).

        Opt-out keywords are kept: a STOP or START is rare, and its key is what stops a replay of it
        from changing the number's choice weeks later. Texts kept to be answered later are kept until
        they are. A text's turn key is kept emptied, as a tombstone that answers nothing (`old_keys`).
        """
        return await prune_keys(
            self.engine, before, kept=(KEYWORD_KEY_PREFIX, LATER_KEY_PREFIX), spent=(TEXT_TURN_KEY_PREFIX,)
        )

    # --- conversations -----------------------------------------------------------------------

    async def latest_conversation(self, channel: str, external_id: str) -> Conversation | None:
        """The newest conversation of this channel and external id, whatever its status."""
        if self._turns is not None:  # every call's end asks it: on the driver, not in an ORM session
            return await self._turns.latest(channel, external_id)
        async with self._session() as s:
            stmt = (
                select(Conversation)
                .where(Conversation.channel == channel, Conversation.external_id == external_id)
                .order_by(col(Conversation.created_at).desc())
                .limit(1)
            )
            return (await s.exec(stmt)).first()

    async def load_for_turn(
        self,
        channel: str,
        external_id: str,
        processed_key: str | None = None,
        *,
        opt_out_number: str | None = None,
        phones: Sequence[str] = (),
        emails: Sequence[str] = (),
    ) -> TurnSnapshot:
        """The reads of one turn in one go: on the driver (`turn_sql`), or as Core statements.

        With `opt_out_number`, whether that number opted out of texts is read first, in the same go
        (an SMS turn asks it on every text). With `phones` or `emails`, the driver's read also answers
        `listed_contacts` for them (`TurnSnapshot.listed`; the Core path leaves that to its own query).
        """
        if self._turns is not None:
            asked = (tuple(p for p in phones if p), tuple(e for e in emails if e))
            done, found, lines, opted_out, listed = await self._turns.read(
                channel, external_id, processed_key, opt_out_number, asked
            )
            if done is not None:
                return TurnSnapshot(done[0], None, [], processed_at=done[1])
            lookup = ListedLookup(*asked, listed) if not opted_out else None
            return TurnSnapshot(None, found, [ChatLine.stored(*line) for line in lines], opted_out, lookup)
        c, m, p, o = _CONVERSATIONS, _MESSAGES, _PROCESSED, _OPT_OUTS
        async with self._reader.connect() as conn:
            if opt_out_number:
                opted = (
                    await conn.execute(sa_select(o.c.opted_out).where(o.c.phone == opt_out_number))
                ).first()
                if opted is not None and opted.opted_out:
                    return TurnSnapshot(None, None, [], opted_out=True)
            if processed_key:
                processed = (
                    await conn.execute(sa_select(p.c.result, p.c.created_at).where(p.c.key == processed_key))
                ).first()
                if processed is not None:
                    at = stored_time(processed.created_at)
                    return TurnSnapshot(dict(processed.result), None, [], processed_at=at)
            row = (
                await conn.execute(
                    sa_select(c)
                    .where(c.c.channel == channel, c.c.external_id == external_id)
                    .order_by(c.c.created_at.desc())
                    .limit(1)
                )
            ).first()
            conv = Conversation(**row._mapping) if row is not None else None
            history: list[ChatLine] = []
            if conv is not None and conv.status == ConversationStatus.ACTIVE:
                rows = await conn.execute(
                    sa_select(m.c.role, m.c.content, m.c.payload)
                    .where(m.c.conversation_id == conv.id)
                    .order_by(m.c.id)
                )
                history = [ChatLine.stored(r.role, r.content, r.payload) for r in rows]
            return TurnSnapshot(None, conv, history)

    async def create_conversation(
        self, channel: str, external_id: str, state: dict[str, Any], *, abandon_id: str | None = None
    ) -> Conversation:
        """A new active conversation, or the one a concurrent request created a moment ago.

        `abandon_id` names an idle active conversation of the same sender to close in the same
        transaction, so the new one can take its place.
        """
        conv = new_conversation(channel, external_id, state)
        if await self._create(conv, abandon_id):
            return conv
        return await self._opened_meanwhile(channel, external_id)

    async def _create(self, conv: Conversation, abandon_id: str | None) -> bool:
        """Insert a new conversation (closing `abandon_id` as abandoned) in one transaction; False when a
        concurrent request opened the sender's active conversation first."""
        if self._turns is not None:
            return await self._turns.create(conv, abandon_id)
        c = _CONVERSATIONS
        try:
            async with self.engine.begin() as conn:  # every new conversation: Core, not an ORM session
                if abandon_id:
                    await conn.execute(
                        update(c)
                        .where(c.c.id == abandon_id, c.c.status == ConversationStatus.ACTIVE)
                        .values(status=ConversationStatus.ABANDONED, version=c.c.version + 1)
                    )
                await conn.execute(insert(c).values(**conv.model_dump()))
            return True
        except IntegrityError:
            return False

    async def conversation_for_turn(
        self, channel: str, external_id: str, state: dict[str, Any], *, abandon_id: str | None = None
    ) -> tuple[Conversation, Unwritten | None]:
        """A new active conversation for a turn that writes it: `create_conversation`, except where the
        turn's write can create it in its own transaction (SQLite on the driver: one hop to its thread
        less per conversation). Then it is returned unwritten (`Unwritten`), for `commit_turn(unwritten=)`;
        a concurrent request that opened the sender's conversation first makes that write stale."""
        if self._turns is not None and self._sqlite:
            return new_conversation(channel, external_id, state), Unwritten(abandon_id)
        return await self.create_conversation(channel, external_id, state, abandon_id=abandon_id), None

    async def _opened_meanwhile(self, channel: str, external_id: str) -> Conversation:
        existing = await self.latest_conversation(channel, external_id)
        if existing is None or existing.status != ConversationStatus.ACTIVE:  # pragma: no cover - rare
            raise StaleConversation(f"could not open a conversation for {channel}")
        return existing

    async def get_conversation(self, conversation_id: str) -> Conversation | None:
        """A conversation by id."""
        async with self._session() as s:
            return await s.get(Conversation, conversation_id)

    async def set_status(self, conversation_id: str, status: str) -> None:
        """Close an active conversation (the person left): `status`, or completed when it holds an entry by
        then. The version stays: a turn still running (a caller who said yes and hung up) writes its save,
        and its write keeps the conversation closed (`turn_sql._SQLITE_UPDATE`)."""
        if self._turns is not None:
            await self._turns.set_status(conversation_id, str(status), utcnow())
            return
        c = _CONVERSATIONS
        ended = case((c.c.entry_id.is_not(None), ConversationStatus.COMPLETED.value), else_=str(status))
        async with self.engine.begin() as conn:
            await conn.execute(
                update(c)
                .where(c.c.id == conversation_id, c.c.status == ConversationStatus.ACTIVE)
                .values(status=ended, updated_at=utcnow())
            )

    async def close_idle(self, channel: str, before: datetime) -> int:
        """Close `active` conversations of `channel` untouched since `before` (their call is over but
        its status callback never landed): completed when they saved an entry, else abandoned."""
        c = _CONVERSATIONS
        now = utcnow()
        ended = case(
            (c.c.entry_id.is_not(None), ConversationStatus.COMPLETED), else_=ConversationStatus.ABANDONED
        )
        async with self.engine.begin() as conn:
            res = await conn.execute(
                update(c)
                .where(
                    c.c.channel == channel, c.c.status == ConversationStatus.ACTIVE, c.c.updated_at < before
                )
                .values(status=ended, version=c.c.version + 1, updated_at=now)
            )
            return int(res.rowcount or 0)

    async def history(self, conversation_id: str) -> list[Message]:
        """The conversation's transcript, oldest first."""
        async with self._session() as s:
            stmt = select(Message).where(Message.conversation_id == conversation_id).order_by(col(Message.id))
            return list((await s.exec(stmt)).all())

    async def commit_turn(
        self,
        conv: Conversation,
        *,
        messages: Sequence[ChatLine],
        state: str,
        stage: str,
        status: str,
        entry_id: int | None,
        processed_key: str | None,
        result: dict[str, Any],
        entry: EntryWrite | None = None,
        unwritten: Unwritten | None = None,
        text_write: TextWrite | None = None,
    ) -> None:
        """Append the turn's transcript and new state, and write the entry it saved, atomically; or raise
        StaleConversation (another turn came first, or a concurrent signup took the entry's id,
        phone or email: the turn runs again on fresh data). `unwritten`: the conversation is new
        (`conversation_for_turn`) and is created first, in the same transaction where the driver can.
        `state`: the conversation's state as JSON text (`ConversationState.model_dump_json`).
        `text_write`: the confirmation text of a listed entry the turn accepted, written only with the turn
        (`entry_write`): a turn that lost accepted nothing."""
        now = utcnow()
        if text_write is not None and entry is not None and entry.id == text_write.entry_id:
            entry, text_write = (
                replace(entry, text_requested=True, text_since=text_write.since),
                None,
            )  # one row change
        if unwritten is not None and not (self._turns is not None and self._sqlite):
            if not await self._create(conv, unwritten.abandon_id):
                raise StaleConversation(conv.id)
            unwritten = None
        if self._turns is not None:
            values = {"state": state, "stage": stage, "status": status, "entry_id": entry_id}
            create = (unwritten.abandon_id,) if unwritten is not None else None
            try:
                written = await self._turns.write(
                    conv, messages, values, processed_key, result, now, entry, create, text_write
                )
            except DuplicateKey as exc:  # the same key committed by a concurrent retry
                raise StaleConversation(conv.id) from exc
            if not written:
                raise StaleConversation(conv.id)
            advance_turn(conv)  # a row of the driver's read (`from_row`), in no session
            return
        c = _CONVERSATIONS
        try:
            async with self.engine.begin() as conn:
                await hold_number_text_core(conn, entry, text_write)
                if entry is not None:  # the entry before the conversation that points at it
                    await write_entry_core(conn, entry, now)
                if text_write is not None:
                    await text_write_core(conn, text_write, now)
                res = await conn.execute(
                    update(c)
                    .where(c.c.id == conv.id, c.c.version == conv.version)
                    .values(
                        state=json.loads(state),
                        stage=stage,
                        status=case(  # closed by the call's end meanwhile: stays closed (`set_status`)
                            (c.c.status == ConversationStatus.ACTIVE, str(status)),
                            else_=ConversationStatus.COMPLETED.value if entry_id is not None else c.c.status,
                        ),
                        entry_id=entry_id,
                        version=conv.version + 1,
                        turns=conv.turns + 1,
                        updated_at=now,
                    )
                )
                if res.rowcount != 1:
                    raise StaleConversation(conv.id)
                if messages:
                    rows = [
                        {
                            "conversation_id": conv.id,
                            "role": msg.role,
                            "content": msg.content,
                            "payload": msg.payload,
                            "brain": msg.brain,
                            "created_at": now,
                        }
                        for msg in messages
                    ]
                    await conn.execute(insert(_MESSAGES), rows)
                if processed_key:
                    await conn.execute(
                        insert(_PROCESSED),
                        {
                            "key": processed_key,
                            "conversation_id": conv.id,
                            "result": result,
                            "created_at": now,
                        },
                    )
        except IntegrityError as exc:  # the same key committed by a concurrent retry
            raise StaleConversation(conv.id) from exc
        conv.version += 1
        conv.turns += 1

    # --- waitlist ----------------------------------------------------------------------------

    async def save_entry(
        self,
        *,
        full_name: str,
        phone: str,
        email: str,
        role: str,
        channel: str,
        owned_entry_id: int | None = None,
        proven_phone: str | None = None,
    ) -> SavedEntry:
        """A signup planned (`plan_entry`) and written on its own, outside any turn (the admin's seeds, tests)."""
        for _attempt in range(3):
            plan = await self.plan_entry(
                full_name=full_name,
                phone=phone,
                email=email,
                role=role,
                channel=channel,
                owned_entry_id=owned_entry_id,
                proven_phone=proven_phone,
            )
            if plan.write is not None:
                try:
                    async with self.engine.begin() as conn:
                        await write_entry_core(conn, plan.write, utcnow())
                except IntegrityError:
                    continue  # a concurrent signup took the phone, email or id: plan again
            entry = await self.get_entry(plan.id)
            if entry is not None:
                return SavedEntry(entry, owned=plan.owned)
        raise StaleConversation("could not save the waitlist entry after concurrent updates")

    async def plan_entry(
        self,
        *,
        full_name: str,
        phone: str,
        email: str,
        role: str,
        channel: str,
        owned_entry_id: int | None = None,
        proven_phone: str | None = None,
        not_the_holder: bool = False,
        pending: EntryWrite | None = None,
        offer_since: datetime | None = None,
    ) -> PlannedEntry:
        """Decide a signup's write without ever changing or deleting an entry the person has not proven
        is theirs. Nothing is written here: the turn that saved it writes it (`commit_turn(entry=...)`).

        The entry written is the one this conversation owns (`owned_entry_id`: it created it, or
        `pending`: this very turn is creating it), else the listed entry whose phone the person holds
        (`proven_phone`: a number the channel verified, such as an SMS sender or caller ID) when it is
        that entry's person again (`_the_holder_again`: the same first name, and the same surname or
        email; a number proves the phone, not which of a family sharing it is speaking), else a new one. A listed entry of someone else that shares the phone or email is left as it is; the
        entry written is then kept apart for the admin (`review_reason`). A signup identical to a
        listed entry changes nothing and is not owned. Beside another person's entry listing the proven
        number (or `not_the_holder`: the person said that entry is not theirs), the person's own earlier
        signup kept apart with that number is theirs to change (`_kept_apart_signup`): texting again
        from a shared phone updates it instead of adding a duplicate for the admin.

        With `offer_since`, what a confirmation text's offer reads of `phone` (`text_offer_reads`) is
        read in the same go (`PlannedEntry.text_offer`): the save offers one next.
        """
        creating = pending is not None and pending.new and pending.id == owned_entry_id
        rows, offer = await self._signup_reads(phone, email, owned_entry_id, offer_since)
        own = next((e for e in rows if e.id == owned_entry_id), None)
        holder, another_person, apart_again = None, False, False
        if own is None and not creating and proven_phone:
            holder = next((e for e in rows if e.review_reason is None and e.phone == proven_phone), None)
            # The number proves the phone, not which of the people sharing it is speaking: a signup
            # under another name is theirs, never an update of the entry listing the phone.
            mine = holder is not None and not not_the_holder and _the_holder_again(holder, full_name, email)
            own = holder if mine else None
            if holder is not None and not mine:
                another_person = not not_the_holder
                own = await self._kept_apart_signup(proven_phone, full_name, email)
                apart_again = own is not None
        others = [
            e
            for e in rows
            if e is not own and e.review_reason is None and (e.phone == phone or e.email == email)
        ]
        if own is None and not creating:
            same = next((e for e in others if _same_signup(e, full_name, phone, email, role)), None)
            if same is not None and same.id is not None:
                return PlannedEntry(same.id, False, same.review_reason, None, offer)
        if own is not None and own.id is not None:
            entry_id, new, channel = own.id, False, own.channel
        elif creating and pending is not None:
            entry_id, new = pending.id, True
        else:
            entry_id, new = await self._new_entry_id(), True
        review = _review_reason(others, phone, email)
        if another_person and holder is not None and holder in others:
            review = (
                f"proved its number, which entry #{holder.id} lists {_whose(holder, full_name)}: kept apart"
            )
        duplicate_of = others[0].id if others else None
        # accepted earlier this turn, of the entry planned again
        texted = pending is not None and pending.id == entry_id and pending.text_requested
        write = EntryWrite(
            entry_id, new, full_name, phone, email, role, channel, review, duplicate_of, texted
        )
        return PlannedEntry(
            entry_id,
            True,
            review,
            write,
            offer,
            another_person=another_person and review is not None,
            apart_again=apart_again,
        )

    async def _kept_apart_signup(self, phone: str, full_name: str, email: str) -> EntryRow | None:
        """The newest entry kept apart with `phone` that this signup is the person of again (the same
        first name, and the same surname or email: `_the_holder_again`). Read only on a save beside
        another person's entry listing a number the person proves, so it costs the common save nothing."""
        if self._turns is not None:
            rows = [EntryRow(*row) for row in await self._turns.select(KEPT_APART_WITH_PHONE, phone)]
        else:
            e = _ENTRIES
            columns = [e.c[name] for name in EntryRow._fields]
            wanted = and_(e.c.phone == phone, e.c.review_reason.is_not(None))
            async with self._reader.connect() as conn:
                found = (await conn.execute(sa_select(*columns).where(wanted).order_by(e.c.id))).all()
            rows = [EntryRow(*row) for row in found]
        return next((e for e in reversed(rows) if _the_holder_again(e, full_name, email)), None)

    async def _signup_reads(
        self, phone: str, email: str, owned_entry_id: int | None, offer_since: datetime | None = None
    ) -> tuple[list[EntryRow], tuple[bool, bool] | None]:
        """`_entries_of_signup` and, with `offer_since`, `text_offer_reads` of `phone`: on the driver in
        one go (SQLite: one hop to its thread; PostgreSQL: one connection)."""
        if self._turns is None:
            rows = await self._entries_of_signup(phone, email, owned_entry_id)
            offer = await self.text_offer_reads(phone, offer_since) if offer_since is not None else None
            return rows, offer
        reads: list[tuple[Sql, tuple[Any, ...]]] = [(ENTRIES_OF_SIGNUP, (phone, email, owned_entry_id))]
        if offer_since is not None:
            reads.append((TEXT_OFFER, (phone, offer_since)))
        found = await self._turns.select_many(*reads)
        offer = _text_offer(found[-1][0]) if offer_since is not None else None
        return [EntryRow(*row) for row in found[0]], offer

    async def _entries_of_signup(self, phone: str, email: str, owned_entry_id: int | None) -> list[EntryRow]:
        """Listed entries holding `phone` or `email`, and the entry `owned_entry_id`, by id."""
        if self._turns is not None:
            return [
                EntryRow(*row)
                for row in await self._turns.select(ENTRIES_OF_SIGNUP, phone, email, owned_entry_id)
            ]
        e = _ENTRIES
        wanted = and_(e.c.review_reason.is_(None), or_(e.c.phone == phone, e.c.email == email))
        if owned_entry_id is not None:
            wanted = or_(e.c.id == owned_entry_id, wanted)
        columns = [e.c[name] for name in EntryRow._fields]
        async with self._reader.connect() as conn:
            rows = (await conn.execute(sa_select(*columns).where(wanted).order_by(e.c.id))).all()
        return [EntryRow(*row) for row in rows]

    async def _new_entry_id(self) -> int:
        """The id a new entry will have, taken so that no turn of any process plans it too:
        PostgreSQL's sequence; on SQLite, `entry_ids` stands in for one (migration 0008)."""
        if self._turns is not None:
            return await self._turns.new_entry_id()
        if self._sqlite:  # in-memory SQLite, on Core
            async with self.engine.begin() as conn:
                taken = int((await conn.exec_driver_sql(SQLITE_TAKE_ENTRY_ID)).scalar_one())
                await conn.exec_driver_sql(SQLITE_FORGET_ENTRY_IDS, (taken,))
                return taken
        async with self._reader.connect() as conn:
            return int((await conn.execute(text(PG_NEXT_ENTRY_ID))).scalar_one())

    async def text_decision(
        self, entry_id: int, phone: str, *, since: datetime, hour_ago: datetime, hourly_cap: int
    ) -> TextDecision | None:
        """What the caps make of accepting a listed entry's text, read without the texts' lock: None, the
        turn accepts it (`TextWrite`, written with the turn, never before it); `ACCEPTED`, the entry's
        text is queued already (another conversation of the entry accepted it: joined, nothing written);
        else the refusal. The caps hold again where the text is claimed (`Outbox.claim`)."""
        if self._turns is not None:
            row = (await self._turns.select(TEXT_DECISION, phone, since, hour_ago, hourly_cap, entry_id))[0]
        else:
            sql, args = (
                (TEXT_DECISION.sqlite, sqlite_args((phone, since, hour_ago, hourly_cap, entry_id)))
                if self._sqlite
                else (TEXT_DECISION.postgres, (phone, since, hour_ago, hourly_cap, entry_id))
            )
            async with self._reader.connect() as conn:
                row = tuple((await conn.exec_driver_sql(sql, args)).one())
        queued, texted, requested = row
        return settled(queued, texted, int(requested), hourly_cap)

    async def text_caps_refusal(
        self, phone: str, *, since: datetime, hour_ago: datetime, hourly_cap: int
    ) -> str | None:
        """Why the caps refuse a text to `phone` now (None when they allow one), reading only: for an entry
        this turn creates, whose acceptance is written with it (`text_decision` for listed ones)."""
        if self._turns is not None:  # one statement on the driver (two through Core cost ~1 ms)
            texted, requested = (await self._turns.select(TEXT_CAPS, phone, since, hour_ago, hourly_cap))[0]
            if texted:
                return TEXTED_RECENTLY
            return HOURLY_CAP_REACHED if int(requested) >= hourly_cap else None
        e = _ENTRIES
        async with self._reader.connect() as conn:
            texted = sa_select(e.c.id).where(e.c.phone == phone, e.c.confirmation_sms_requested_at > since)
            if (await conn.execute(texted.limit(1))).first() is not None:
                return TEXTED_RECENTLY
            hourly = sa_select(texts_requested_since(hour_ago, hourly_cap))  # handoff texts count too
            if int((await conn.execute(hourly)).scalar_one()) >= hourly_cap:
                return HOURLY_CAP_REACHED
        return None

    async def listed_contacts(
        self, phones: Sequence[str], emails: Sequence[str]
    ) -> list[tuple[int, str, str]]:
        """(id, phone, email) of listed entries holding any of these phones or emails, oldest first: one
        indexed read (no LIMIT: see `turn_sql.Listed`).

        For recognising a returning person; the caller must never read the rows' other details out.
        """
        phones, emails = [p for p in phones if p], [e for e in emails if e]
        if not phones and not emails:
            return []
        e = _ENTRIES
        query = sa_select(e.c.id, e.c.phone, e.c.email).where(
            e.c.review_reason.is_(None), or_(e.c.phone.in_(phones), e.c.email.in_(emails))
        )
        async with self._reader.connect() as conn:  # asked during turns: Core, not an ORM session
            return sorted((int(i), str(p), str(m)) for i, p, m in (await conn.execute(query)).all())

    async def get_entry(self, entry_id: int) -> WaitlistEntry | None:
        """An entry by id (None for an id no entry can have: `ENTRY_ID_MAX`)."""
        if not 0 < entry_id <= ENTRY_ID_MAX:
            return None
        async with self._session() as s:
            return await s.get(WaitlistEntry, entry_id)

    async def erase_entry(self, entry_id: int) -> Erased | None:
        """Erase an entry and every conversation holding it (`knotty.store.erasure`); None: no such entry
        (also for an id no entry can have: `ENTRY_ID_MAX`)."""
        if not 0 < entry_id <= ENTRY_ID_MAX:
            return None
        return await erase_entry(self.engine, entry_id)

    async def entry_name(self, entry_id: int) -> str | None:
        """The full name of an entry (None when there is none): on the driver, every confirmation text
        sent asks it (`get_entry` opens an ORM session: ~1 ms of CPU)."""
        if self._turns is None:
            entry = await self.get_entry(entry_id)
            return entry.full_name if entry is not None else None
        rows = await self._turns.select(ENTRY_NAME, entry_id)
        return str(rows[0][0]) if rows else None

    async def accepted_during(self, entry_id: int, phone: str, conversation_id: str) -> bool:
        """Whether the entry's confirmation text to `phone` was accepted since the conversation began,
        although the conversation never recorded the "yes": accepted for the same entry by another of
        its turns' writes (or, before acceptances were written with their turns, by a turn lost after
        it). The text is on its way. Read only when a "yes" finds the number texted recently (or the
        conversation refused the text meanwhile): it joins that text instead of telling the person
        none will come. Not when Twilio refused it since (failed, opted out): then none is coming."""
        e, c = _ENTRIES, _CONVERSATIONS
        began = sa_select(c.c.created_at).where(c.c.id == conversation_id).scalar_subquery()
        refused = (EntryTextStatus.FAILED, EntryTextStatus.OPTED_OUT)  # tried since and refused: not coming
        query = sa_select(e.c.id).where(
            e.c.id == entry_id,
            e.c.phone == phone,
            e.c.confirmation_sms_requested_at > began,
            or_(e.c.confirmation_sms_status.is_(None), e.c.confirmation_sms_status.not_in(refused)),
        )
        async with self._reader.connect() as conn:
            return (await conn.execute(query)).first() is not None

    async def texted_since(self, phone: str, since: datetime) -> bool:
        """Whether a confirmation text to this number was requested after `since`."""
        if self._turns is not None:
            return bool(await self._turns.select(TEXTED_SINCE, phone, since))
        e = _ENTRIES
        async with self._reader.connect() as conn:
            row = await conn.execute(
                sa_select(e.c.id)
                .where(e.c.phone == phone, e.c.confirmation_sms_requested_at > since)
                .limit(1)
            )
            return row.first() is not None

    async def text_offer_reads(self, phone: str, since: datetime) -> tuple[bool, bool]:
        """(`is_opted_out`, `texted_since`) of one number: what a confirmation text's offer reads, in one
        statement on the driver."""
        if self._turns is None:
            return await self.is_opted_out(phone), await self.texted_since(phone, since)
        return _text_offer((await self._turns.select(TEXT_OFFER, phone, since))[0])

    async def set_sms_status(
        self, entry_id: int, status: str, *, sid: str | None = None, attempts: int | None = None
    ) -> None:
        """Record where the entry's confirmation SMS stands."""
        values: dict[str, Any] = {"confirmation_sms_status": status, "updated_at": utcnow()}
        if sid is not None:
            values["confirmation_sms_sid"] = sid
        if attempts is not None:
            values["confirmation_sms_attempts"] = attempts
        async with self._session() as s:
            await s.exec(update(WaitlistEntry).where(col(WaitlistEntry.id) == entry_id).values(**values))
            await s.commit()

    async def entries_with_sms_status(self, status: str) -> list[WaitlistEntry]:
        """Entries whose confirmation SMS is in `status` (for resuming sends after a restart)."""
        async with self._session() as s:
            stmt = select(WaitlistEntry).where(WaitlistEntry.confirmation_sms_status == status)
            return list((await s.exec(stmt)).all())

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
        """Waitlist entries, newest first unless `sort` (one of `ENTRY_SORTS`) says otherwise, optionally
        filtered (`entry_query`).

        `search` is matched literally (`%`, `_` and `\\` are not wildcards); `limit` and `offset` are
        clamped to what a database accepts, so no argument can make the query fail.
        """
        limit = max(0, min(int(limit), 10_000_000))
        offset = max(0, min(int(offset), 2**31 - 1))
        stmt = select(WaitlistEntry).where(*entry_filters(search, role, channel))
        stmt = stmt.order_by(*entry_order(sort, descending)).offset(offset).limit(limit)
        async with self._session() as s:
            return list((await s.exec(stmt)).all())

    async def entries_before(self, before_id: int | None, limit: int) -> list[WaitlistEntry]:
        """Up to `limit` entries with an id below `before_id` (None: from the newest), highest id first:
        one page of `knotty export`, which reads the waitlist page by page in constant memory."""
        stmt = select(WaitlistEntry)
        if before_id is not None:
            stmt = stmt.where(col(WaitlistEntry.id) < before_id)
        stmt = stmt.order_by(col(WaitlistEntry.id).desc()).limit(max(1, int(limit)))
        async with self._session() as s:
            return list((await s.exec(stmt)).all())

    async def matching_entries_before(
        self,
        before_id: int | None,
        limit: int,
        *,
        search: str | None = None,
        role: str | None = None,
        channel: str | None = None,
    ) -> list[WaitlistEntry]:
        """`entries_before` among the entries matching these filters (`entry_query`): one page of the
        admin page's CSV download, which streams every matching entry page by page."""
        stmt = select(WaitlistEntry).where(*entry_filters(search, role, channel))
        if before_id is not None:
            stmt = stmt.where(col(WaitlistEntry.id) < before_id)
        stmt = stmt.order_by(col(WaitlistEntry.id).desc()).limit(max(1, int(limit)))
        async with self._session() as s:
            return list((await s.exec(stmt)).all())

    async def signups_per_day(self, first_day: date) -> list[tuple[date, str, int]]:
        """(UTC day, channel, entries) of the entries created on `first_day` or later, in one grouped
        query (the admin page's chart): the database counts, however long the waitlist."""
        e = _ENTRIES
        start = datetime.combine(first_day, time(), UTC)
        # SQLite keeps UTC wall times as text, which date() reads; PostgreSQL a timestamptz.
        day = func.date(e.c.created_at) if self._sqlite else func.date(func.timezone("UTC", e.c.created_at))
        query = (
            sa_select(day.label("day"), e.c.channel, func.count())
            .where(e.c.created_at >= start)
            .group_by(day, e.c.channel)
        )
        async with self._reader.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [
            (d if isinstance(d, date) else date.fromisoformat(str(d)), str(channel), int(n))
            for d, channel, n in rows
        ]

    async def entry_names(self, entry_ids: Sequence[int]) -> dict[int, str]:
        """The names of these entries (those that exist), read in one query."""
        ids = sorted(set(entry_ids))
        if not ids:
            return {}
        e = _ENTRIES
        async with self._reader.connect() as conn:
            rows = (await conn.execute(sa_select(e.c.id, e.c.full_name).where(e.c.id.in_(ids)))).all()
        return {int(i): str(name) for i, name in rows}

    async def count_entries(
        self, *, search: str | None = None, role: str | None = None, channel: str | None = None
    ) -> int:
        """How many entries `list_entries` with these filters has in all."""
        query = sa_select(func.count()).select_from(_ENTRIES).where(*entry_filters(search, role, channel))
        async with self._reader.connect() as conn:
            return int((await conn.execute(query)).scalar_one())

    async def waitlist_counts(self) -> list[tuple[str, str, int]]:
        """(role, channel, entries) of the waitlist, read in one grouped query (for the metrics)."""
        e = _ENTRIES
        query = sa_select(e.c.role, e.c.channel, func.count()).group_by(e.c.role, e.c.channel)
        async with self._reader.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [(str(role), str(channel), int(n)) for role, channel, n in rows]

    async def list_conversations(
        self, *, limit: int = 200, entry_id: int | None = None
    ) -> list[Conversation]:
        """Conversations, newest first."""
        async with self._session() as s:
            stmt = select(Conversation)
            if entry_id is not None:
                stmt = stmt.where(Conversation.entry_id == entry_id)
            stmt = stmt.order_by(col(Conversation.created_at).desc()).limit(limit)
            return list((await s.exec(stmt)).all())

    # --- SMS opt-outs -----------------------------------------------------------------------

    async def set_opt_out(
        self,
        phone: str,
        opted_out: bool,
        message_sid: str | None = None,
        *,
        said_at: datetime | None = None,
    ) -> bool | None:
        """Record STOP (True) or START (False) from a number said at `said_at` (default now), if it is
        the number's latest word; returns whether the number is opted out after it.

        Two keywords of one number racing into two processes are written in either order: the one
        said later stands, not the one written later (at one instant, STOP). A keyword older than the
        number's recorded word changes nothing.

        With `message_sid`, the keyword text is recorded as honoured in the same write, so that a
        replayed START can't undo a later STOP: None, and nothing changed, when this message already
        was (a replay). Never the one without the other: a claim that outlived a failed opt-out would
        make Twilio's retry of a STOP look like a replay, and leave the number texted.
        """
        now = utcnow()
        said = said_at or now
        t = _OPT_OUTS
        insert_or = _INSERT_OR[self.engine.dialect.name]
        choice = insert_or(t).values(phone=phone, opted_out=opted_out, updated_at=said)
        # The later word stands; a START must be strictly later, so a tie (one instant) goes to STOP.
        latest = t.c.updated_at <= said if opted_out else t.c.updated_at < said
        choice = choice.on_conflict_do_update(
            index_elements=[t.c.phone],
            set_={"opted_out": choice.excluded.opted_out, "updated_at": choice.excluded.updated_at},
            where=latest,
        )
        async with self.engine.begin() as conn:
            if message_sid:
                key = f"{KEYWORD_KEY_PREFIX}{message_sid}"
                claim = insert_or(_PROCESSED).values(key=key, conversation_id="", result={}, created_at=now)
                if (await conn.execute(claim.on_conflict_do_nothing())).rowcount != 1:
                    return None  # honoured before: nothing written
            if (await conn.execute(choice)).rowcount == 1:
                return opted_out
            row = (await conn.execute(sa_select(t.c.opted_out).where(t.c.phone == phone))).first()
            return bool(row and row.opted_out)  # an older word: the number's latest stands

    async def is_opted_out(self, phone: str) -> bool:
        """Whether the number has texted STOP and not START since."""
        if self._turns is not None:  # every inbound keyword and every text offer asks: the driver
            rows = await self._turns.select(OPTED_OUT, phone)
            return bool(rows and rows[0][0])
        t = _OPT_OUTS
        async with self._reader.connect() as conn:  # every inbound text asks: Core, not an ORM session
            row = (await conn.execute(sa_select(t.c.opted_out).where(t.c.phone == phone))).first()
            return bool(row and row.opted_out)


def _text_offer(row: tuple[Any, ...]) -> tuple[bool, bool]:
    """(opted out, texted recently) from a `TEXT_OFFER` row."""
    opted_out, texted = row
    return bool(opted_out), bool(texted)


def _same_signup(entry: EntryRow, full_name: str, phone: str, email: str, role: str) -> bool:
    return (entry.full_name, entry.phone, entry.email, entry.role) == (full_name, phone, email, role)


def _the_holder_again(entry: EntryRow, full_name: str, email: str) -> bool:
    """Whether a signup from the proven number `entry` lists is that entry's person again: the same
    first name, and the same surname or the same email (a married name keeps the address, a new
    address keeps the name). A family sharing the phone may have two people called Alex: one with
    another surname and another email is the second Alex, whose signup must never replace the first's."""
    return same_first_name(entry.full_name, full_name) and (
        entry.email.casefold() == email.casefold() or same_surname(entry.full_name, full_name)
    )


def _whose(entry: EntryRow, full_name: str) -> str:
    """How the entry listing a proven number names someone else, for the admin's reason."""
    if same_first_name(entry.full_name, full_name):
        return "under the same first name with another surname and email"
    return "under another first name"


def _review_reason(others: Sequence[EntryRow], phone: str, email: str) -> str | None:
    """Why an entry is kept apart: which of its contacts another person's entry already has."""
    if not others:
        return None
    shared = [
        name
        for name, value in (("phone", phone), ("email", email))
        if any(getattr(e, name) == value for e in others)
    ]
    ids = ", ".join(f"#{e.id}" for e in others[:3])
    return f"shares its {' and '.join(shared)} with entry {ids}, not proven theirs: kept apart"


def idle_cutoff(hours: float) -> datetime:
    """The moment before which a conversation counts as idle."""
    return utcnow() - timedelta(hours=hours)
