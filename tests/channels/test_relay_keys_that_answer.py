"""Keys at the questions a key answers, on ConversationRelay as on `gather` and Realtime.

A caller who pressed 1 to reach the waitlist may well press 2 for "client" or 1 for "yes" to the text.
On `gather` and Realtime those keys are read by the question (`voice_questions.keypad_answer`: 1/2 are
therapist/client at the role, yes/no at a text offer); on ConversationRelay they reached the agent as the
bare digit: "I'm sorry, I missed that" at the role, and the offer asked again. Played through the real
relay route with the fake ConversationRelay client and the offline brain, with Faker people.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.channels.people import Person, last_question
from tests.channels.test_relay import relay_call, relay_world
from tests.channels.test_relay_silence import answer_to_the_end
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller, said_email

_LOCALES = ("en_US", "es_MX", "de_DE", "en_GB", "fr_FR", "pt_BR")


@pytest.mark.parametrize("seed", range(1580, 1584))
async def test_a_key_for_the_role_and_for_the_text_is_taken_on_relay(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    fields = caller(seed, _LOCALES)
    someone = Person(fields["full_name"], fields["email"], said_email(fields["email"]), fields["role"])
    key = "1" if fields["role"] == "therapist" else "2"
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        _, relay = await relay_call(world, caller=fields["phone"])
        reply = await relay.reply(count=1)
        while "therapist" not in last_question(reply):
            reply = await relay.ask(someone.answer(reply, spoken=True))
        want = len(relay.replies) + 1
        await relay.press(key + ("#" if seed % 2 else ""))
        reply = await relay.reply(count=want)
        question = last_question(reply)
        read_back = ("correct" in question or "right" in question) and fields["role"] in reply.lower()
        assert read_back, f"the key {key} at the role question was answered {reply!r}"
        reply = await relay.ask("yes")  # the read-back takes no key
        assert "text" in last_question(reply), relay.replies[-2:]
        want = len(relay.replies) + 1
        await relay.press("1")
        await relay.reply(count=want)
        await answer_to_the_end(relay, someone, relay.replies[-1])
        entries = await world.store.list_entries()
        assert len(entries) == 1, "\n".join(relay.replies)
        [entry] = entries
        assert (entry.full_name, entry.email, entry.role) == (
            fields["full_name"],
            fields["email"],
            fields["role"],
        )
        await world.settle()
        assert [m.to for m in world.rest.messages] == [fields["phone"]], (
            "the text asked for with 1 was not sent"
        )
