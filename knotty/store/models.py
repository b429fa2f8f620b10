"""The tables: waitlist entries, conversations with their transcript, and processed turns.

SQLModel classes in layers, as in the FastAPI template: a base with the fields, the table, and the
public shape the admin API returns.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, MetaData, Table, inspect, text
from sqlalchemy.orm import configure_mappers
from sqlmodel import Field, SQLModel

from knotty.state import Stage
from knotty.statuses import ConversationStatus, HandoffTextStatus, TextStatus

__all__ = [
    "ENTRY_ID_MAX",
    "KEPT_TEXTS",
    "KEPT_TEXT_PREFIX",
    "PRUNABLE_KEYS",
    "SPENT_KEYS",
    "TEXT_TURN_KEY_PREFIX",
    "TOMBSTONE_KEYS",
    "UNMODELLED_TABLES",
    "ConfirmationText",
    "Conversation",
    "HandoffText",
    "Message",
    "ProcessedTurn",
    "RateLimitHit",
    "SmsOptOut",
    "WaitlistEntry",
    "WaitlistEntryPublic",
    "advance_turn",
    "call_start_key",
    "from_row",
    "metadata",
    "modelled",
    "new_conversation",
    "table_of",
    "tombstone_turn",
    "utcnow",
]

# Named constraints from the first migration on, so later downgrades and renames work.
SQLModel.metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
metadata = SQLModel.metadata
"""Every table below, with the naming convention: what the migrations are compared against."""

UNMODELLED_TABLES = frozenset({"alembic_version", "entry_ids"})
"""Tables the migrations make that no model describes: Alembic's own, and SQLite's stand-in for a
sequence (`entry_ids`, migration 0008), which only SQL statements touch."""


def modelled(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's `include_name`: compare every table but `UNMODELLED_TABLES` with the models."""
    return not (type_ == "table" and name in UNMODELLED_TABLES)


_Table = TypeVar("_Table", bound=SQLModel)


def utcnow() -> datetime:
    """Timezone-aware now, the only clock the store uses."""
    return datetime.now(UTC)


def from_row(model: type[_Table], values: dict[str, Any]) -> _Table:
    """A table model holding a row as the database gave it (every column, already of its type), built as
    SQLAlchemy builds what it loads: no validation, no change history. `Model(**values)` validates
    and records every attribute as a change: 65-140 µs a conversation, on every turn's read."""
    if values.keys() != model.model_fields.keys():
        raise ValueError(f"a {model.__name__} row needs every column, got {sorted(values)}")
    mapper = inspect(model)
    if not mapper.configured:  # as a model's own first __init__ would (its attributes work only then)
        configure_mappers()
    row: _Table = mapper.class_manager.new_instance()
    row.__dict__.update(values)
    object.__setattr__(row, "__pydantic_fields_set__", set(values))
    return row


def advance_turn(row: Conversation) -> None:
    """`version` and `turns` one on, as the turn just written left them in the database, set as `from_row`
    sets them: through SQLModel's `__setattr__` the two were a tenth of writing the turn."""
    row.__dict__["version"] += 1
    row.__dict__["turns"] += 1


def new_conversation(channel: str, external_id: str, state: dict[str, Any]) -> Conversation:
    """`Conversation(channel=..., external_id=..., state=...)` with its defaults, built as `from_row` builds
    (the first turn of every conversation makes one)."""
    now = utcnow()
    values: dict[str, Any] = {
        "id": uuid.uuid4().hex,
        "channel": channel,
        "external_id": external_id,
        "status": ConversationStatus.ACTIVE,
        "stage": Stage.COLLECTING,
        "state": state,
        "entry_id": None,
        "version": 0,
        "turns": 0,
        "created_at": now,
        "updated_at": now,
    }
    return from_row(Conversation, values)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a table model (`model.__table__`, which SQLModel sets but does not type)."""
    table = inspect(model).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


def _ts(**kw: Any) -> Any:
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), **kw)


class WaitlistEntryBase(SQLModel):
    """The four fields Knotty collects, already validated and normalised."""

    full_name: str = Field(max_length=120)
    phone: str = Field(max_length=20, index=True, description="E.164")
    email: str = Field(max_length=254, index=True, description="lower-cased")
    role: str = Field(max_length=16, description="therapist | client")
    channel: str = Field(max_length=16, description="voice | sms | web | cli | ...")


_LISTED = "review_reason IS NULL"

ENTRY_ID_MAX = 2**31 - 1
"""The largest id an entry can have: its `Integer` column is 32 bits on PostgreSQL (SQLite's, 64). An id
asked for beyond it (a phone number pasted as an entry's id) is no entry, never a statement the database
refuses (a 500, or on PostgreSQL a 503 "database unavailable")."""


class WaitlistEntry(WaitlistEntryBase, table=True):
    """One person on the early-access waitlist.

    A phone or email belongs to at most one *listed* entry. A signup that reuses someone else's phone
    or email is never merged into their entry (nor does it delete it): it is kept apart with a
    `review_reason` for the admin, outside the uniqueness rule.
    """

    __tablename__ = "waitlist_entries"
    __table_args__ = (
        Index(
            "uq_waitlist_entries_listed_phone",
            "phone",
            unique=True,
            sqlite_where=text(_LISTED),
            postgresql_where=text(_LISTED),
        ),
        Index(
            "uq_waitlist_entries_listed_email",
            "email",
            unique=True,
            sqlite_where=text(_LISTED),
            postgresql_where=text(_LISTED),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
    confirmation_sms_status: str | None = Field(
        default=None, max_length=16, description="an EntryTextStatus: requested | sent | failed | opted_out"
    )
    confirmation_sms_sid: str | None = Field(default=None, max_length=64)
    confirmation_sms_attempts: int = Field(default=0)
    confirmation_sms_requested_at: datetime | None = Field(
        default=None,
        sa_type=DateTime(timezone=True),
        index=True,
        description="when the person accepted the text: the per-number and hourly caps count these",
    )
    review_reason: str | None = Field(
        default=None, max_length=200, description="why the admin should look: it shares a phone or email"
    )
    duplicate_of: int | None = Field(
        default=None, description="the listed entry whose phone or email it shares"
    )


class WaitlistEntryPublic(SQLModel):
    """What the admin API and the CSV export show of an entry."""

    id: int
    full_name: str
    phone: str
    email: str
    role: str
    channel: str
    created_at: datetime
    confirmation_sms_status: str | None = None
    review_reason: str | None = None
    duplicate_of: int | None = None


class Conversation(SQLModel, table=True):
    """One conversation on one channel, with everything needed to serve its next turn from any process."""

    __tablename__ = "conversations"
    __table_args__ = (
        # At most one active conversation per (channel, external id): two processes racing to open
        # the same call's conversation can't both win.
        Index(
            "uq_conversations_active_external",
            "channel",
            "external_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        # A sender's newest conversation, every turn: one index entry whatever the planner knows. Two
        # indexes (channel; external id) let a plan made while the table was small read every
        # conversation of the channel (migration 0011).
        Index("ix_conversations_sender", "channel", "external_id", "created_at"),
    )

    id: str = Field(default_factory=lambda: uuid.uuid4().hex, primary_key=True, max_length=32)
    channel: str = Field(max_length=16)
    external_id: str = Field(max_length=128, description="CallSid, sender number, web session")
    status: str = Field(
        default=ConversationStatus.ACTIVE,
        max_length=16,
        description="a ConversationStatus: active | completed | abandoned",
    )
    stage: str = Field(
        default=Stage.COLLECTING, max_length=32, description="a Stage: collecting | saved | done"
    )
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    entry_id: int | None = Field(default=None, foreign_key="waitlist_entries.id", ondelete="SET NULL")
    version: int = Field(default=0)
    turns: int = Field(default=0)
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class Message(SQLModel, table=True):
    """One line of a conversation's transcript (person, Knotty, or a tool call and its result)."""

    __tablename__ = "messages"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(
        foreign_key="conversations.id", index=True, ondelete="CASCADE", max_length=32
    )
    role: str = Field(max_length=16, description="user | assistant | tool")
    content: str = Field(default="")
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    brain: str | None = Field(default=None, max_length=16)
    created_at: datetime = _ts()


KEPT_TEXT_PREFIX = "sms-later:"
"""Keys of `processed_turns` rows that are texts kept to be answered later (`deferred_texts`)."""
KEPT_TEXTS = f"\"key\" LIKE '{KEPT_TEXT_PREFIX}%'"
"""The kept texts among the idempotency keys, written out as its index's predicate: a query that
names them in these words reads that index, not two days of keys."""
ERASED_KEYS = "erased"
"""The `conversation_id` of an erased conversation's idempotency keys, kept as tombstones and never pruned
(`knotty.store.erasure`)."""


def call_start_key(call_sid: str) -> str:
    """The idempotency key of a call's start (its greeting), in every voice mode: an erased call's is kept as a
    tombstone (`knotty.store.erasure`), so a replayed start or stream's end opens nothing for the caller."""
    return f"voice:{call_sid}:0"


TEXT_TURN_KEY_PREFIX = "sms:"
"""Keys of texts' turns (`sms:` + the MessageSid): the prune keeps them, emptied, as tombstones (`SPENT_KEYS`)."""
SPENT_KEYS = "spent"
"""The `conversation_id` of a text's idempotency key older than the prune's two days, kept as a tombstone and
never pruned (`knotty.store.old_keys`): a text's webhook carries no time, so only its key tells a replay."""
TOMBSTONE_KEYS = (ERASED_KEYS, SPENT_KEYS)
"""Keys that answer nothing and are never pruned."""


def tombstone_turn(why: str) -> dict[str, object]:
    """The answer a tombstone keeps (a `knotty.agent.TurnResult` record) under `why` (`TOMBSTONE_KEYS`):
    nothing said, the conversation over (a call hangs up, a text gets no reply), nothing the person said."""
    return {"conversation_id": "", "reply": "", "done": True, "stage": "done", "brain": why}


PRUNABLE_KEYS = f"conversation_id NOT IN ('{ERASED_KEYS}', '{SPENT_KEYS}')"
"""The keys the prune may forget (`TOMBSTONE_KEYS` are not), written out as its index's predicate: a query
that names them in these words reads that index, never the tombstones (one per text ever received)."""


class ProcessedTurn(SQLModel, table=True):
    """A turn already answered, by idempotency key, so a retried webhook gets the same reply."""

    __tablename__ = "processed_turns"
    __table_args__ = (
        Index(
            "ix_processed_turns_kept_texts",
            "created_at",
            sqlite_where=text(KEPT_TEXTS),
            postgresql_where=text(KEPT_TEXTS),
        ),
        Index(
            "ix_processed_turns_prunable",
            "created_at",
            sqlite_where=text(PRUNABLE_KEYS),
            postgresql_where=text(PRUNABLE_KEYS),
        ),
    )

    key: str = Field(primary_key=True, max_length=200)
    conversation_id: str = Field(max_length=32)
    result: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _ts(
        description="the hourly prune finds old keys by it (`ix_processed_turns_prunable`)"
    )


class SmsOptOut(SQLModel, table=True):
    """A phone number that texted STOP (or START again): opted-out numbers get no texts at all."""

    __tablename__ = "sms_opt_outs"

    phone: str = Field(primary_key=True, max_length=20)
    opted_out: bool = Field(default=True)
    updated_at: datetime = _ts()


OPEN_TEXT = "status IN ('pending', 'sending')"


class ConfirmationText(SQLModel, table=True):
    """The outbox of confirmation texts: one row per accepted offer, written with the acceptance.

    A worker in every process claims due rows (`status` pending, or sending with an expired lease),
    sends, and records what happened, so no text promised to a person lives only in a process's
    memory. `posted_at` is set *before* the first POST leaves: a row that has it may already be at
    Twilio, so it is looked up there before it is ever posted again. At most one open row per entry.
    """

    __tablename__ = "confirmation_texts"
    __table_args__ = (
        Index(
            "uq_confirmation_texts_open_entry",
            "entry_id",
            unique=True,
            sqlite_where=text(OPEN_TEXT),
            postgresql_where=text(OPEN_TEXT),
        ),
        Index("ix_confirmation_texts_due", "status", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="waitlist_entries.id", index=True, ondelete="CASCADE")
    phone: str = Field(max_length=20, index=True, description="E.164, as accepted")
    status: str = Field(
        default=TextStatus.PENDING,
        max_length=16,
        description="a TextStatus: pending | sending | sent | failed | opted_out | capped",
    )
    attempts: int = Field(default=0)
    due_at: datetime = _ts()
    lease_owner: str | None = Field(default=None, max_length=64, description="the process that claimed it")
    lease_until: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    posted_at: datetime | None = Field(
        default=None,
        sa_type=DateTime(timezone=True),
        index=True,
        description="when the first POST to Twilio left: a lookup window, and the hourly cap at claim time",
    )
    body: str | None = Field(default=None, max_length=1600, description="the text as posted")
    sid: str | None = Field(default=None, max_length=64, index=True)
    twilio_status: str | None = Field(
        default=None, max_length=16, description="queued | sent | delivered | undelivered | failed (Twilio's)"
    )
    last_error: str | None = Field(default=None, max_length=200)
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class RateLimitHit(SQLModel, table=True):
    """Hits of one rate-limit key in one fixed window, shared by every process and machine on the database.

    One row per (key, window): a hit is one atomic upsert that returns the new count; rows whose
    window has ended (`expires_at`, epoch seconds) are pruned by the housekeeping task.
    """

    __tablename__ = "rate_limit_hits"

    key: str = Field(
        primary_key=True, max_length=200, description="kind:subject, e.g. chat-address:203.0.113.9"
    )
    window_start: int = Field(primary_key=True, sa_type=BigInteger, description="epoch seconds")
    expires_at: int = Field(sa_type=BigInteger, index=True, description="epoch seconds the window ends")
    hits: int = Field(default=0)


class HandoffText(SQLModel, table=True):
    """A text that lets a caller finish their call's signup by typing: at most one per conversation.

    Written (`sending`) before the text leaves, so it counts against the pumping caps with the
    confirmation texts: one per number per `KNOTTY_SMS_PER_NUMBER_DAYS`, and within the hourly cap.
    """

    __tablename__ = "handoff_texts"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(max_length=32, unique=True, description="the call's conversation")
    phone: str = Field(max_length=20, index=True, description="E.164: the caller's own number")
    asking: str = Field(max_length=16, description="the field the person is asked to type")
    status: str = Field(
        default=HandoffTextStatus.SENDING,
        max_length=16,
        description="a HandoffTextStatus: sending | sent | failed",
    )
    sid: str | None = Field(default=None, max_length=64)
    error: str | None = Field(default=None, max_length=200)
    created_at: datetime = _ts(index=True)
