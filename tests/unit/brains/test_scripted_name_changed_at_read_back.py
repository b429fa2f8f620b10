"""A name said changed at the read-back replaces the word it changes, and only that word.

At the read-back of "Ana Lima", "it's Anna now" dropped the name and asked for a last name ("Anna" taken for a
first name alone), "married now, Lynn", "married name Lynn" and "Jones now" were not understood (the read-back
asked again, and a "yes" saved the old name), and "sorry, Anna" was asked again (people18, round 18). Faker
people of several locales: a first name put right (a letter doubled, "Ana" for "Anna"), a surname changed at
marriage, a given name that is nobody's surname taken up ("I go by Maria").
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.fields._lone_given_names import LONE_GIVEN_NAMES
from tests.unit.brains.callers import plain
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "en_GB", "de_DE", "pt_BR", "pl_PL", "fr_FR", "es_ES", "it_IT")


def _fake(locale: str, i: int) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(1818 + i)
    return fake


def _one_word(make: object, avoid: set[str]) -> str:
    for _ in range(200):
        w = make()  # type: ignore[operator]
        if w.isalpha() and len(w) >= 3 and w.isascii() and w.lower() not in avoid:
            return str(w)
    raise AssertionError("Faker gave no one-word name")


def _doubled(name: str) -> str:
    """The name with its first single consonant after the first letter doubled: "Ana" is "Anna"."""
    for k in range(1, len(name) - 1):
        c = name[k]
        if c.lower() not in "aeiouy" and name[k - 1] != c and name[k + 1] != c:
            return name[: k + 1] + c + name[k + 1 :]
    return name + name[-1]


async def _read_back(given: str, surname: str) -> Talk:
    talk = Talk()
    await talk.open()
    for line in [f"{given} {surname}", "+1 415 555 0134", "person@example.com", "therapist"]:
        await talk.say(line)
    return talk


_FIRST_FIXED = ["it's {} now", "{} now", "no it's {}", "sorry, {}", "it's {}", "I go by {} now", "I'm {} now"]


@pytest.mark.parametrize("locale", _LOCALES)
@pytest.mark.parametrize(("i", "saying"), list(enumerate(_FIRST_FIXED)))
async def test_a_first_name_put_right_keeps_the_surname(locale: str, i: int, saying: str) -> None:
    """ "it's Anna now" at the read-back of "Ana Lima" is read back "Anna Lima" and saved so; it had asked for
    the last name again, and the surname already given was gone."""
    fake = _fake(locale, i)
    surname = _one_word(fake.last_name, set())
    given = _one_word(fake.first_name, {surname.lower()})
    new = _doubled(given)
    talk = await _read_back(given, surname)
    reply = await talk.say(saying.format(new))
    assert f"name {new} {surname};" in reply.text, reply.text
    await talk.say("yes")
    assert [s["full_name"] for s in talk.saves] == [f"{new} {surname}"]


_MARRIED = [
    "married now, {}",
    "married name {}",
    "just got married, {}",
    "{} now",
    "recently married so {}",
    "divorced now, {}",
    "it's {} since the wedding",
    "I took my husband's name, {}",
    "{} until the divorce is final",
]


@pytest.mark.parametrize("locale", _LOCALES)
@pytest.mark.parametrize(("i", "saying"), list(enumerate(_MARRIED)))
async def test_a_surname_changed_at_marriage_replaces_the_surname(locale: str, i: int, saying: str) -> None:
    """ "married now, Lynn" at the read-back of "Ana Lima" is read back "Ana Lynn" and saved so; it had asked
    the read-back again, and a "yes" then saved "Ana Lima", the name she no longer has."""
    fake = _fake(locale, 40 + i)
    given = _one_word(fake.first_name_female, set())
    old = _one_word(fake.last_name, {given.lower()})
    new = _one_word(fake.last_name, {given.lower(), old.lower()})
    talk = await _read_back(given, old)
    reply = await talk.say(saying.format(new))
    assert f"name {given} {new};" in reply.text, reply.text
    await talk.say("yes")
    assert [s["full_name"] for s in talk.saves] == [f"{given} {new}"]


@pytest.mark.parametrize("locale", _LOCALES)
@pytest.mark.parametrize(
    ("i", "saying"), list(enumerate(["I go by {}", "it's {} now", "I go by {} these days"]))
)
async def test_a_given_name_taken_up_replaces_the_first_name(locale: str, i: int, saying: str) -> None:
    """ "I go by Maria" at the read-back of "Ana Lima", Maria a given name that is nobody's surname: "Maria
    Lima"; it had asked for a last name, the surname given gone."""
    fake = _fake(locale, 80 + i)
    surname = _one_word(fake.last_name, set())
    given = _one_word(fake.first_name, {surname.lower()})
    new = next(
        n
        for n in (fake.first_name() for _ in range(500))
        if plain(n) in LONE_GIVEN_NAMES and n.isalpha() and plain(n) != plain(given)
    )
    talk = await _read_back(given, surname)
    reply = await talk.say(saying.format(new))
    assert f"name {new} {surname};" in reply.text, reply.text
    await talk.say("yes")
    assert [s["full_name"] for s in talk.saves] == [f"{new} {surname}"]


_WHOLE = [
    "changed my name to {given} {new}",
    "name's wrong, {given} {new}",
    "now {given} {new}",
    "my surname got changed to {new}",
    "wrong name: {given} {new}",
]


@pytest.mark.parametrize("locale", _LOCALES)
@pytest.mark.parametrize(("i", "saying"), list(enumerate(_WHOLE)))
async def test_a_name_given_with_its_change_is_read_back(locale: str, i: int, saying: str) -> None:
    """ "changed my name to Ana Lynn" at the read-back of "Ana Lima" is read back "Ana Lynn"; it had asked
    "What's your full name?", the name just given dropped, to be typed again."""
    fake = _fake(locale, 120 + i)
    given = _one_word(fake.first_name_female, set())
    old = _one_word(fake.last_name, {given.lower()})
    new = _one_word(fake.last_name, {given.lower(), old.lower()})
    talk = await _read_back(given, old)
    reply = await talk.say(saying.format(given=given, new=new))
    assert f"name {given} {new};" in reply.text, reply.text
    await talk.say("yes")
    assert [s["full_name"] for s in talk.saves] == [f"{given} {new}"]
