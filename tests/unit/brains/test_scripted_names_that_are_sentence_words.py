"""Given names and surnames that are also words sentences are built from: Swedish My, Vietnamese and Flemish
An, Turkish and Swiss Can, the Chinese surname He written first.

Typed with capitals as the answer to "What's your full name?", "My Sjögren" was no name ("I'm sorry, I
missed your name"), nor was "An Nguyen"; "He Wei" lost its surname. The names come from Faker's own lists:
every first name (or romanized Chinese surname) in them that is such a word.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.fields._name_words import SENTENCE_WORDS
from tests.unit.brains.conftest import Talk

_LISTS = (
    ("sv_SE", "first_names", "last_names"),
    ("vi_VN", "first_names_unisex", "last_names"),
    ("nl_BE", "first_names", "last_names"),
    ("de_CH", "first_names", "last_names"),
)


def _people() -> list[tuple[str, str]]:
    """(locale, name): each Faker first name that is a sentence word, with three surnames of its locale; and
    each romanized Chinese surname that is one, written first, before three given names."""
    people: list[tuple[str, str]] = []
    for n, (locale, firsts, lasts) in enumerate(_LISTS):
        fake = Faker(locale)
        fake.seed_instance(700 + n)
        person = fake.provider("faker.providers.person")
        words = [w for w in getattr(person, firsts) if w.lower() in SENTENCE_WORDS and len(w) > 1]
        surnames = [s for s in getattr(person, lasts) if s.isalpha()]
        people += [(locale, f"{w} {fake.random_element(surnames)}") for w in words for _ in range(3)]
    zh = Faker("zh_CN")
    zh.seed_instance(799)
    chinese = zh.provider("faker.providers.person")
    for surname in (s for s in chinese.last_romanized_names if s.lower() in SENTENCE_WORDS):
        people += [
            ("zh_CN", f"{surname} {zh.random_element(chinese.first_romanized_names)}") for _ in range(3)
        ]
    return people


_PEOPLE = _people()


def test_faker_has_such_names() -> None:
    assert len({name.split()[0] for _, name in _PEOPLE}) >= 4


@pytest.mark.parametrize(("locale", "name"), _PEOPLE)
async def test_a_name_that_starts_with_a_sentence_word_is_taken_whole(locale: str, name: str) -> None:
    t = Talk()
    await t.open()
    r = await t.say(name)
    assert "missed your name" not in r.text and "catch your name" not in r.text
    assert name.split(maxsplit=1)[0] in r.text
    await t.say("+46 70 123 45 67" if locale == "sv_SE" else "+1 415 555 0123")
    await t.say("contact.me@example.org")
    r = await t.say("client")
    assert f"name {name};" in r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == name


def _loves() -> list[str]:
    """Love, a common Swedish given name (not in Faker's list), before Faker's Swedish surnames."""
    fake = Faker("sv_SE")
    fake.seed_instance(731)
    return [f"Love {fake.last_name()}" for _ in range(6)]


@pytest.mark.parametrize("name", _loves())
@pytest.mark.parametrize("said", ["{name}", "hi, this is {lower}", "{lower}"])
async def test_love_is_a_given_name(name: str, said: str) -> None:
    """Spoken as a recogniser writes it ("hi, this is love dahlstrom-johansson"), the name was asked for
    three times and the call ended with nothing saved: "love" was on the list of words never in a name."""
    t = Talk()
    await t.open()
    r = await t.say(said.format(name=name, lower=name.lower()))
    assert "missed your name" not in r.text and "catch your name" not in r.text, r.text
    await t.say("+46 70 123 45 67")
    await t.say("contact.me@example.org")
    r = await t.say("client")
    assert f"name {name};" in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == name
