"""Issue 11, through the real Twilio routes: what a small real recogniser (Whisper tiny.en on an 8 kHz line)
makes of a caller's words, taken as the caller meant them."""

from __future__ import annotations

from tests.channels.conftest import TwilioWorld


async def test_the_number_im_calling_from_with_its_start_lost_is_the_callers_number(
    twilio: TwilioWorld,
) -> None:
    call = await twilio.sim.call("+14155550181")
    await call.press("1")
    await call.say("jane doe")
    await call.say("You remember, I'm calling from...")  # "use the number I'm calling from"
    assert "email" in call.last_heard.lower()
    for said in ("it's m not d o e at gmail dot com", "client"):  # "m dot d o e", its "dot" heard as "not"
        await call.say(said)
    heard = call.last_heard.lower()
    assert "one eight one" in heard and "m, dot, d o e, at gmail dot com" in heard
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert (entry.phone, entry.email) == ("+14155550181", "m.doe@gmail.com")
