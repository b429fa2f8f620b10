"""Round 17, voice: a caller who says their name and spells the first name, as people do when it has a less
usual spelling ("Jon Reid, J-O-H-N", as a recogniser writes the letters).

The spelling was added as a third word: the read-back said "Your name is Jon Reid John" (and "Ana Smith,
A-N-N-A, S-M-Y-T-H" was "Ana Smith Anna Smyth"), and a caller who said yes was saved so. The spelled form
replaces the word it spells, first name or surname, and is what is read back and saved."""

from __future__ import annotations

import pytest

from tests.channels.conftest import TwilioWorld


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("Jon Reid, J-O-H-N.", "John Reid"),
        ("Ana Smith, A-N-N-A, S-M-Y-T-H.", "Anna Smyth"),
        ("Katie Brown, K-A-T-Y.", "Katy Brown"),
    ],
)
async def test_a_spelled_first_name_replaces_the_word_heard(
    twilio: TwilioWorld, said: str, name: str
) -> None:
    call = await twilio.sim.call("+14155550176")
    await call.press("1")
    for answer in (said, "this number", "info at gmail dot com", "client"):
        await call.say(answer)
    heard = call.last_heard
    assert f"Your name is {name}" in heard and f"{name} " not in heard.replace(f"{name}, spelled", ""), heard
    await call.say("yes")
    assert len(await twilio.store.list_entries()) == 1, "\n".join(w[1] for w in call.transcript)
    [entry] = await twilio.store.list_entries()
    assert entry.full_name == name
