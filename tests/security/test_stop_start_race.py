"""A STOP and a START from one number racing into two processes: the word said last stands.

Before: the number's choice was an upsert where the last one *written* stood. A keyword whose write
was held up (a busy connection, a slow process) and landed after the other one's undid it: the person
who texted START and then STOP was answered "you're opted back in" and kept being answered and
texted; the one who texted STOP and then START was told "opted back in" and then ignored. Twilio
gives no time in its webhook (and a MessageSid says nothing of order), so the order is when each text
reached Knotty; two at one instant leave the number opted out.

Here the first keyword's write is held up for real on PostgreSQL: an open transaction holds the very
key its MessageSid claims (its write waits on that row lock), while the second keyword arrives over
signed HTTP and is written first; then the first is let go. The store is also driven directly, on
both databases, as two processes writing in either order.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import text

from channels import wording
from knotty.store import Store
from knotty.store.models import utcnow
from knotty.store.repository import KEYWORD_KEY_PREFIX
from tests.channels.conftest import TwilioWorld, twilio  # noqa: F401 - fixtures
from tests.corpus.people import make_people
from tests.support.twilio_sim import Texter

_PEOPLE = make_people(12, seed=9091)
_GAP_S = 0.5


def _keyword_hook(phone: Texter, body: str) -> tuple[str, dict[str, str]]:
    """A signed-to-be text of `body` from `phone`, and its MessageSid (to hold its write up)."""
    sid = "SM" + uuid.uuid4().hex
    params = {
        "AccountSid": phone.sim.account_sid,
        "ApiVersion": "2010-04-01",
        "MessageSid": sid,
        "SmsMessageSid": sid,
        "SmsSid": sid,
        "SmsStatus": "received",
        "From": phone.number,
        "To": phone.sim.number,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "FromCountry": "US",
        "ToCountry": "US",
    }
    return sid, params


async def _replies(phone: Texter, params: dict[str, str]) -> str:
    hook = phone.sim.webhook(phone.sim.public_url(phone.sim.sms_path), params)
    answer = await phone.sim.send(hook)
    assert answer.status_code == 200, answer.text[:200]
    return answer.text


async def _race(twilio: TwilioWorld, phone: Texter, first: str, second: str, gap_s: float) -> tuple[str, str]:  # noqa: F811
    """`first` reaches Knotty, its write held up; `second` arrives `gap_s` later and is written; then
    `first` is let go. The TwiML each was answered with."""
    first_sid, first_params = _keyword_hook(phone, first)
    _, second_params = _keyword_hook(phone, second)
    async with twilio.store.engine.connect() as holder:
        held = await holder.begin()
        await holder.execute(
            text(
                "INSERT INTO processed_turns (key, conversation_id, result, created_at) "
                "VALUES (:key, '', '{}', now())"
            ),
            {"key": KEYWORD_KEY_PREFIX + first_sid},
        )
        first_answer = asyncio.create_task(_replies(phone, first_params))
        await asyncio.sleep(gap_s)
        assert not first_answer.done(), "the first keyword's write was not held up"
        second_answer = await _replies(phone, second_params)
        await held.rollback()
    return await asyncio.wait_for(first_answer, 10), second_answer


@pytest.fixture
def on_postgres(twilio: TwilioWorld) -> TwilioWorld:  # noqa: F811
    if twilio.store.engine.dialect.name != "postgresql":
        pytest.skip("holding one keyword's write up takes PostgreSQL's row locks")
    return twilio


async def test_start_then_stop_written_in_the_other_order_leaves_the_number_alone(
    on_postgres: TwilioWorld,
) -> None:
    phone = on_postgres.sim.texter(_PEOPLE[0].phone)
    assert await phone.send("Hi, I'd like to join the waitlist")
    start_answer, stop_answer = await _race(on_postgres, phone, "START", "STOP", _GAP_S)
    assert wording.SMS_OPTED_IN not in start_answer, "told 'opted back in' after their STOP"
    assert wording.SMS_OPTED_IN not in stop_answer
    assert await on_postgres.store.is_opted_out(phone.number), "the number's latest word was STOP"
    assert await phone.send("hello?") == [], "a number whose latest word was STOP was answered"


async def test_stop_then_start_written_in_the_other_order_opts_back_in(on_postgres: TwilioWorld) -> None:
    phone = on_postgres.sim.texter(_PEOPLE[1].phone)
    assert await phone.send("Hi, I'd like to join the waitlist")
    _, start_answer = await _race(on_postgres, phone, "STOP", "START", _GAP_S)
    assert wording.SMS_OPTED_IN in start_answer
    assert not await on_postgres.store.is_opted_out(phone.number), "told 'opted back in', kept opted out"
    assert await phone.send("Hi, I'd like to join the waitlist"), "an opted-in number got no reply"


@pytest.mark.parametrize(
    ("said", "opted_out"),
    [
        pytest.param(((True, 0.0), (False, 30.0)), False, id="stop-then-start"),
        pytest.param(((False, 0.0), (True, 30.0)), True, id="start-then-stop"),
        pytest.param(((True, 0.0), (False, 0.0)), True, id="stop-start-one-instant"),
        pytest.param(((False, 0.0), (True, 0.001)), True, id="start-stop-a-moment-apart"),
        pytest.param(((True, 0.0), (False, 30.0), (True, 60.0)), True, id="stop-start-stop"),
        pytest.param(((False, 0.0), (True, 30.0), (False, 60.0)), False, id="start-stop-start"),
    ],
)
async def test_two_processes_writing_keywords_in_any_order_keep_the_latest_said(
    stores: tuple[Store, Store], said: tuple[tuple[bool, float], ...], opted_out: bool
) -> None:
    """Every order of writing, each keyword by either process: the latest said stands."""
    start = utcnow() - timedelta(minutes=5)
    for n, written in enumerate(itertools.permutations(said)):
        phone = _PEOPLE[3 + n].phone
        for i, (stop, at_s) in enumerate(written):
            store = stores[i % 2]
            sid = "SM" + uuid.uuid4().hex
            await store.set_opt_out(phone, stop, sid, said_at=start + timedelta(seconds=at_s))
        assert await stores[0].is_opted_out(phone) is opted_out, f"written in the order {written}"
