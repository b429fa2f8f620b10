"""SMS pumping: the caps hold when the outbox claims texts, whatever the claims' timing.

Texts accepted in the turn that creates their entry read the caps without a lock, so a burst of new
signups may queue more texts than the hourly cap allows; the claim is what stops them. A claimed
text is not posted yet: the next claim, in this process or another, must count it as sent.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from knotty import TextCaps
from knotty.store import Store
from knotty.store.entry_write import TextWrite, text_write_core
from knotty.store.models import utcnow
from tests.support.accepted_text import accept_text


def caps(hourly_cap: int) -> TextCaps:
    now = utcnow()
    return TextCaps(since=now - timedelta(days=30), hour_ago=now - timedelta(hours=1), hourly_cap=hourly_cap)


async def queued_texts(store: Store, phones: list[str]) -> None:
    """Entries whose texts were accepted as new signups' are: queued, nothing posted yet."""
    for i, phone in enumerate(phones):
        saved = await store.save_entry(
            full_name=f"Person {chr(65 + i)}",
            phone=phone,
            email=f"person{i}@example.com",
            role="client",
            channel="sms",
        )
        assert saved.entry.id is not None
        async with store.engine.begin() as conn:
            await text_write_core(conn, TextWrite(saved.entry.id, phone), utcnow())


async def test_a_claimed_text_counts_against_the_hourly_cap_before_it_is_posted(
    stores: tuple[Store, Store],
) -> None:
    store, _ = stores
    await queued_texts(store, ["+14155550141", "+14155550142", "+14155550143"])
    first = await store.outbox.claim("worker-a", limit=1, lease_s=30, caps=caps(1))
    again = await store.outbox.claim("worker-a", limit=1, lease_s=30, caps=caps(1))
    assert len(first) == 1
    assert again == [], "a second text went out in the same hour with a cap of one"
    assert await store.outbox.open_count() == 3, "the others wait for the next hour: none is lost"


async def test_two_processes_claiming_at_once_send_no_more_than_the_cap(
    stores: tuple[Store, Store],
) -> None:
    await queued_texts(stores[0], [f"+141555501{i:02d}" for i in range(20)])
    for round_ in range(8):  # each round the cap allows one more text than are already out
        results = await asyncio.gather(
            *(
                s.outbox.claim(f"worker-{i}", limit=1, lease_s=60, caps=caps(round_ + 1))
                for i, s in enumerate(stores)
            )
        )
        claimed = [row.id for rows in results for row in rows]
        assert len(claimed) == 1, f"round {round_}: room for one more text, {len(claimed)} were claimed"


async def test_a_second_text_to_a_number_waits_while_the_first_is_being_sent(
    stores: tuple[Store, Store],
) -> None:
    store, other = stores
    phone = "+14155550161"
    await queued_texts(store, [phone])
    second = await store.save_entry(
        full_name="Person Z", phone="+14155550162", email="z@example.com", role="client", channel="sms"
    )
    assert second.entry.id is not None
    async with store.engine.begin() as conn:  # a text to the first number, queued for another entry
        await text_write_core(conn, TextWrite(second.entry.id, phone), utcnow())
    [held] = await store.outbox.claim("worker-a", limit=1, lease_s=30, caps=caps(100))
    assert await other.outbox.claim("worker-b", limit=5, lease_s=30, caps=caps(100)) == []
    assert held.phone == phone


async def test_two_processes_accepting_texts_at_once_send_no_more_than_the_hourly_cap(
    stores: tuple[Store, Store],
) -> None:
    """Each "yes" reads the caps without a lock and is written with its own turn (`accept_text`), so two
    processes accepting at once may both pass the read: the claim holds the cap. Exactly `cap` texts go
    this hour, every other accepted one waits for the next (none lost), a refused one wrote nothing."""
    store, other = stores
    people: list[tuple[int, str]] = []
    for i in range(12):
        phone = f"+141555502{i:02d}"
        saved = await store.save_entry(
            full_name=f"Person {chr(65 + i)}", phone=phone, email=f"p{i}@example.com", role="client",
            channel="sms",
        )  # fmt: skip
        assert saved.entry.id is not None
        people.append((saved.entry.id, phone))
    now = utcnow()
    refusals = await asyncio.gather(
        *(
            accept_text(
                stores[i % 2],
                entry_id,
                phone,
                since=now - timedelta(days=30),
                hour_ago=now - timedelta(hours=1),
                hourly_cap=5,
            )
            for i, (entry_id, phone) in enumerate(people)
        )
    )
    accepted = [entry_id for (entry_id, _), refusal in zip(people, refusals, strict=True) if refusal is None]
    assert len(accepted) >= 5, refusals
    claimed: list[int] = []
    for _ in range(4):  # both processes' senders claim at once, again and again
        results = await asyncio.gather(
            *(s.outbox.claim(f"worker-{i}", limit=3, lease_s=60, caps=caps(5)) for i, s in enumerate(stores))
        )
        claimed += [row.entry_id for rows in results for row in rows]
    assert len(claimed) == 5, f"a cap of five let {len(claimed)} texts go"
    assert set(claimed) <= set(accepted)
    assert await store.outbox.open_count() == len(accepted), "the others wait for the next hour"
    for entry_id, _ in people:
        row = await other.get_entry(entry_id)
        assert row is not None and (row.confirmation_sms_status == "requested") == (entry_id in accepted)


async def test_one_claim_of_many_rows_holds_the_hourly_cap_among_them(stores: tuple[Store, Store]) -> None:
    """The cap counts the texts claimed earlier in the same claim, not only those claimed before it."""
    store, _ = stores
    await queued_texts(store, [f"+141555503{i:02d}" for i in range(6)])
    claimed = await store.outbox.claim("worker-a", limit=6, lease_s=30, caps=caps(2))
    assert len(claimed) == 2, f"a cap of two let {len(claimed)} texts go in one claim"
    assert len({row.phone for row in claimed}) == 2
    assert await store.outbox.open_count() == 6, "the other four wait for the next hour: none is lost"


async def test_one_claim_takes_one_text_per_number_and_leaves_the_other_waiting(
    stores: tuple[Store, Store],
) -> None:
    """Two texts queued for one number (two entries sharing it) in one claim: the second is in flight
    elsewhere the moment the first is taken, so it waits for the first's outcome."""
    store, _ = stores
    phone = "+14155550171"
    await queued_texts(store, [phone, "+14155550172"])
    second = await store.save_entry(
        full_name="Person Y", phone="+14155550173", email="y@example.com", role="client", channel="sms"
    )
    assert second.entry.id is not None
    async with store.engine.begin() as conn:
        await text_write_core(conn, TextWrite(second.entry.id, phone), utcnow())
    claimed = await store.outbox.claim("worker-a", limit=5, lease_s=30, caps=caps(100))
    assert sorted(row.phone for row in claimed) == sorted([phone, "+14155550172"])
    assert await store.outbox.claim("worker-a", limit=5, lease_s=30, caps=caps(100)) == []
    assert await store.outbox.open_count() == 3
