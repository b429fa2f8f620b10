"""The confirmation text: sent in the background through the real `twilio` client, retried, recorded."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import channels
from channels.confirmation_sms import TwilioConfirmationSender
from knotty.store import Store, create_engine
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, KNOTTY_NUMBER
from tests.conftest import make_settings
from tests.support.fake_twilio_rest import FakeTwilioRest

PHONE = "+14155550131"


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    engine = create_engine(database_url)
    yield Store(engine)
    await engine.dispose()


async def requested_entry(store: Store, phone: str = PHONE) -> int:
    entry = (await store.save_entry(full_name="Cleo Park", phone=phone, email=f"cleo{phone[-4:]}@example.com", role="client", channel="voice")).entry
    assert entry.id is not None
    await store.set_sms_status(entry.id, "requested")
    return entry.id


def sender(store: Store, tmp_path: Path, rest_url: str, **env: str) -> TwilioConfirmationSender:
    settings = make_settings(
        "sqlite+aiosqlite:///unused",
        tmp_path,
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_PHONE_NUMBER=KNOTTY_NUMBER,
        TWILIO_API_BASE_URL=rest_url,
        **env,
    )
    notifier = TwilioConfirmationSender(settings, store, attempts=4, backoff_s=0.01, max_backoff_s=0.05, resume_older_than_s=0)
    notifier._resumed = True  # resume is tested on its own
    return notifier


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
    entry = await store.get_entry(entry_id)
    assert entry is not None
    assert (entry.confirmation_sms_status, entry.confirmation_sms_sid, entry.confirmation_sms_attempts) == ("sent", text.sid, 1)


async def test_server_errors_are_retried_with_backoff(store: Store, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]) -> None:
    rest, url = fake_rest
    rest.fail_messages(2, status=500)
    rest.fail_messages(1, status=429, code=20429)
    entry_id = await requested_entry(store)
    notifier = sender(store, tmp_path, url)
    await notifier.confirmation_requested(entry_id)
    await notifier.drain()
    assert len(rest.messages) == 1 and rest.failed_attempts == 3
    entry = await store.get_entry(entry_id)
    assert entry is not None and (entry.confirmation_sms_status, entry.confirmation_sms_attempts) == ("sent", 4)


async def test_a_send_that_keeps_failing_is_recorded_as_failed(store: Store, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]) -> None:
    rest, url = fake_rest
    rest.fail_messages(10, status=503)
    entry_id = await requested_entry(store)
    notifier = sender(store, tmp_path, url)
    await notifier.confirmation_requested(entry_id)
    await notifier.drain()
    entry = await store.get_entry(entry_id)
    assert entry is not None and (entry.confirmation_sms_status, entry.confirmation_sms_attempts) == ("failed", 4)
    assert rest.messages == []


async def test_client_errors_are_not_retried(store: Store, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]) -> None:
    rest, url = fake_rest
    rest.fail_messages(1, status=400, code=21211, message="The 'To' number is not a valid phone number.")
    bad = await requested_entry(store, "+14155550132")
    rest.fail_messages(1, status=400, code=21610, message="Attempt to send to unsubscribed recipient")
    unsubscribed = await requested_entry(store, "+14155550133")
    notifier = sender(store, tmp_path, url)
    await notifier.confirmation_requested(bad)
    await notifier.drain()
    await notifier.confirmation_requested(unsubscribed)
    await notifier.drain()
    assert rest.failed_attempts == 2 and rest.messages == []
    assert (await store.get_entry(bad)).confirmation_sms_status == "failed"  # type: ignore[union-attr]
    assert (await store.get_entry(unsubscribed)).confirmation_sms_status == "opted_out"  # type: ignore[union-attr]
    assert await store.is_opted_out("+14155550133")


async def test_an_unreachable_api_fails_quietly(store: Store, tmp_path: Path) -> None:
    entry_id = await requested_entry(store)
    notifier = sender(store, tmp_path, "http://127.0.0.1:1")
    await notifier.confirmation_requested(entry_id)
    await notifier.drain()
    assert (await store.get_entry(entry_id)).confirmation_sms_status == "failed"  # type: ignore[union-attr]


async def test_duplicate_requests_send_once(store: Store, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]) -> None:
    rest, url = fake_rest
    entry_id = await requested_entry(store)
    notifier = sender(store, tmp_path, url)
    for _ in range(3):
        await notifier.confirmation_requested(entry_id)
    await notifier.drain()
    await notifier.confirmation_requested(entry_id)  # already sent: nothing more
    await notifier.drain()
    assert len(rest.messages) == 1


async def test_a_messaging_service_sends_when_configured(store: Store, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]) -> None:
    rest, url = fake_rest
    entry_id = await requested_entry(store)
    notifier = sender(store, tmp_path, url, TWILIO_MESSAGING_SERVICE_SID="MG" + "2" * 32)
    await notifier.confirmation_requested(entry_id)
    await notifier.drain()
    [text] = rest.messages
    assert text.messaging_service_sid == "MG" + "2" * 32 and text.from_ is None


async def test_texts_left_requested_by_a_crash_are_sent_on_start(
    store: Store, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    rest, url = fake_rest
    entry_id = await requested_entry(store)
    settings = make_settings(
        "sqlite+aiosqlite:///unused", tmp_path, TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_PHONE_NUMBER=KNOTTY_NUMBER, TWILIO_API_BASE_URL=url,
    )  # fmt: skip
    notifier = channels.build_notifier(settings, store)
    assert isinstance(notifier, TwilioConfirmationSender)
    notifier.resume_older_than_s = 0
    await notifier.aclose(0)  # cancel the delayed resume of start-up; resume now instead
    assert await notifier.resume() == 1
    await notifier.drain()
    assert [m.to for m in rest.messages] == [PHONE]
    assert (await store.get_entry(entry_id)).confirmation_sms_status == "sent"  # type: ignore[union-attr]


def test_no_sender_without_twilio_credentials(tmp_path: Path) -> None:
    settings = make_settings("sqlite+aiosqlite:///unused", tmp_path, TWILIO_AUTH_TOKEN=AUTH_TOKEN)
    assert channels.build_notifier(settings, Store(create_engine("sqlite+aiosqlite:///:memory:"))) is None
