"""Steps of a Gather call several channel tests take alike: to the read-back in one breath, which question
the call is at, and the status callback of the call's end."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from channels.voice_call import STATUS_PATH
from tests.channels.conftest import TwilioWorld
from tests.support.twilio_sim import Call
from tests.unit.brains.callers import said_email

__all__ = ["asked", "at_the_read_back", "call_ended_status", "unheard_call_ends"]


async def at_the_read_back(twilio: TwilioWorld, person: dict[str, str]) -> Call:
    """A call from the person's number that says everything at once and hears the read-back."""
    call = await twilio.sim.call(person["phone"])
    await call.press("1")
    role = "a massage therapist" if person["role"] == "therapist" else "a client"
    await call.say(
        f"my name is {person['full_name']} I'm {role} use this number and my email is "
        f"{said_email(person['email'])}"
    )
    assert person["full_name"] in call.last_heard and call.last_heard.endswith("?"), call.transcript
    return call


async def unheard_call_ends(twilio: TwilioWorld, number: str, answers: list[str]) -> str:
    """A call from abroad whose answers Knotty cannot take, until it ends: nothing saved, nobody texted;
    the last thing the caller heard."""
    call = await twilio.sim.call(number)
    await call.press("1")
    for said in answers:
        if call.ended:
            break
        await call.say(said)
    assert call.ended and call.errors == [], call.transcript
    assert await twilio.store.list_entries() == [], "a name nobody heard is never saved"
    await twilio.settle()
    assert twilio.rest.messages == [], "a caller from abroad is never texted"
    return call.last_heard


async def call_ended_status(twilio: TwilioWorld, call: Call) -> int:
    """Twilio's status callback for the call's end (the caller hung up); its HTTP status."""
    params = {**call._params(), "CallStatus": "completed", "CallDuration": "42"}
    return (await twilio.sim.post(STATUS_PATH, params)).status_code


def asked(call: Call) -> str:
    """The question the call's current Gather waits on (its action's `ask`)."""
    gather = call.gather
    assert gather is not None, call.transcript
    return parse_qs(urlsplit(gather.get("action", "")).query).get("ask", [""])[0]
