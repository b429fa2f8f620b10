"""One texting number (or caller) spending everyone's confirmation texts.

Texting "join the waitlist" again and again from one phone, typing a new number each time and saying
"yes please" to the confirmation text, sent a text to every typed number: only the global hourly cap
held it back, so one phone could text up to `KNOTTY_SMS_HOURLY_CAP` people who asked for nothing and
leave none for real signups that hour. A caller could do the same by phone. The web chat's allowance
per client address now has its phone counterpart, `KNOTTY_SMS_HOURLY_CAP_PER_SENDER`, keyed by the
signed SMS `From` or the caller ID and counted across every process. A text to the sender's own number
is theirs and is not counted. Past the cap the person hears the same words as every other refusal
("I wasn't able to send the text, but you're all set on the list."), whatever number they typed.

Played over real HTTP with Twilio-signed webhooks against two app servers on one database, people
from Faker in several locales and numbers built from phonenumbers' example mobiles.
"""

from __future__ import annotations

import unicodedata
from contextlib import AsyncExitStack
from pathlib import Path

from faker import Faker

from tests.channels.conftest import TwilioWorld, twilio_world
from tests.channels.people import Person
from tests.security.test_entry_takeover import by_text
from tests.security.test_texts_per_address import LOCALES, _numbers, _texts_requested
from tests.support.fake_twilio_rest import FakeTwilioRest

CAP = 2
REFUSAL = "I wasn't able to send the text, but you're all set on the list."
ON_ITS_WAY = ("on its way", "i'll text you")


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalpha()).lower()


def _people(numbers: list[str], seed: int) -> list[Person]:
    """Faker people in several locales, each typing one of `numbers` (or saying "this number")."""
    people = []
    for i, number in enumerate(numbers):
        fake = Faker(LOCALES[(seed + i) % len(LOCALES)])
        fake.seed_instance(seed + i)
        first, last = fake.first_name(), fake.last_name()
        user = f"{_ascii(first) or 'sam'}{_ascii(last)[:6] or 'lee'}{i}"
        people.append(
            Person(
                f"{first} {last}",
                f"{user}@example.com",
                f"{user} at example dot com",
                "therapist" if i % 2 else "client",
                phone_said=number,
            )
        )
    return people


async def _two_servers(
    stack: AsyncExitStack, database_url: str, tmp_path: Path, rest: tuple[FakeTwilioRest, str]
) -> list[TwilioWorld]:
    """Two app servers on one database (two workers or two machines), texts going to one fake REST API."""
    env = {"KNOTTY_SMS_HOURLY_CAP_PER_SENDER": str(CAP)}
    return [
        await stack.enter_async_context(twilio_world(database_url, tmp_path / f"s{i}", rest, **env))
        for i in range(2)
    ]


def _told_on_its_way(said: list[str]) -> bool:
    return any(words in line.lower() for line in said for words in ON_ITS_WAY)


def _refused(said: list[str]) -> bool:
    return any(REFUSAL in line for line in said) and not _told_on_its_way(said)


async def _settle(worlds: list[TwilioWorld]) -> None:
    for world in worlds:
        await world.settle()


async def test_one_texting_number_gets_its_cap_of_texts_to_typed_numbers_across_both_servers(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    typed = _numbers(CAP + 3)
    people = _people(typed, seed=len(tmp_path.name))
    sender = "+14155550199"
    async with AsyncExitStack() as stack:
        worlds = await _two_servers(stack, database_url, tmp_path, fake_rest)
        endings = [await by_text(worlds[i % 2], sender, p) for i, p in enumerate(people)]
        await _settle(worlds)
    statuses = await _texts_requested(database_url)
    assert len(statuses) == len(people), "every signup is saved, texted or not"
    assert sum(status is not None for status in statuses.values()) == CAP, statuses
    assert len(fake_rest[0].messages) == CAP, [m.to for m in fake_rest[0].messages]
    assert [_told_on_its_way(said) for said in endings] == [True] * CAP + [False] * 3, endings
    assert all(_refused(said) for said in endings[CAP:]), endings


async def test_the_senders_own_number_is_not_counted_and_another_sender_has_their_own_texts(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """Past the cap on typed numbers, the sender signing up their own number ("this number") still gets
    its text (their own confirmation); someone texting from another phone has their own allowance."""
    typed = _numbers(CAP + 3)
    people = _people(["this number", *typed[:CAP], "this number", typed[CAP]], seed=3 + len(tmp_path.name))
    sender, other = "+14155550198", "+12025550143"
    async with AsyncExitStack() as stack:
        worlds = await _two_servers(stack, database_url, tmp_path, fake_rest)
        own_first = await by_text(worlds[0], sender, people[0])
        typed_ends = [await by_text(worlds[i % 2], sender, p) for i, p in enumerate(people[1 : CAP + 1])]
        elsewhere = await by_text(worlds[1], other, people[CAP + 2])
        await _settle(worlds)
    assert _told_on_its_way(own_first)
    assert all(_told_on_its_way(said) for said in typed_ends), "the own text did not use the allowance"
    assert _told_on_its_way(elsewhere), "another texting number has its own texts"
    assert sorted(m.to for m in fake_rest[0].messages) == sorted(
        [sender, *_e164(typed[:CAP]), _e164([typed[CAP]])[0]]
    )


async def test_past_the_cap_a_listed_typed_number_and_a_fresh_one_hear_the_same_refusal(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """The cap says nothing about who is on the waitlist: a typed number already listed (signed up by
    its holder, without a text) and one that is not hear the same words, the same as every refusal."""
    typed = _numbers(CAP + 2)
    people = _people(typed, seed=11 + len(tmp_path.name))
    holder = _people([typed[-1]], seed=97)[0]
    holder.wants_text = False
    sender = "+14155550197"
    async with AsyncExitStack() as stack:
        worlds = await _two_servers(stack, database_url, tmp_path, fake_rest)
        await by_text(worlds[0], "+14155550196", holder)
        for i, person in enumerate(people[:CAP]):
            await by_text(worlds[i % 2], sender, person)
        listed_end = await by_text(worlds[0], sender, people[-1])
        fresh_end = await by_text(worlds[1], sender, people[-2])
        await _settle(worlds)
    assert _refused(listed_end) and _refused(fresh_end), (listed_end, fresh_end)
    assert listed_end[-1].split(".")[0] == fresh_end[-1].split(".")[0]
    assert len(fake_rest[0].messages) == CAP


async def test_one_caller_gets_the_same_cap_of_texts_to_typed_numbers(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    typed = _numbers(CAP + 1)
    people = _people(typed, seed=5 + len(tmp_path.name))
    caller = "+14155550195"
    async with AsyncExitStack() as stack:
        worlds = await _two_servers(stack, database_url, tmp_path, fake_rest)
        heard = [await _by_call(worlds[i % 2], caller, p) for i, p in enumerate(people)]
        await _settle(worlds)
    assert [_told_on_its_way(said) for said in heard] == [True] * CAP + [False], heard
    assert _refused(heard[-1]), heard[-1]
    assert len(fake_rest[0].messages) == CAP
    assert len(await _texts_requested(database_url)) == len(people), "every caller is saved"


async def _by_call(world: TwilioWorld, caller: str, person: Person) -> list[str]:
    """`person` signs up by phone from `caller`, saying their typed number; everything Knotty said."""
    call = await world.sim.call(caller)
    await call.press("1")
    for _ in range(20):
        if call.ended:
            return call.heard
        await call.say(person.answer(call.last_heard, spoken=True))
    raise AssertionError(f"the call did not end: {call.heard[-3:]}")


def _e164(numbers: list[str]) -> list[str]:
    return ["+1" + "".join(c for c in n if c.isdigit())[-10:] for n in numbers]
