"""A role corrected at the read-back by contrast, as a phone recogniser writes it (no commas).

"no I said client not therapist" said to a read-back that had "therapist" was read as no role at all: the
caller heard "No problem. Are you a massage therapist, or a client...?" and had to say it again (a second
"yes" to that question was an offer to finish by text). Now a role set against the other ("client not
therapist", "it should be therapist rather than client") is the role said. Played through the real
ConversationRelay route with the offline brain, with Faker people.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.channels.people import Person, last_question
from tests.channels.test_relay import relay_call, relay_world
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller, said_email

_LOCALES = ("en_US", "es_MX", "de_DE", "en_GB", "fr_FR", "pt_BR")
_SAID = (
    "no I said {role} not {other}",
    "no it should be {role} not {other}",
    "sorry it's {role} rather than {other}",
    "no {role} not a {other}",
)


@pytest.mark.parametrize("case", range(4))
async def test_a_role_corrected_by_contrast_at_the_read_back_is_read_back_and_saved(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    fields = caller(1590 + case, _LOCALES)
    role = fields["role"]
    other = "client" if role == "therapist" else "therapist"
    someone = Person(fields["full_name"], fields["email"], said_email(fields["email"]), other)
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        _, relay = await relay_call(world, caller=fields["phone"])
        reply = await relay.reply(count=1)
        while not ("correct" in last_question(reply) or "right" in last_question(reply)):
            reply = await relay.ask(someone.answer(reply, spoken=True))
        assert other in reply.lower(), reply
        reply = await relay.ask(_SAID[case].format(role=role, other=other))
        question = last_question(reply)
        assert ("correct" in question or "right" in question) and role in reply.lower(), reply
        reply = await relay.ask("yes")
        await relay.close()
        [entry] = await world.store.list_entries()
        assert (entry.full_name, entry.email, entry.role) == (fields["full_name"], fields["email"], role)
