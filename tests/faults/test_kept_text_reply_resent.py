"""A text answered later (the process was overloaded) whose reply Twilio did not take is sent again.

`channels.sms_later` answers a kept text by the REST API. When that send failed (Twilio answered 5xx,
or did not answer), the kept text came due again after its lease, but its turn was already written:
the run found it a duplicate and sent nothing, so the person never heard back. Now the kept text
counts its tries: a retry asks Twilio whether the reply left (a send that timed out may have) and
sends it only if not, at most `MAX_TRIES` times; a send Twilio refuses for good (an opted-out or
invalid number) is not tried again.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from faker import Faker

from app.runtime import Runtime
from channels.sms_later import MAX_TRIES, SmsLater
from knotty.admission import TurnGate
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, KNOTTY_NUMBER, PUBLIC
from tests.conftest import make_settings
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import serve

LEASE_S = 0.6
"""Longer than a turn and a reply take on a busy CI machine, so two tries never overlap (in production 30 s)."""


@dataclass
class Later:
    worker: SmsLater
    rest: FakeTwilioRest
    runtime: Runtime


@pytest.fixture
async def later(runtime: Runtime, database_url: str, tmp_path: Path) -> AsyncIterator[Later]:
    rest = FakeTwilioRest(ACCOUNT_SID, AUTH_TOKEN)
    rest.add_number(KNOTTY_NUMBER)
    async with serve(rest) as url:
        settings = make_settings(
            database_url, tmp_path, PUBLIC_BASE_URL=PUBLIC, TWILIO_ACCOUNT_SID=ACCOUNT_SID,
            TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_PHONE_NUMBER=KNOTTY_NUMBER, TWILIO_API_BASE_URL=url,
        )  # fmt: skip
        runtime.ledger.later.lease_s = LEASE_S  # a failed reply comes due again in moments, not 30 s
        worker = SmsLater(settings, runtime.ledger, runtime.agent, TurnGate(4, 1.0), poll_s=0.05)
        worker.timeout_s = 0.5
        try:
            yield Later(worker, rest, runtime)
        finally:
            await worker.aclose()


def _openers(seed: int, count: int) -> list[str]:
    lines = []
    for i, locale in enumerate(["en_US", "pt_BR", "fr_FR", "ja_JP", "pl_PL"][:count]):
        fake = Faker(locale)
        fake.seed_instance(seed + i)
        lines.append(f"Hi, this is {fake.first_name()}, I'd like to join the waitlist")
    return lines


async def _settled(later: Later, bound_s: float = 10.0) -> None:
    for _ in range(int(bound_s / 0.05)):
        if await later.runtime.ledger.later.waiting() == 0:
            return
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("opener", _openers(2718, 3))
async def test_a_reply_twilio_failed_to_take_is_sent_again_once(later: Later, opener: str) -> None:
    sender = "+12025550461"
    later.rest.fail_messages(2, status=500)  # the reply's first two sends fail
    await later.worker.keep(sender, opener, "SM" + "a1" * 16)
    await _settled(later)
    replies = later.rest.messages_to(sender)
    assert len(replies) == 1, f"the person heard back {len(replies)} times"
    assert "name" in replies[0].body.lower(), replies[0].body


async def test_a_reply_that_left_while_its_send_timed_out_is_not_sent_twice(later: Later) -> None:
    sender = "+12025550462"
    later.rest.misbehave("hang")  # Twilio takes the message and never answers the post
    await later.worker.keep(sender, _openers(99, 1)[0], "SM" + "b2" * 16)
    for _ in range(100):
        if later.rest.messages_to(sender):
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.0)  # its send times out and its lease runs out
    later.rest.heal()
    await _settled(later)
    assert len(later.rest.messages_to(sender)) == 1


async def test_a_reply_twilio_keeps_failing_is_given_up_after_its_tries(later: Later) -> None:
    sender = "+12025550463"
    later.rest.fail_messages(MAX_TRIES + 5, status=503)
    await later.worker.keep(sender, _openers(7, 1)[0], "SM" + "c3" * 16)
    await _settled(later, bound_s=MAX_TRIES * (LEASE_S + 0.3) + 5)
    assert await later.runtime.ledger.later.waiting() == 0, "a kept text retried for ever"
    assert later.rest.messages_to(sender) == []
    assert later.rest.posts <= MAX_TRIES


async def test_a_reply_twilio_refuses_for_good_is_not_tried_again(later: Later) -> None:
    sender = "+12025550464"
    later.rest.fail_messages(3, status=400, code=21610, message="unsubscribed recipient")
    await later.worker.keep(sender, _openers(8, 1)[0], "SM" + "d4" * 16)
    await _settled(later)
    assert await later.runtime.ledger.later.waiting() == 0
    assert later.rest.posts == 1
