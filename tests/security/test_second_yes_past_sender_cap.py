"""A second "yes" to the confirmation text, refused by the per-sender cap the first "yes" just spent.

Someone texting from one phone signs up a number they typed (so the text counts against the sender's
`KNOTTY_SMS_HOURLY_CAP_PER_SENDER`), and says yes twice in quick succession ("yes", then "yes please"),
each text reaching another server process. The first "yes" took the sender's last text and accepted
the confirmation; the second read the number before that acceptance was written, found the allowance
used up and told the person "I wasn't able to send the text" while the text the first accepted arrived
(and when the second's turn was written first, the first ran again from its refusal and said so too).
Played over real HTTP with signed webhooks against two app servers on one database.
"""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from pathlib import Path

from tests.channels.conftest import TwilioWorld, twilio_world
from tests.channels.people import Person, last_question
from tests.security.test_texts_per_address import _numbers
from tests.security.test_texts_per_sender import _people
from tests.support.fake_twilio_rest import FakeTwilioRest

REFUSED = "wasn't able to send the text"
PEOPLE = 8


async def _until_offered(world: TwilioWorld, sender: str, person: Person) -> None:
    phone = world.sim.texter(sender)
    [reply] = await phone.send("Hi, I'd like to join the waitlist")
    for _ in range(14):
        question = last_question(reply)
        if "text" in question or "confirmation" in question:
            return
        [reply] = await phone.send(person.answer(reply, spoken=False))
    raise AssertionError(f"no text was offered: {phone.replies}")


async def test_a_second_yes_is_never_told_no_text_comes_when_the_first_sent_one(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    typed = _numbers(PEOPLE)
    people = _people(typed, seed=8080)
    wrong: list[str] = []
    async with AsyncExitStack() as stack:
        worlds = [
            await stack.enter_async_context(
                twilio_world(
                    database_url, tmp_path / f"s{i}", fake_rest, KNOTTY_SMS_HOURLY_CAP_PER_SENDER="1"
                )
            )
            for i in range(2)
        ]
        for i, person in enumerate(people):
            sender = f"+1415555{4100 + i:04d}"
            await _until_offered(worlds[0], sender, person)
            first, second = (0, 1) if i % 2 else (1, 0)
            said = await asyncio.gather(
                worlds[first].sim.texter(sender).send("yes"),
                worlds[second].sim.texter(sender).send("yes please"),
            )
            for world in worlds:
                await world.settle()
            to = person.phone_said
            texted = [
                m for m in fake_rest[0].messages if m.to[-10:] == "".join(c for c in to if c.isdigit())[-10:]
            ]
            lines = [line for replies in said for line in replies]
            if texted and any(REFUSED in line for line in lines):
                wrong.append(f"{person.name}: texted, told {lines}")
            if not texted and not any(REFUSED in line for line in lines):
                wrong.append(f"{person.name}: not texted, told {lines}")
    assert not wrong, f"{len(wrong)} of {PEOPLE}:\n" + "\n".join(wrong)
