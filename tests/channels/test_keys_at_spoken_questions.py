"""A caller who presses keys instead of speaking, through the real Twilio routes (Gather webhooks, ConversationRelay).

What a caller heard before:
- `gather`, keys at the name or email question: the `<Gather>` listened for speech only, so the keys were
  dropped and the caller heard "Sorry, I didn't hear anything"; keys at the read-back (a "1" for yes, as the
  role and text questions take one) twice ended the call, "I can't seem to hear you", with nothing saved.
- `relay`, keys at the read-back: "1" reached the agent as a phone number, so "Thanks for catching that ...
  I'll take the whole number again"; keys at the name were a missed answer, three ended the call.

Now keys at a question no key answers (a name, an email, the read-back) are told to say it, and the question
stays open: nothing is stored, nothing counted as silence. The read-back takes no key for yes (Knotty never
offers one there). The phone number keyed (with `#`, with nothing after it) is still taken. People are Faker's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.channels.call_steps import asked
from tests.channels.conftest import TwilioWorld
from tests.channels.people import Person
from tests.channels.test_relay import relay_call, relay_world
from tests.channels.test_relay_silence import answer_to_the_end
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller, said_email

_LOCALES = ("en_US", "es_MX", "de_DE", "en_IN", "fr_FR", "pt_BR")
_KEYS = ("1234", "5#", "*0", "1", "2222#")
_NOT_HEARD = ("didn't hear anything", "can't seem to hear you", "still there")


def _told_to_say_it(reply: str) -> bool:
    return "keypad" in reply.lower() and "please say" in reply.lower()


def _person(seed: int) -> tuple[dict[str, str], Person]:
    fields = caller(seed, _LOCALES)
    someone = Person(fields["full_name"], fields["email"], said_email(fields["email"]), fields["role"])
    someone.wants_text = False
    return fields, someone


@pytest.mark.parametrize("at", ["name", "email", "read-back"])
@pytest.mark.parametrize("seed", [1, 4])
async def test_keys_at_a_question_no_key_answers_on_gather_are_told_to_say_it(
    twilio: TwilioWorld, at: str, seed: int
) -> None:
    fields, someone = _person(seed)
    call = await twilio.sim.call(fields["phone"])
    await call.press("1")
    ask = {"name": "full_name", "email": "email", "read-back": "confirm"}[at]
    for _ in range(10):
        if call.gather is not None and asked(call) == ask:
            break
        await call.say(someone.answer(call.last_heard, spoken=True))
    else:
        raise AssertionError(call.transcript)
    question = call.last_heard
    for k in range(3):
        [reply] = await call.press(_KEYS[(seed + k) % len(_KEYS)])
        assert _told_to_say_it(reply), call.transcript
        assert not any(words in reply for words in _NOT_HEARD), call.transcript
        assert call.waiting, call.transcript
    # ... and the caller, once they speak, goes on from the same question with nothing lost.
    if at == "read-back":
        await call.say("yes")
    else:
        await call.say(someone.answer(question, spoken=True))
    for _ in range(8):
        if call.ended:
            break
        await call.say(someone.answer(call.last_heard, spoken=True))
    await twilio.saved_as_given_and_not_texted(fields)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("seed", "keyed"), [(2, "{}#"), (3, "{}"), (6, "1{}#")])
async def test_a_phone_number_keyed_on_gather_is_saved(twilio: TwilioWorld, seed: int, keyed: str) -> None:
    fields, someone = _person(seed)
    national = fields["phone"][2:]
    call = await twilio.sim.call("+14155550100")  # another phone: the number must come from the keys
    await call.press("1")
    for _ in range(10):
        if call.gather is not None and asked(call) == "phone":
            break
        await call.say(someone.answer(call.last_heard, spoken=True))
    await call.press(keyed.format(national))
    for _ in range(8):
        if call.ended:
            break
        await call.say(someone.answer(call.last_heard, spoken=True))
    await twilio.saved_as_given_and_not_texted(fields)


@pytest.mark.parametrize("at", ["name", "read-back"])
@pytest.mark.parametrize("seed", [5, 8])
async def test_keys_at_a_question_no_key_answers_on_relay_are_told_to_say_it(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], at: str, seed: int
) -> None:
    fields, someone = _person(seed)
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        _, relay = await relay_call(world, caller=fields["phone"])
        reply = await relay.reply(count=1)
        for _ in range(10):
            if (at == "name" and "name" in reply.lower()) or (
                at == "read-back" and "your name is" in reply.lower()
            ):
                break
            reply = await relay.ask(someone.answer(reply, spoken=True))
        question = reply
        for k in range(3):
            want = len(relay.replies) + 1
            await relay.press(_KEYS[(seed + k) % len(_KEYS)] + "#")
            reply = await relay.reply(count=want)
            assert _told_to_say_it(reply), relay.replies
            assert "number again" not in reply and relay.ended is None, relay.replies
        reply = await relay.ask("yes" if at == "read-back" else someone.answer(question, spoken=True))
        await answer_to_the_end(relay, someone, reply)
        await world.saved_as_given_and_not_texted(fields)
