"""The confirmation text: sent from the durable outbox through the real `twilio` client, retried, recorded."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

import channels
from channels.confirmation_sms import TwilioConfirmationSender
from knotty import SmsLedger, TextCaps
from knotty.store import Store, create_engine
from knotty.store.models import ConfirmationText, table_of, utcnow
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, KNOTTY_NUMBER, PUBLIC
from tests.conftest import make_settings
from tests.support.accepted_text import accept_text
from tests.support.fake_twilio_rest import FakeTwilioRest, SentMessage
from tests.support.live_server import serve

PHONE = "+14155550131"
_TEXTS = table_of(ConfirmationText)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    engine = create_engine(database_url)
    yield Store(engine)
    await engine.dispose()


async def text_status(store: Store, entry_id: int) -> str | None:
    """The entry's confirmation-text status (None for no such entry)."""
    entry = await store.get_entry(entry_id)
    return None if entry is None else entry.confirmation_sms_status


async def requested_entry(store: Store, phone: str = PHONE) -> int:
    """An entry whose person accepted the text, as its turn records it (the caps read, then the turn's write)."""
    entry = (
        await store.save_entry(
            full_name="Cleo Park",
            phone=phone,
            email=f"cleo{phone[-4:]}@example.com",
            role="client",
            channel="voice",
        )
    ).entry
    assert entry.id is not None
    now = utcnow()
    refusal = await accept_text(
        store,
        entry.id,
        phone,
        since=now - timedelta(days=30),
        hour_ago=now - timedelta(hours=1),
        hourly_cap=100,
    )
    assert refusal is None
    return entry.id


def sender(store: Store, tmp_path: Path, rest_url: str, **env: str) -> TwilioConfirmationSender:
    settings = make_settings(
        "sqlite+aiosqlite:///unused",
        tmp_path,
        PUBLIC_BASE_URL=PUBLIC,
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_PHONE_NUMBER=KNOTTY_NUMBER,
        TWILIO_API_BASE_URL=rest_url,
        **env,
    )
    return TwilioConfirmationSender(
        settings, SmsLedger(store), attempts=4, backoff_s=0.01, max_backoff_s=0.05, poll_s=0.05
    )


async def test_the_request_returns_at_once_and_the_text_follows(
    store: Store, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    rest, url = fake_rest
    entry_id = await requested_entry(store)
    notifier = sender(store, tmp_path, url)
    started = time.perf_counter()
    await notifier.confirmation_requested(entry_id)
    assert time.perf_counter() - started < 0.05
    await notifier.drain()
    [text] = rest.messages
    assert (text.to, text.from_) == (PHONE, KNOTTY_NUMBER) and text.body.startswith("Hi Cleo!")
    [row] = (await store.outbox.texts_of([entry_id])).values()
    assert text.status_callback == f"{PUBLIC}/twilio/sms/status?text={row.id}", (
        "Twilio's statuses name the row"
    )
    assert (row.status, row.sid, row.attempts, row.twilio_status) == ("sent", text.sid, 1, "queued")
    entry = await store.get_entry(entry_id)
    assert entry is not None
    assert (entry.confirmation_sms_status, entry.confirmation_sms_sid, entry.confirmation_sms_attempts) == (
        "sent",
        text.sid,
        1,
    )
    await notifier.aclose()


async def test_server_errors_are_looked_up_then_retried_with_backoff(
    store: Store, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    rest, url = fake_rest
    rest.fail_messages(2, status=500)
    rest.fail_messages(1, status=429, code=20429)
    entry_id = await requested_entry(store)
    notifier = sender(store, tmp_path, url)
    await notifier.confirmation_requested(entry_id)
    await notifier.drain()
    assert len(rest.messages) == 1 and rest.failed_attempts == 3
    lookups = [p for m, p in rest.requests if m == "GET" and p.endswith("/Messages.json")]
    assert len(lookups) == 3, (
        "after each 5xx (and the 429 that followed one) Twilio is asked before posting again"
    )
    entry = await store.get_entry(entry_id)
    assert entry is not None and (entry.confirmation_sms_status, entry.confirmation_sms_attempts) == (
        "sent",
        4,
    )
    await notifier.aclose()


async def test_a_send_that_keeps_failing_is_recorded_as_failed(
    store: Store, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    rest, url = fake_rest
    rest.fail_messages(10, status=503)
    entry_id = await requested_entry(store)
    notifier = sender(store, tmp_path, url)
    await notifier.confirmation_requested(entry_id)
    await notifier.drain()
    entry = await store.get_entry(entry_id)
    assert entry is not None and (entry.confirmation_sms_status, entry.confirmation_sms_attempts) == (
        "failed",
        4,
    )
    assert rest.messages == []
    await notifier.aclose()


async def test_client_errors_are_not_retried(
    store: Store, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    rest, url = fake_rest
    rest.fail_messages(1, status=400, code=21211, message="The 'To' number is not a valid phone number.")
    bad = await requested_entry(store, "+14155550132")
    notifier = sender(store, tmp_path, url)
    await notifier.confirmation_requested(bad)
    await notifier.drain()
    rest.fail_messages(1, status=400, code=21610, message="Attempt to send to unsubscribed recipient")
    unsubscribed = await requested_entry(store, "+14155550133")
    await notifier.confirmation_requested(unsubscribed)
    await notifier.drain()
    assert rest.failed_attempts == 2 and rest.messages == []
    assert await text_status(store, bad) == "failed"
    assert await text_status(store, unsubscribed) == "opted_out"
    assert await store.is_opted_out("+14155550133")
    await notifier.aclose()


async def test_an_unreachable_api_fails_quietly(store: Store, tmp_path: Path) -> None:
    entry_id = await requested_entry(store)
    notifier = sender(store, tmp_path, "http://127.0.0.1:1")
    await notifier.confirmation_requested(entry_id)
    await notifier.drain()
    assert await text_status(store, entry_id) == "failed"
    await notifier.aclose()


async def test_the_same_acceptance_twice_queues_one_text(
    store: Store, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    rest, url = fake_rest
    entry_id = await requested_entry(store)
    now = utcnow()
    # A Twilio retry of the accepting turn, run again: it joins the open text (even with no per-number cap).
    assert (
        await accept_text(
            store, entry_id, PHONE, since=now, hour_ago=now - timedelta(hours=1), hourly_cap=100
        )
        is None
    )
    notifier = sender(store, tmp_path, url)
    for _ in range(3):
        await notifier.confirmation_requested(entry_id)
    await notifier.drain()
    await notifier.confirmation_requested(entry_id)  # already sent: nothing more
    await notifier.drain()
    assert len(rest.messages) == 1
    await notifier.aclose()


async def test_a_messaging_service_sends_when_configured(
    store: Store, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    rest, url = fake_rest
    entry_id = await requested_entry(store)
    notifier = sender(store, tmp_path, url, TWILIO_MESSAGING_SERVICE_SID="MG" + "2" * 32)
    await notifier.confirmation_requested(entry_id)
    await notifier.drain()
    [text] = rest.messages
    assert text.messaging_service_sid == "MG" + "2" * 32 and text.from_ is None
    await notifier.aclose()


async def test_a_text_a_dead_process_left_at_twilio_is_found_not_posted_again(
    store: Store, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    rest, url = fake_rest
    entry_id = await requested_entry(store)
    caps = TextCaps(
        since=utcnow() - timedelta(days=30), hour_ago=utcnow() - timedelta(hours=1), hourly_cap=100
    )
    [row] = await store.outbox.claim("dead-process", limit=5, lease_s=0.2, caps=caps)
    assert await store.outbox.mark_posting(row.id, "dead-process", "Hi Cleo! You're on the list.")
    # The POST reached Twilio; the process died before it heard back.
    rest.messages.append(
        SentMessage("SM" + "d" * 32, PHONE, "Hi Cleo! You're on the list.", KNOTTY_NUMBER, None)
    )
    notifier = sender(store, tmp_path, url)
    notifier.start()
    await notifier.drain()
    assert rest.posts == 0 and len(rest.messages) == 1, "found at Twilio, not sent twice"
    entry = await store.get_entry(entry_id)
    assert entry is not None and (entry.confirmation_sms_status, entry.confirmation_sms_sid) == (
        "sent",
        "SM" + "d" * 32,
    )
    await notifier.aclose()


async def test_texts_are_sent_by_the_worker_without_being_asked(
    store: Store, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """A row in the outbox is sent by whichever process runs a worker (a restart, another instance)."""
    rest, url = fake_rest
    entry_id = await requested_entry(store)
    await store.engine.dispose()
    async with store.engine.begin() as conn:  # written long ago, by a process that is gone
        await conn.execute(update(_TEXTS).values(created_at=utcnow() - timedelta(minutes=10)))
    notifier = sender(store, tmp_path, url)
    notifier.start()
    await notifier.drain()
    assert [m.to for m in rest.messages] == [PHONE]
    assert await text_status(store, entry_id) == "sent"
    await notifier.aclose()


async def test_texts_one_after_another_go_out_over_one_kept_connection(store: Store, tmp_path: Path) -> None:
    """A new connection per text was a TCP (and, to api.twilio.com, a TLS) handshake for every text."""
    rest = FakeTwilioRest(ACCOUNT_SID, AUTH_TOKEN)
    rest.add_number(KNOTTY_NUMBER)
    async with serve(rest) as url:
        notifier = sender(store, tmp_path, url)
        for phone in ("+14155550141", "+14155550142", "+14155550143"):
            await notifier.confirmation_requested(await requested_entry(store, phone))
            await notifier.drain()
        await notifier.aclose()

    assert sorted(m.to for m in rest.messages) == ["+14155550141", "+14155550142", "+14155550143"]
    peers = rest.post_peers
    assert len(peers) == 3 and len(set(peers)) == 1, f"one client port for every POST: {peers}"


def test_no_sender_without_twilio_credentials(tmp_path: Path) -> None:
    settings = make_settings("sqlite+aiosqlite:///unused", tmp_path, TWILIO_AUTH_TOKEN=AUTH_TOKEN)
    assert (
        channels.build_notifier(settings, SmsLedger(Store(create_engine("sqlite+aiosqlite:///:memory:"))))
        is None
    )


async def test_a_stop_landing_after_the_claim_stops_the_text_before_it_leaves(
    stores: tuple[Store, Store],
    tmp_path: Path,
    fake_rest: tuple[FakeTwilioRest, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two processes on one database: one has just claimed the text when the other records the
    number's STOP. The text must not go (Twilio's own block is not counted on): it is closed
    `opted_out`, and the entry says so."""
    rest, url = fake_rest
    sending, receiving = stores
    entry_id = await requested_entry(sending)
    claim = sending.outbox.claim

    async def claim_then_stop(*args: Any, **kwargs: Any) -> list[Any]:
        rows = await claim(*args, **kwargs)
        if rows:
            assert await receiving.set_opt_out(PHONE, True, "SM" + "5" * 32) is True
        return rows

    monkeypatch.setattr(sending.outbox, "claim", claim_then_stop)
    notifier = sender(sending, tmp_path, url)
    notifier.start()
    await notifier.drain()
    await notifier.aclose()
    assert rest.posts == 0 and rest.messages_to(PHONE) == [], "nothing posted to a number that said STOP"
    assert await text_status(receiving, entry_id) == "opted_out"
    assert (await receiving.outbox.texts_of([entry_id]))[entry_id].status == "opted_out"
    assert await receiving.outbox.open_count() == 0
