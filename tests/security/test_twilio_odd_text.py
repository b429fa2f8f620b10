"""Odd free text in signed Twilio webhooks: what a texter can type and a recogniser can hand over.

Only identifiers are checked at the door (`channels.twilio_params`); `Body`, `SpeechResult` and
`Digits` reach the agent as they are. A texter sends 50,000 characters, NUL and other control
characters, right-to-left overrides, emoji, markup; a caller's recogniser or keypad hands over the same.
The person expects an answer in TwiML (never a 500, which Twilio would retry and the caller would
hear as an application error), the conversation still going, and nothing saved half.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.channels.conftest import TwilioWorld
from tests.channels.test_sms import conversations

ODD = [
    "x" * 50_000,
    "Ana\x00Lima",
    "\x1b[2J\x07\x7f",
    "Ana \u202eamiL",
    "\U0001f338" * 2_000,
    "<Response><Hangup/></Response>]]><Say>pwned</Say>",
    "&lt;&#0;&#xD800;",
]
ODD_DIGITS = ["*#*#4636#*#*", "1" * 5_000, "#", "w1w2", "\x00"]


def _twiml(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == "Response", text[:200]
    return root


async def test_odd_texts_get_an_answer_and_save_nothing_half(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter("+14155550175")
    await phone.send("Hi, I'd like to join the waitlist")
    for body in ODD:
        hook = phone.sim.webhook(
            phone.sim.public_url("/twilio/sms"),
            {
                "From": phone.number,
                "To": phone.sim.number,
                "MessageSid": f"SM{len(phone.replies):032d}",
                "Body": body,
            },
        )
        response = await twilio.sim.send(hook)
        assert response.status_code == 200, (body[:30], response.status_code, response.text[:200])
        for message in _twiml(response.text):
            assert "pwned" not in (message.text or ""), "markup in the text reached the TwiML"
            assert len(message.findtext("Body") or message.text or "") <= 459 * 2
    assert await phone.send("Ana Lima"), "the conversation still answers"
    [conversation] = await conversations(twilio, phone.number)
    assert conversation.status == "active"
    assert await twilio.store.list_entries() == []


async def test_odd_speech_and_keys_on_a_call_get_twiml_and_save_nothing_half(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call("+14155550176")
    await call.press("1")
    for speech in ODD:
        if call.ended:
            break
        await call.say(speech)
        assert not call.errors, call.errors
    for keys in ODD_DIGITS:
        if call.ended or call.gather is None or "dtmf" not in (call.gather.get("input") or "dtmf"):
            break
        await call.press(keys)
        assert not call.errors, call.errors
    assert not call.errors and call.ended_by != "error", call.errors
    assert len(call.heard) > len(ODD), "every odd answer was answered"
    assert await twilio.store.list_entries() == []
