"""Whether someone's phone or email is on the waitlist is never told to a person who only typed it.

A massage marketplace's waitlist is private: knowing that someone is on it matters to them. Before,
anyone who gave a listed phone or email heard "That email is already on our waitlist. Would you like to
update that signup?", and one chat could test hundreds of addresses. Now only a contact the channel
proves (the signed SMS `From`, a caller ID) is recognised. A stranger giving a listed email or phone on
the web chat, or by text from another phone, hears exactly what someone giving an unlisted one hears
(the transcripts are compared, the typed values aside); the listed entry is left as it was, and the
stranger's signup is kept apart for the admin. Played over real HTTP against the real app (web chat and
Twilio-signed SMS), on SQLite and PostgreSQL, with Faker people in several locales.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from faker import Faker

from knotty.store.models import WaitlistEntry
from tests.channels.conftest import TwilioWorld
from tests.channels.people import Person
from tests.security.test_entry_takeover import on_web

LOCALES = ("en_US", "de_DE", "fr_FR", "es_MX", "pt_BR", "it_IT")
_EMAIL = re.compile(r"\S+@\S+\.[a-z]+", re.IGNORECASE)
_PHONE = re.compile(r"[+(]?\d[\d ()+.-]{6,}\d")
_CONFIRMATION = re.compile(r"confirmation text|text you", re.IGNORECASE)


@dataclass
class People:
    """Faker people of one locale, with fictional US numbers (+1 415 555 01xx) that are all different."""

    fake: Faker
    used: set[str]

    def phone(self) -> str:
        while (phone := "+1415555" + self.fake.numerify("01##")) in self.used:
            pass
        self.used.add(phone)
        return phone

    def email(self) -> str:
        while True:
            user = re.sub(r"[^a-z0-9._]", "", self.fake.user_name().lower()) or "someone"
            email = f"{user}{self.fake.numerify('###')}@{self.fake.free_email_domain()}"
            if email not in self.used:
                self.used.add(email)
                return email

    def name(self) -> str:
        return f"{self.fake.first_name()} {self.fake.last_name()}"


def people(locale: str, seed: int, used: set[str]) -> People:
    """Faker people of `locale`, never given a phone or email in `used` (one test's)."""
    fake = Faker(locale)
    fake.seed_instance(seed)
    return People(fake, used)


def typed(phone: str) -> str:
    """A +1 number as a person types it (415 555 0123)."""
    return f"{phone[2:5]} {phone[5:8]} {phone[8:]}"


def plain(said: list[str]) -> list[str]:
    """What Knotty said, with the phones and emails typed replaced by placeholders."""
    return [_PHONE.sub("<phone>", _EMAIL.sub("<email>", line)) for line in said]


def fields(entry: WaitlistEntry) -> tuple[object, ...]:
    return (entry.id, entry.full_name, entry.phone, entry.email, entry.role, entry.review_reason)


async def listed_person(world: TwilioWorld, crowd: People, role: str = "therapist") -> WaitlistEntry:
    """Someone already on the waitlist (signed up earlier, not by these strangers)."""
    saved = await world.store.save_entry(
        full_name=crowd.name(), phone=crowd.phone(), email=crowd.email(), role=role, channel="sms"
    )
    [entry] = [e for e in await world.store.list_entries() if e.id == saved.entry.id]
    return entry


async def entry_of(world: TwilioWorld, name: str) -> WaitlistEntry:
    [entry] = [e for e in await world.store.list_entries() if e.full_name == name]
    return entry


async def named(world: TwilioWorld, name: str) -> list[WaitlistEntry]:
    """The entries under `name`, oldest first."""
    return sorted(
        (e for e in await world.store.list_entries() if e.full_name == name), key=lambda e: e.id or 0
    )


async def by_text_from(world: TwilioWorld, sender: str, person: Person) -> list[str]:
    """`person` signs up by texting from `sender`, answering whatever Knotty asks; all Knotty said."""
    phone = world.sim.texter(sender)
    heard = list(await phone.send("Hi, I'd like to join the waitlist"))
    for _ in range(14):
        conv = await world.store.latest_conversation("sms", sender)
        if conv is not None and conv.status != "active":
            return heard
        heard += await phone.send(person.answer(heard[-1], spoken=False))
    raise AssertionError(f"the text signup did not finish: {heard[-1]!r}")


Play = Callable[[Person], Awaitable[list[str]]]


async def listed_then_unlisted(
    world: TwilioWorld, crowd: People, ana: WaitlistEntry, field: str, play: Play, *, wants_text: bool
) -> tuple[list[list[str]], str, str, str]:
    """One stranger signs up with Ana's `field` (email or phone), then the same stranger's twin with an
    unlisted one, each played by `play`: (what each heard, the stranger's name, listed, unlisted)."""
    name = crowd.name()
    listed = {"email": ana.email, "phone": ana.phone}[field]
    unlisted = {"email": crowd.email(), "phone": crowd.phone()}[field]
    heard = []
    for value in (listed, unlisted):
        email = value if field == "email" else crowd.email()
        phone = value if field == "phone" else crowd.phone()
        person = Person(name, email, "", "client", phone_said=typed(phone), wants_text=wants_text)
        heard.append(await play(person))
    assert plain(heard[0]) == plain(heard[1]), (field, heard)
    said = " ".join(heard[0]).lower()
    assert "already" not in said and "another signup" not in said, (field, heard[0])
    assert fields(await entry_of(world, ana.full_name)) == fields(ana), "her entry as she left it"
    return heard, name, listed, unlisted


async def test_a_listed_email_or_phone_typed_on_the_web_sounds_like_any_other(
    twilio: TwilioWorld,
) -> None:
    """Per locale: a stranger types a listed person's email (then, another stranger, their phone) with
    their own other details; a second stranger types unlisted ones. Both hear the same words."""
    used: set[str] = set()

    async def play(person: Person) -> list[str]:
        return await on_web(twilio.base_url, person, everything=True)

    for n, locale in enumerate(LOCALES):
        crowd = people(locale, 500 + n, used)
        ana = await listed_person(twilio, crowd)
        for field in ("email", "phone"):
            _, name, listed, unlisted = await listed_then_unlisted(
                twilio, crowd, ana, field, play, wants_text=False
            )
            [apart, other] = await named(twilio, name)
            assert getattr(apart, field) == listed and apart.review_reason, "kept apart for the admin"
            assert getattr(other, field) == unlisted and other.review_reason is None


async def test_a_listed_email_or_phone_texted_from_another_phone_sounds_like_any_other(
    twilio: TwilioWorld,
) -> None:
    """By signed SMS from a number of their own (which proves that number, not the one they type): a
    stranger giving a listed person's email or phone hears what one giving an unlisted one hears, and
    is offered a confirmation text under the same rules (saying yes)."""
    used: set[str] = set()
    for n, locale in enumerate(LOCALES[:3]):
        crowd = people(locale, 700 + n, used)
        ana = await listed_person(twilio, crowd)
        for field in ("email", "phone"):
            sender = crowd.phone()

            async def play(person: Person, sender: str = sender) -> list[str]:
                return await by_text_from(twilio, sender, person)

            heard, name, listed, _ = await listed_then_unlisted(
                twilio, crowd, ana, field, play, wants_text=True
            )
            assert any(_CONFIRMATION.search(line) for line in heard[0]), "offered, as to anyone"
            [apart, _other] = await named(twilio, name)
            assert getattr(apart, field) == listed and apart.review_reason, "kept apart for the admin"
        await twilio.settle()
        for text in twilio.rest.messages_to(ana.phone):  # the number's own rules: one text, at most
            assert ana.full_name.split()[0] not in text.body and ana.email not in text.body, text.body
        assert len(twilio.rest.messages_to(ana.phone)) <= 1


async def test_probing_many_emails_in_turn_on_the_web_learns_nothing(twilio: TwilioWorld) -> None:
    """One visitor tries listed and unlisted emails in turn, a new chat each time: every reply is the same."""
    used: set[str] = set()
    crowd, fake_de = people("en_US", 900, used), people("de_DE", 901, used)
    listed = [await listed_person(twilio, crowd if i % 2 else fake_de) for i in range(6)]
    tries = [e.email for e in listed] + [crowd.email() for _ in range(6)]
    Faker.seed(902)
    order = Faker().random.sample(tries, len(tries))
    name = crowd.name()
    transcripts = []
    for email in order:
        person = Person(name, email, "", "client", phone_said=typed(crowd.phone()), wants_text=False)
        transcripts.append(plain(await on_web(twilio.base_url, person, everything=True)))
    for email, transcript in zip(order, transcripts, strict=True):
        assert transcript == transcripts[0], (email, transcript, transcripts[0])
    for entry in listed:
        assert fields(await entry_of(twilio, entry.full_name)) == fields(entry)
