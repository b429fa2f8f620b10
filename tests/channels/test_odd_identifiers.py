"""Senders and SIDs no column could hold alike (too long, or with a NUL) are refused with the same 400
on SQLite and PostgreSQL, before anything is stored; the longest real numbers still work, STOP included."""

from __future__ import annotations

import pytest

from channels.twilio_params import SMS_SENDER_MAX
from tests.channels.conftest import TwilioWorld

GOOD_SID = "SM" + "1" * 32

ODD_TEXTS = {
    "sender too long for an opt-out": {"From": "+1" + "4" * (SMS_SENDER_MAX - 1)},
    "sender with a NUL": {"From": "+1415555\x000100"},
    "MessageSid too long": {"MessageSid": "SM" + "a" * 300, "SmsSid": "SM" + "a" * 300},
    "MessageSid with a NUL": {"MessageSid": "SM\x00abc", "SmsSid": "SM\x00abc"},
    "AccountSid with a NUL": {"AccountSid": "AC\x00"},
}


def _text(world: TwilioWorld, body: str, **odd: str) -> dict[str, str]:
    params = {
        "AccountSid": world.sim.account_sid,
        "MessageSid": GOOD_SID,
        "SmsSid": GOOD_SID,
        "From": "+14155550123",
        "To": world.sim.number,
        "Body": body,
    }
    return {**params, **odd}


@pytest.mark.parametrize("body", ["hi", "STOP"])
@pytest.mark.parametrize("case", list(ODD_TEXTS))
async def test_an_odd_text_is_refused_alike_on_both_databases(
    twilio: TwilioWorld, case: str, body: str
) -> None:
    response = await twilio.sim.post("/twilio/sms", _text(twilio, body, **ODD_TEXTS[case]))
    assert response.status_code == 400, response.text[:200]
    assert "trouble" not in response.text, "a refusal, not the database-outage apology"
    assert await twilio.store.list_conversations() == []


async def test_the_longest_real_sender_texts_and_stops(twilio: TwilioWorld) -> None:
    longest = "+" + "4" * 15  # E.164: at most 15 digits
    texter = twilio.sim.texter(longest)
    [greeting] = await texter.send("hi")
    assert "Knotty" in greeting
    assert await texter.send("STOP") == []
    assert await twilio.store.is_opted_out(longest), "the STOP is recorded"
    assert await texter.send("hello again") == [], "and honoured"


@pytest.mark.parametrize("call_sid", ["CA" + "b" * 300, "CA\x00" + "b" * 32])
async def test_a_call_with_an_odd_call_sid_is_refused_alike(twilio: TwilioWorld, call_sid: str) -> None:
    params = {
        "AccountSid": twilio.sim.account_sid,
        "CallSid": call_sid,
        "From": "+14155550123",
        "To": twilio.sim.number,
        "CallStatus": "ringing",
    }
    response = await twilio.sim.post("/twilio/voice", params)
    assert response.status_code == 400
    assert await twilio.store.list_conversations() == []
