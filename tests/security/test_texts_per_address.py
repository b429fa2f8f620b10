"""One visitor spending everyone's confirmation texts.

A web chat offers a confirmation text to whatever number is typed, and each number may be texted once
a month: a script opening one chat per typed number, accepting the text each time, was held back only
by the global hourly cap, so one address could send a text to up to `KNOTTY_SMS_HOURLY_CAP` people who
asked for nothing, and leave none for real signups that hour. `KNOTTY_SMS_HOURLY_CAP_PER_ADDRESS`
bounds it per client address (an IPv6 client by its /64), counted across every process. Past it the
person is told the truth: their signup is saved and no text will come, in words that say nothing of
the number they typed.

Played over real HTTP against two real app servers on one database (two workers or two machines), with
people from Faker in several locales and numbers built from phonenumbers' example mobiles.
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import phonenumbers
import sqlalchemy as sa
from faker import Faker

from knotty.store import create_engine
from tests.channels.people import Person
from tests.web.conftest import WebVisitor, bubbles, web_app

LOCALES = ("en_US", "fr_CA", "es_MX", "en_CA", "de_DE", "pt_BR")
CAP = 2
SECRET = "shared-secret-key-for-two-servers-0123456789"
ON_ITS_WAY = ("on its way", "i'll text you")


def _numbers(count: int) -> list[str]:
    """Distinct valid US and Canadian mobile numbers (each may be texted once a month), alternating:
    phonenumbers' example mobiles with their last two digits varied."""
    examples = [
        phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        for region in ("US", "CA")
    ]
    found: list[str] = []
    for tail in range(10, 100):
        for example in examples:
            assert example is not None
            national = str(example.national_number)
            number = phonenumbers.parse(f"+{example.country_code}{national[:-2]}{tail:02d}")
            if phonenumbers.is_valid_number(number):
                found.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
        if len(found) >= count:
            return found[:count]
    raise AssertionError("not enough example numbers")


def _people(count: int, seed: int) -> list[Person]:
    people = []
    for i, number in enumerate(_numbers(count)):
        fake = Faker(LOCALES[(seed + i) % len(LOCALES)])
        fake.seed_instance(seed + i)
        name = f"{fake.first_name()} {fake.last_name()}"
        email = f"{fake.user_name()}{i}@{fake.free_email_domain()}".lower()
        people.append(Person(name, email, "", "therapist" if i % 2 else "client", phone_said=number))
    return people


def _client(base: str, address: str) -> httpx.AsyncClient:
    """A browser at client `address`, as the trusted proxy in front (loopback here) reports it."""
    return httpx.AsyncClient(base_url=base, headers={"X-Forwarded-For": address})


async def _sign_up(base: str, person: Person, address: str) -> list[str]:
    """`person` signs up in a new web chat from client `address` (as a trusted proxy reports it),
    accepting the confirmation text; what Knotty said at the end."""
    async with _client(base, address) as http:
        visitor = WebVisitor(http)
        said = bubbles((await visitor.open("/")).text)
        for _ in range(14):
            reply = await visitor.say(person.answer(said[-1], spoken=False))
            assert reply.status_code == 200, reply.text[:300]
            said = bubbles(reply.text)
            if 'action="/chat/restart"' in reply.text:
                return said
    raise AssertionError(f"the web signup did not finish: {said[-1]!r}")


async def _two_servers(stack: AsyncExitStack, database_url: str, tmp_path: Path, **env: str) -> list[str]:
    """Two app servers on one database and signing key (texts recorded, not sent)."""
    settings = {"KNOTTY_SECRET_KEY": SECRET, "KNOTTY_SMS_HOURLY_CAP_PER_ADDRESS": str(CAP), **env}
    return [
        (await stack.enter_async_context(web_app(database_url, tmp_path, **settings)))[0] for _ in range(2)
    ]


async def _texts_requested(database_url: str) -> dict[str, str | None]:
    """Each saved entry's phone and its confirmation text's status."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(sa.text("SELECT phone, confirmation_sms_status FROM waitlist_entries"))
            return {phone: status for phone, status in rows}
    finally:
        await engine.dispose()


def _told_on_its_way(said: list[str]) -> bool:
    return any(words in line.lower() for line in said for words in ON_ITS_WAY)


def _told_no_text_but_listed(said: list[str]) -> bool:
    end = " ".join(said).lower()
    return "wasn't able to send the text" in end and "on the list" in end


async def test_one_address_gets_its_cap_of_texts_across_both_servers_and_everyone_is_saved(
    database_url: str, tmp_path: Path
) -> None:
    people = _people(CAP + 3, seed=len(tmp_path.name))
    async with AsyncExitStack() as stack:
        bases = await _two_servers(stack, database_url, tmp_path)
        endings = [await _sign_up(bases[i % 2], p, "203.0.113.7") for i, p in enumerate(people)]
    statuses = await _texts_requested(database_url)
    assert len(statuses) == len(people), "every signup is saved, texted or not"
    assert sum(status is not None for status in statuses.values()) == CAP, statuses
    texted = [_told_on_its_way(said) for said in endings]
    assert texted == [True] * CAP + [False] * (len(people) - CAP), endings
    for said in endings[CAP:]:
        assert _told_no_text_but_listed(said), said


async def test_an_ipv6_client_is_counted_by_its_64_and_another_address_has_its_own_texts(
    database_url: str, tmp_path: Path
) -> None:
    people = _people(CAP + 2, seed=7 + len(tmp_path.name))
    one_site = [
        "2001:db8:7:1::a",
        "2001:db8:7:1:ffff::1",
        "2001:db8:7:1::1:2",
    ]  # one /64, new address each time
    async with AsyncExitStack() as stack:
        bases = await _two_servers(stack, database_url, tmp_path)
        endings = [await _sign_up(bases[i % 2], p, one_site[i]) for i, p in enumerate(people[: CAP + 1])]
        elsewhere = await _sign_up(bases[1], people[-1], "2001:db8:7:2::a")
    assert [_told_on_its_way(said) for said in endings] == [True] * CAP + [False]
    assert _told_on_its_way(elsewhere), "a visitor on another network has their own texts"
    assert len(await _texts_requested(database_url)) == len(people)


async def test_the_refusal_reads_the_same_for_a_number_already_on_the_list(
    database_url: str, tmp_path: Path
) -> None:
    """Past the cap, a typed number that is listed (signed up earlier, without a text) and one that is
    not hear the same words about the text: the cap says nothing about who is on the waitlist."""
    people = _people(CAP + 3, seed=11 + len(tmp_path.name))
    holder, fresh = people[-1], people[-2]
    typist = Person(
        _people(1, seed=99)[0].name, f"typist.{holder.email_typed}", "", "client", holder.phone_said
    )
    async with AsyncExitStack() as stack:
        bases = await _two_servers(stack, database_url, tmp_path)
        holder.wants_text = False
        await _sign_up(bases[0], holder, "198.51.100.20")
        for i, person in enumerate(people[:CAP]):
            await _sign_up(bases[i % 2], person, "198.51.100.9")
        listed_end = await _sign_up(bases[0], typist, "198.51.100.9")
        fresh_end = await _sign_up(bases[1], fresh, "198.51.100.9")
    for said in (listed_end, fresh_end):
        assert _told_no_text_but_listed(said) and not _told_on_its_way(said), said
    about_the_text = [
        next(s for s in said if "text" in s.lower()).split(".")[0] for said in (listed_end, fresh_end)
    ]
    assert about_the_text[0] == about_the_text[1]
