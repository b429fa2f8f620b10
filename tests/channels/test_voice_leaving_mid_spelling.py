"""Round 17, voice: a caller who breaks off spelling an address to leave ("a n a dot s m cancel", "... stop").

The word ran on into the spelling: Knotty read back "I've got a n a, dot, s m c a n c e l so far. And after
the at?" and the call went on, though "cancel" or "stop" said alone ends it. Said right after a spelled
letter, the word is the caller leaving: the call ends politely with nothing saved, as it does when said
alone."""

from __future__ import annotations

import pytest

from tests.channels.conftest import TwilioWorld


@pytest.mark.parametrize("word", ["cancel", "stop", "quit"])
async def test_leaving_word_after_a_spelled_letter_ends_the_call_unsaved(
    twilio: TwilioWorld, word: str
) -> None:
    call = await twilio.sim.call("+14155550174")
    await call.press("1")
    for answer in ("Ana Smith", "this number", f"a n a dot s m {word}"):
        await call.say(answer)
    heard = call.last_heard.lower()
    assert word not in heard and "so far" not in heard, call.transcript
    assert call.ended, call.transcript
    assert await twilio.store.list_entries() == []


async def test_a_word_of_an_address_before_stop_is_still_its_first_part(twilio: TwilioWorld) -> None:
    """Only a spelled letter before it: "the first part is bus stop" is an address's first part."""
    call = await twilio.sim.call("+14155550175")
    await call.press("1")
    for answer in ("Ana Smith", "this number", "the first part is bus stop"):
        await call.say(answer)
    assert not call.ended, call.transcript
