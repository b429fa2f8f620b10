"""A listed entry's confirmation text is accepted by the turn's own write, or not at all.

On each write path (SQLite's and PostgreSQL's drivers, SQLAlchemy Core as behind Supabase's pooler):
the text alone, the text with an update of its entry in the same turn (one statement may change a row
only once on PostgreSQL), and a turn that lost to another writer, which must leave no text behind.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from knotty.errors import StaleConversation
from knotty.store import Store
from knotty.store.models import ConfirmationText, table_of
from knotty.store.repository import EntryWrite, TextWrite
from knotty.transcript import ChatLine
from tests.conftest import on_core_path

ANA = "+14155550130"
_TEXTS = table_of(ConfirmationText)


@pytest.fixture(params=["driver", "core"])
def paths(request: pytest.FixtureRequest, store: Store) -> Store:
    return on_core_path(store) if request.param == "core" else store


async def _listed(store: Store) -> int:
    saved = await store.save_entry(
        full_name="Ana Lima", phone=ANA, email="ana@example.com", role="client", channel="sms"
    )
    assert saved.entry.id is not None
    return saved.entry.id


async def _turn(
    store: Store,
    conv_id: str,
    text_write: TextWrite | None,
    entry: EntryWrite | None = None,
    entry_id: int | None = None,
) -> None:
    conv = await store.get_conversation(conv_id)
    assert conv is not None
    await store.commit_turn(
        conv, messages=[ChatLine("user", "yes please")], state='{"sms": "accepted"}', stage="saved",
        status="active", entry_id=entry_id, processed_key=None, result={}, entry=entry,
        text_write=text_write,
    )  # fmt: skip


async def _texts(store: Store) -> list[tuple[int, str, str]]:
    async with store.engine.connect() as conn:
        rows = await conn.execute(select(_TEXTS.c.entry_id, _TEXTS.c.phone, _TEXTS.c.status))
        return [(int(e), str(p), str(s)) for e, p, s in rows]


async def test_the_text_is_written_with_the_turn(paths: Store) -> None:
    store = paths
    entry_id = await _listed(store)
    conv = await store.create_conversation("sms", ANA, {})
    await _turn(store, conv.id, TextWrite(entry_id, ANA))
    entry = await store.get_entry(entry_id)
    assert entry is not None and entry.confirmation_sms_status == "requested"
    assert entry.confirmation_sms_requested_at is not None
    assert await _texts(store) == [(entry_id, ANA, "pending")]


async def test_a_turn_that_lost_leaves_no_text(paths: Store) -> None:
    store = paths
    entry_id = await _listed(store)
    conv = await store.create_conversation("sms", ANA, {})
    stale = await store.get_conversation(conv.id)
    assert stale is not None
    await _turn(store, conv.id, None)  # the other tab's "no thanks", written first
    with pytest.raises(StaleConversation):
        await store.commit_turn(
            stale, messages=[ChatLine("user", "yes please")], state='{"sms": "accepted"}', stage="saved",
            status="active", entry_id=None, processed_key=None, result={},
            text_write=TextWrite(entry_id, ANA),
        )  # fmt: skip
    entry = await store.get_entry(entry_id)
    assert entry is not None and entry.confirmation_sms_requested_at is None
    assert await _texts(store) == []


async def test_the_text_and_an_update_of_its_entry_in_one_turn_both_hold(paths: Store) -> None:
    store = paths
    entry_id = await _listed(store)
    conv = await store.create_conversation("sms", ANA, {})
    plan = await store.plan_entry(
        full_name="Ana Lima", phone=ANA, email="ana.lima@example.com", role="client", channel="sms",
        owned_entry_id=entry_id,
    )  # fmt: skip
    assert plan.write is not None and not plan.write.new
    await _turn(store, conv.id, TextWrite(entry_id, ANA), entry=plan.write, entry_id=entry_id)
    entry = await store.get_entry(entry_id)
    assert entry is not None and entry.email == "ana.lima@example.com", "the update was written"
    assert entry.confirmation_sms_status == "requested", "and the text accepted with it"
    assert await _texts(store) == [(entry_id, ANA, "pending")]
