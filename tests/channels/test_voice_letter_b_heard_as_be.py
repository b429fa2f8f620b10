"""Round 17, voice: an address spelled aloud whose letter b the line wrote "be" ("a be be a at gmail dot
com", as the modelled noisy line and recognisers write it). "be" after a spelled letter had been read as the
"be" of "my email would be ...", so only the last letter was taken: the read-back said "a, at gmail dot com"
and a caller who said yes was saved as a@gmail.com. The whole spelling is the address."""

from __future__ import annotations

import pytest

from tests.channels.conftest import TwilioWorld


@pytest.mark.parametrize(
    ("said", "read", "saved"),
    [
        ("a be be a at gmail dot com", "a b b a, at gmail dot com", "abba@gmail.com"),
        ("it's e be be a at yahoo dot com", "e b b a, at yahoo dot com", "ebba@yahoo.com"),
        ("it would be info at gmail dot com", "i n f o, at gmail dot com", "info@gmail.com"),  # leads in
    ],
)
async def test_an_address_whose_b_was_heard_as_be_is_read_back_and_saved_whole(
    twilio: TwilioWorld, said: str, read: str, saved: str
) -> None:
    call = await twilio.sim.call("+14155550173")
    await call.press("1")
    for answer in ("Ana Smith", "this number", said, "client"):
        await call.say(answer)
    heard = call.last_heard.lower()
    assert "read that back" in heard and read in heard, call.transcript
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert entry.email == saved
