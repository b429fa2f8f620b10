"""An address typed with a stray space (fix-C, finding f05).

- Phone keyboards add a space after a dot: "jane. doe@gmail.com" was saved as doe@gmail.com,
  "maria. lopez 88@hotmail.com" as 88@hotmail.com, "jane_ doe@yahoo.com" as doe@yahoo.com, someone
  else's address. A word before the address that ends in ".", "_" or "-" is part of it; when it is
  unclear which words belong to it, Knotty asks "did you mean ...?" rather than keep a piece of it.

People come from Faker in several locales, their numbers from libphonenumber's examples per region.
"""

from __future__ import annotations

import unicodedata
from collections.abc import AsyncIterator

import phonenumbers
import pytest
from faker import Faker

from knotty.agent import Agent, Inbound
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.store import Store, create_engine
from tests.support.notifiers import RecordingNotifier
from tests.unit.brains.conftest import Talk

_PLACES = [
    ("en_US", "US"),
    ("es_MX", "MX"),
    ("de_DE", "DE"),
    ("fr_FR", "FR"),
    ("pt_BR", "BR"),
    ("it_IT", "IT"),
]
_JOINERS = [".", "_", "-"]


def _plain(word: str) -> str:
    """A name word as an address spells it ("Hernández" -> "hernandez")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if c.isascii() and c.isalpha())


def _person(seed: int) -> dict[str, str]:
    locale, region = _PLACES[seed % len(_PLACES)]
    fake = Faker(locale)
    fake.seed_instance(seed)
    first, last = fake.first_name(), fake.last_name()
    while " " in f"{first}{last}" or len(_plain(first)) < 2 or len(_plain(last)) < 2:
        first, last = fake.first_name(), fake.last_name()  # one word each: "da Silva" is another test
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    return {
        "first": first,
        "last": last,
        "phone": phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164),
        "domain": fake.free_email_domain(),
        "digits": str(fake.random_int(10, 99)),
    }


async def _at_the_email_question(p: dict[str, str]) -> Talk:
    t = Talk()
    await t.open()
    await t.say(f"{p['first']} {p['last']}")
    await t.say(p["phone"])
    return t


async def _finish(t: Talk) -> None:
    await t.say("client")
    await t.say("yes")


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("lead", ["", "my email is ", "it's "])
async def test_a_word_ending_in_a_joining_character_before_the_address_is_part_of_it(
    seed: int, lead: str
) -> None:
    p = _person(seed)
    joiner = _JOINERS[seed % len(_JOINERS)]
    local = f"{_plain(p['first'])}{joiner}{_plain(p['last'])}"
    t = await _at_the_email_question(p)
    r = await t.say(f"{lead}{_plain(p['first'])}{joiner} {_plain(p['last'])}@{p['domain']}")
    assert "did you mean" not in r.text.lower(), r.text
    await _finish(t)
    assert t.saves and t.saves[-1]["email"] == f"{local}@{p['domain']}"


@pytest.mark.parametrize("seed", range(12))
async def test_unclear_words_before_the_address_are_asked_about_never_dropped(seed: int) -> None:
    """ "maria. lopez 88@hotmail.com": the words that belong to the address are not clear; a yes takes
    the whole address, and the piece after the space is never read back or saved on its own."""
    p = _person(seed)
    whole = f"{_plain(p['first'])}.{_plain(p['last'])}{p['digits']}@{p['domain']}"
    t = await _at_the_email_question(p)
    r = await t.say(f"{_plain(p['first'])}. {_plain(p['last'])} {p['digits']}@{p['domain']}")
    assert f"did you mean {whole}" in r.text.lower(), r.text
    await t.say("yes")
    await _finish(t)
    assert t.saves and t.saves[-1]["email"] == whole


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("answer", ["no", "client"])
async def test_a_no_or_no_answer_to_the_whole_address_asks_for_it_again(seed: int, answer: str) -> None:
    p = _person(seed)
    fragment = f"{p['digits']}@{p['domain']}"
    t = await _at_the_email_question(p)
    await t.say(f"{_plain(p['first'])}. {_plain(p['last'])} {fragment}")
    r = await t.say(answer)
    assert "email" in r.text.lower() and fragment not in r.text and "did you mean" not in r.text.lower(), (
        r.text
    )
    assert answer == "no" or "spaces" in r.text, r.text
    retyped = f"{_plain(p['first'])}.{_plain(p['last'])}.{p['digits']}@{p['domain']}"
    await t.say(retyped)
    await _finish(t)
    assert t.saves and t.saves[-1]["email"] == retyped
    assert all(fragment != s["email"] for s in t.saves)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("lead", ["my email is ", "it's ", "email: ", "", "{first} {last}. "])
async def test_an_address_after_its_usual_words_is_taken_as_typed(seed: int, lead: str) -> None:
    """ "Ana Lima. ana@x.com": a capitalised name ending a sentence is no part of the address either."""
    p = _person(seed)
    address = f"{_plain(p['last'])}@{p['domain']}"
    t = await _at_the_email_question(p)
    r = await t.say(f"{lead.format(first=p['first'], last=p['last'])}{address}")
    assert "did you mean" not in r.text.lower(), r.text
    await _finish(t)
    assert t.saves and t.saves[-1]["email"] == address


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    engine = create_engine(database_url)
    yield Store(engine)
    await engine.dispose()


async def test_the_whole_address_said_yes_to_is_saved_in_the_database(store: Store) -> None:
    """Through the real agent: the save's check that every value was said accepts the joined address
    only because the person said yes to it."""
    p = _person(1)
    whole = f"{_plain(p['first'])}.{_plain(p['last'])}{p['digits']}@{p['domain']}"
    agent = Agent(store, ScriptedBrain(), ScriptedBrain(), RecordingNotifier())

    def said(text: str = "") -> Inbound:
        return Inbound("web", "spaced-1", text)

    await agent.open(said())
    for text in (
        f"{p['first']} {p['last']}",
        p["phone"],
        f"{_plain(p['first'])}. {_plain(p['last'])} {p['digits']}@{p['domain']}",
        "yes",
        "client",
    ):
        r = await agent.turn(said(text))
    assert whole in r.reply
    r = await agent.turn(said("yes"))
    assert r.entry_id is not None, r.reply
    entry = await store.get_entry(r.entry_id)
    assert entry is not None and entry.email == whole
