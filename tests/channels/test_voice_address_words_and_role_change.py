"""Through the real Gather routes and the real agent (validation, grounding, the database): an address said
with the caller's own words for "at" and "dot" ("joao ponto silva arroba gmail ponto com") is saved as said,
and a role changed at the read-back ("change the role to client") is the role the database holds."""

from __future__ import annotations

import pytest

from tests.channels.conftest import TwilioWorld
from tests.unit.brains.test_scripted_address_words_in_other_languages import person


@pytest.mark.parametrize("seed", range(4))
async def test_saved_as_said_with_the_role_changed(twilio: TwilioWorld, seed: int) -> None:
    name, email, said, _ = person(seed)
    old, new = ("therapist", "client") if seed % 2 else ("client", "therapist")
    caller = f"+1415555{seed:04d}"
    call = await twilio.sim.call(caller)
    await call.press("1")
    for line in (name, "this number", said, f"I'm a {old}"):
        await call.say(line)
    assert "Your email is" in call.last_heard and call.last_heard.endswith("?"), call.transcript
    await call.say(f"change the role to {new}")
    assert f"joining as a {new}" in call.last_heard, call.transcript
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert (entry.phone, entry.email, entry.role) == (caller, email, new), call.transcript
    assert "early-access" in call.last_heard and "text" in call.last_heard, call.transcript
