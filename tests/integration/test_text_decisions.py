"""Deciding about a text while another process holds the texts' lock (`knotty.store.text_locks`).

Every acceptance of a confirmation text took the one lock all text decisions share, even when the
caps had refused it already, or it was the same acceptance again. Under twice the load the machine
sustains, on PostgreSQL, people answering "yes" to the text offer queued behind each other for that
lock: webhooks of 3.5-5.4 s (`bench.run --rate 1000`), past the 5 s a webhook may take. What the caps
refuse, and an acceptance already queued, is now answered from a read that takes no lock.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from knotty.store import Store
from knotty.store.models import utcnow
from knotty.store.repository import HOURLY_CAP_REACHED, TEXTED_RECENTLY
from knotty.store.text_locks import take_text_turn
from tests.conftest import on_core_path

ANA, BO, CY = "+14155550100", "+14155550101", "+14155550102"


async def entry(store: Store, name: str, phone: str) -> int:
    email = name.lower().replace(" ", ".") + "@example.com"
    saved = await store.save_entry(full_name=name, phone=phone, email=email, role="client", channel="sms")
    assert saved.entry.id is not None
    return saved.entry.id


@pytest.fixture(params=["driver", "core"])
def paths(request: pytest.FixtureRequest, stores: tuple[Store, Store]) -> tuple[Store, Store]:
    """The two processes on the driver's hot path, or on Core (as behind Supabase's transaction pooler)."""
    first, second = stores
    return (on_core_path(first), on_core_path(second)) if request.param == "core" else stores


async def test_a_text_the_caps_refuse_is_answered_while_another_process_holds_the_lock(
    paths: tuple[Store, Store],
) -> None:
    store, other = paths
    ana, bo, cy = (
        await entry(store, "Ana Lima", ANA),
        await entry(store, "Bo Chan", BO),
        await entry(store, "Cy Dee", CY),
    )
    now = utcnow()
    since, hour_ago = now - timedelta(days=30), now - timedelta(hours=1)

    async def accept(entry_id: int, phone: str) -> str | None:
        decided = store.request_confirmation(entry_id, phone, since=since, hour_ago=hour_ago, hourly_cap=1)
        return await asyncio.wait_for(decided, 10)

    assert await accept(ana, ANA) is None  # the hour's one text
    async with other.engine.begin() as conn:  # the other process is deciding about a text right now
        await take_text_turn(conn)
        refused, again, ana_twice = await accept(bo, BO), await accept(ana, ANA), await accept(cy, ANA)
    assert refused == HOURLY_CAP_REACHED
    assert again is None  # the same acceptance again (a re-run turn): already queued, one text
    assert ana_twice == TEXTED_RECENTLY  # another entry with Ana's number: she was texted already
    assert (await store.outbox.texts_of([ana]))[ana].status == "pending"
    assert await store.outbox.texts_of([bo, cy]) == {}


async def test_two_processes_accepting_texts_at_once_pass_the_hourly_cap_exactly(
    paths: tuple[Store, Store],
) -> None:
    """The read before the lock lets both processes through while the cap is not reached; the
    decision under the lock (`text_decisions`) counts and writes: exactly `cap` acceptances, each
    with its entry marked and one outbox row, the rest refused with nothing written."""
    store, other = paths
    people = [await entry(store, f"Person {chr(65 + i)} Silva", f"+1415555{2000 + i}") for i in range(12)]
    now = utcnow()
    since, hour_ago = now - timedelta(days=30), now - timedelta(hours=1)
    decisions = await asyncio.gather(
        *(
            (store, other)[i % 2].request_confirmation(
                entry_id, f"+1415555{2000 + i}", since=since, hour_ago=hour_ago, hourly_cap=5
            )
            for i, entry_id in enumerate(people)
        )
    )
    assert sorted(map(str, decisions)) == sorted(["None"] * 5 + [HOURLY_CAP_REACHED] * 7)
    queued = await store.outbox.texts_of(people)
    assert len(queued) == 5 and all(t.status == "pending" for t in queued.values())
    accepted = {p for p, d in zip(people, decisions, strict=True) if d is None}
    assert set(queued) == accepted
    for entry_id in people:
        row = await store.get_entry(entry_id)
        assert row is not None and (row.confirmation_sms_status == "requested") == (entry_id in accepted)
