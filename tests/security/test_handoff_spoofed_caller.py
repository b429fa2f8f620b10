"""A caller spoofing the caller ID of someone who is signing up by text, to finish the call by text.

Ana is half way through signing up by text from her phone. Mallory calls with Ana's number as caller
ID, fails the email twice and accepts the text. The handoff goes to the caller ID (a known limit of
caller ID: it is the only proof of a number there is), and the call's conversation takes the place of
Ana's unfinished one (the person who texted earlier is, by design, the one finishing now). What Ana
and the owner would still expect: the caller hears nothing of Ana's conversation, Ana is texted once
however often Mallory calls, and nothing is saved from the mixed conversation without Ana confirming
the read-back.
"""

from __future__ import annotations

import re

from tests.channels.conftest import TwilioWorld
from tests.security.test_strangers_asking import ANA_PHONE
from tests.security.test_text_handoff import _two_misses

MALLORY = {
    "full_name": "Dana Brooks, and I'm a client",
    "phone": "this number",
    "email": "hmm let me think",
    "role": "I'm a client",
}


async def test_a_spoofed_callers_text_handoff_reads_nothing_and_saves_nothing_unconfirmed(
    twilio: TwilioWorld,
) -> None:
    ana = twilio.sim.texter(ANA_PHONE)
    for text in ("Hi, I'd like to join the waitlist", "Ana Lima", "this number"):
        await ana.send(text)
    call = await twilio.sim.call(ANA_PHONE)
    assert await _two_misses(call, MALLORY)
    await call.say("yes")
    heard = set(re.findall(r"[a-z]+", " ".join(call.heard).lower()))
    assert not heard & {"ana", "lima"}, f"Ana's conversation was read out: {call.heard}"
    again = await twilio.sim.call(ANA_PHONE)
    assert not await _two_misses(again, MALLORY), "a second handoff text to the same number"
    assert len(twilio.rest.messages_to(ANA_PHONE)) == 1
    for text in ("ana.lima@example.com", "no, my name is Ana Lima"):
        await ana.send(text)
    await twilio.settle()
    for entry in await twilio.store.list_entries():
        assert entry.full_name != "Dana Brooks", "the caller's name was saved to Ana's number unconfirmed"
