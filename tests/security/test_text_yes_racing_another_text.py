"""A "yes" to the confirmation text racing another text of the same conversation into another process.

Process A accepts the text (written at once, before its turn) while process B answers another text of
the same conversation ("what's the text for?") and writes its turn first. A's own write then finds
the conversation moved on and runs the turn again, from B's state. Before: that second run read the
number as "texted recently" and, the acceptance being older than the conversation's last stored turn
(B's), told the person "I wasn't able to send the text" while the text A accepted arrived.
Played over real HTTP against two real `knotty serve` processes on one database.
"""

from __future__ import annotations

import asyncio
import random

import pytest
from faker import Faker

from tests.channels.people import Person, last_question
from tests.security.test_two_processes import TwoServers, _body, _text, two_servers  # noqa: F401
from tests.support.twilio_sim import Texter

pytestmark = pytest.mark.slow

REFUSED = "wasn't able to send the text"
LOCALES = ["en_US", "es_MX", "pt_BR", "de_DE", "fr_FR", "it_IT", "pl_PL", "vi_VN"]
ASIDES = ["what's the text for?", "hmm hold on", "who is this?", "wait what"]


def _people(seed: int, count: int) -> list[Person]:
    rng = random.Random(seed)
    people = []
    for i in range(count):
        fake = Faker(LOCALES[i % len(LOCALES)])
        fake.seed_instance(seed + i)
        first, last = fake.first_name(), fake.last_name()
        email = f"{rng.choice(['a', 'b', 'c'])}{i}.{rng.randint(100, 999)}@example.com"
        people.append(
            Person(f"{first} {last}", email, "", rng.choice(["therapist", "client"]), wants_text=True)
        )
    return people


async def _until_offered(servers: TwoServers, phone: Texter, person: Person) -> None:
    reply = _body((await servers.sims[0].send(_text(phone, "Hi, I'd like to join the waitlist"))).text)
    for _ in range(12):
        question = last_question(reply)
        if "text" in question or "confirmation" in question:
            return
        reply = _body((await servers.sims[0].send(_text(phone, person.answer(reply, spoken=False)))).text)
    raise AssertionError(f"no text was offered: {reply}")


async def test_a_yes_racing_another_text_into_the_other_process_is_never_told_no_text_comes(
    two_servers: TwoServers,  # noqa: F811
) -> None:
    servers = two_servers
    rng = random.Random(7310)
    wrong: list[str] = []
    for i, person in enumerate(_people(7310, 12)):
        phone = servers.sims[0].texter(f"+1415555{3000 + i:04d}")
        await _until_offered(servers, phone, person)
        yes_to = rng.randrange(2)
        hooks = {yes_to: _text(phone, "yes please"), 1 - yes_to: _text(phone, rng.choice(ASIDES))}
        answers = await asyncio.gather(*(servers.sims[k].send(hooks[k]) for k in (0, 1)))
        said = [_body(a.text) for a in answers]
        texted = await servers.texts_to(phone.number, wait_s=1.0)
        # the signup's conversation (an aside answered after it ended starts a returning person's next one)
        [conv] = [c for c in await servers.store.list_conversations() if c.external_id == phone.number
                  and c.entry_id is not None]  # fmt: skip
        state = conv.state.get("sms")
        if texted and (any(REFUSED in s for s in said) or state != "accepted"):
            wrong.append(f"{person.name}: texted {texted}, state {state}, told {said}")
        if not texted and state == "accepted":
            wrong.append(f"{person.name}: told a text comes, none sent: {said}")
    assert not wrong, "\n".join(wrong)
