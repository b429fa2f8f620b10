"""Two people sharing a number say "yes" to the confirmation text at the same moment, in two processes.

Each acceptance reads the caps without a lock and is written with its turn. Both read the number
untexted, both turns were written, both people were told a text was on its way, and the outbox then
closed one of the two texts as `capped` (another text went to the number): one person waited for a
text that never came. The turn's write now holds the per-number window again under the texts' lock:
the second is refused as stale, runs again, and reads the number texted (so that person hears "no
text can be sent to this number"). Every entry left marked requested then has its text sent.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from knotty import TextCaps
from knotty.errors import StaleConversation
from knotty.store import Store
from knotty.store.models import utcnow
from knotty.store.repository import EntryWrite, TextWrite
from knotty.store.text_decisions import TextDecision
from knotty.transcript import ChatLine
from tests.conftest import on_core_path

SHARED = "+14155550190"
DAYS_30 = timedelta(days=30)


@pytest.fixture(params=["driver", "core"])
def two(request: pytest.FixtureRequest, stores: tuple[Store, Store]) -> tuple[Store, Store]:
    first, second = stores
    return (on_core_path(first), on_core_path(second)) if request.param == "core" else stores


async def _sharing_a_number(store: Store) -> tuple[int, int]:
    """Two listed entries with one phone: the second a person of their own, kept apart for review."""
    ids = []
    for name, email in (("Ana Lima", "ana@example.com"), ("Rui Lima", "rui@example.com")):
        saved = await store.save_entry(
            full_name=name, phone=SHARED, email=email, role="client", channel="web"
        )
        assert saved.entry.id is not None
        ids.append(saved.entry.id)
    assert ids[0] != ids[1]
    return ids[0], ids[1]


async def _yes(
    store: Store, entry_id: int, *, entry: EntryWrite | None = None, text: TextWrite | None
) -> None:
    conv = await store.create_conversation("web", f"tab-{uuid.uuid4().hex}", {})
    await store.commit_turn(
        conv, messages=[ChatLine("user", "yes please")], state='{"sms": "accepted"}', stage="saved",
        status="active", entry_id=entry_id, processed_key=None, result={}, entry=entry, text_write=text,
    )  # fmt: skip


def _caps() -> TextCaps:
    now = utcnow()
    return TextCaps(since=now - DAYS_30, hour_ago=now - timedelta(hours=1), hourly_cap=100)


async def _requested(store: Store, *ids: int) -> list[int]:
    rows = [await store.get_entry(entry_id) for entry_id in ids]
    return [
        row.id for row in rows if row is not None and row.confirmation_sms_status == "requested" and row.id
    ]


async def test_the_second_yes_to_one_number_at_once_is_refused_and_reads_the_number_texted(
    two: tuple[Store, Store],
) -> None:
    here, there = two
    ana, rui = await _sharing_a_number(here)
    since = utcnow() - DAYS_30
    for store, entry_id in ((here, ana), (there, rui)):  # both read the caps before either is written
        decision = await store.text_decision(entry_id, SHARED, since=since, hour_ago=utcnow(), hourly_cap=100)
        assert decision is None
    await _yes(here, ana, text=TextWrite(ana, SHARED, since))
    with pytest.raises(StaleConversation):
        await _yes(there, rui, text=TextWrite(rui, SHARED, since))
    again = await there.text_decision(rui, SHARED, since=since, hour_ago=utcnow(), hourly_cap=100)
    assert again is TextDecision.TEXTED_RECENTLY, "the turn's rerun tells Rui no text can be sent"
    assert await _requested(there, ana, rui) == [ana]
    claimed = await there.outbox.claim("worker", limit=5, lease_s=30, caps=_caps())
    assert [row.entry_id for row in claimed] == [ana], "the text Ana was told of is the one that goes"


async def test_a_new_signup_s_yes_to_a_number_texted_meanwhile_is_refused(two: tuple[Store, Store]) -> None:
    """The same race when the second person's entry is created in the turn that hears the "yes"."""
    here, there = two
    ana, _ = await _sharing_a_number(here)
    since = utcnow() - DAYS_30
    assert await there.text_caps_refusal(SHARED, since=since, hour_ago=utcnow(), hourly_cap=100) is None
    new_id = ana + 100
    write = EntryWrite(
        id=new_id, new=True, full_name="Eva Lima", phone=SHARED, email="eva@example.com", role="client",
        channel="web", review_reason="phone_in_use", duplicate_of=ana, text_requested=True, text_since=since,
    )  # fmt: skip
    await _yes(here, ana, text=TextWrite(ana, SHARED, since))
    with pytest.raises(StaleConversation):
        await _yes(there, new_id, entry=write, text=None)
    assert await there.get_entry(new_id) is None, "the lost turn wrote nothing"
    claimed = await there.outbox.claim("worker", limit=5, lease_s=30, caps=_caps())
    assert [row.entry_id for row in claimed] == [ana]
