"""Round 18, voice: a caller who gives a value, then says "cancel" in a clause of its own ("ana at gmail dot com,
cancel"), as a real recogniser writes a <Gather> turn.

The value was taken and the call went on ("Great, thanks. Will you be joining as a massage therapist or as a
client?"), though "cancel" said alone ends it: the caller broke off, and had to hang up on a call that
would not let them go. Now the call ends politely with nothing saved, whatever the value was. A word of a
value ("the first part is bus stop") and a change asked for ("cancel the email") are no leaving."""

from __future__ import annotations

import pytest

from tests.channels.conftest import TwilioWorld

_VALUES = {
    "full_name": ("Ana Smith{sep} {word}", []),
    "phone": ("four one five five five five zero one nine nine{sep} {word}", ["Ana Smith"]),
    "email": ("ana at gmail dot com{sep} {word}", ["Ana Smith", "this number"]),
}
_LEAVING = [
    "cancel",
    "Cancel.",
    "stop",
    "quit",
    "forget it",
    "cancel it, bye",
    "no, cancel",
    "not interested",
]


@pytest.mark.parametrize("word", _LEAVING)
@pytest.mark.parametrize("field", list(_VALUES))
async def test_a_leaving_clause_after_a_value_ends_the_call_unsaved(
    twilio: TwilioWorld, field: str, word: str
) -> None:
    said, before = _VALUES[field]
    sep = ",."[_LEAVING.index(word) % 2]  # a pause or a full stop, as the recogniser writes either
    call = await twilio.sim.call("+14155550176")
    await call.press("1")
    for answer in before:
        await call.say(answer)
    await call.say(said.format(sep=sep, word=word))
    assert call.ended, call.transcript
    heard = call.last_heard.lower()
    assert "therapist" not in heard and "email" not in heard and "number" not in heard, call.transcript
    assert await twilio.store.list_entries() == []


@pytest.mark.parametrize(
    "answer",
    ["the first part is bus stop", "ana at gmail dot com, cancel the old one", "ana at gmail dot com"],
)
async def test_a_value_with_no_leaving_clause_goes_on(twilio: TwilioWorld, answer: str) -> None:
    call = await twilio.sim.call("+14155550177")
    await call.press("1")
    for said in ("Ana Smith", "this number", answer):
        await call.say(said)
    assert not call.ended, call.transcript
