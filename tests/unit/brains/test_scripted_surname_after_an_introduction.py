"""A lower-case surname at the end of an introduction was dropped (round 6 findings, strangers seed 271828).

- "hi, this is marco antonio nice and i give massages for a living": read as Marco Antonio, the surname
  (an everyday word after two given names, said on a call) dropped. Said again the same way, Knotty
  said "I heard Marco Antonio again" twice and ended the call with nothing saved.
- "hey it's courtney kelly here": a surname that looks like an adverb or a verb (-ly, -ing, -ed: Kelly,
  Döring, Ganguly, Mohamed) was dropped, and the last name asked for although it had been said.

The word that ends an introduction ("this is", "it's", "I'm", before nothing, "here" or "and ...") is the
surname. And when the name read back is said wrong, then heard the same again and said wrong again, the
last name is asked on its own, keeping the words heard as the given names.

People come from Faker: surnames from several locales that the reader of names stopped before, given
names (two of them, as people from Spain and Brazil give them) from es_ES and pt_BR.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.fields import normalize_name
from knotty.fields._given_names import both_given_names
from knotty.fields._name_reading import _TITLES, folded
from knotty.fields.name import extract_name
from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "en_GB", "en_IN", "sv_SE", "de_DE", "nl_NL")


def _dropped_surnames() -> list[str]:
    """Faker surnames the reader of names stops before, after two given names said lower case."""
    found: dict[str, None] = {}
    for locale in _LOCALES:
        fake = Faker(locale)
        fake.seed_instance(11)
        for _ in range(1500):
            last = fake.last_name()
            if " " in last or not last.isalpha() or folded(last) in _TITLES:
                continue
            read = extract_name(f"this is juan pablo {last.lower()}", expecting=True)
            if read is not None and folded(last) not in folded(read):
                found[last] = None
    return list(found)[:24]


_SURNAMES = _dropped_surnames()


def _given_names(k: int, *, two: bool, read_as_full: bool = False) -> str:
    """A given name from Faker (two of them with `two`; with `read_as_full`, two the reader takes for a first
    and a last name, unlike "Luis Miguel", which gets the last name asked at once)."""
    fake = Faker(("es_ES", "pt_BR", "en_GB")[k % 3] if not two else ("es_ES", "pt_BR")[k % 2])
    fake.seed_instance(k)
    while True:
        given = fake.first_name()
        if len(given.split()) != 1 + two or not all(w.isalpha() and w[0].isupper() for w in given.split()):
            continue
        if not read_as_full or not both_given_names(given):
            return given


def test_faker_gives_such_surnames() -> None:
    assert len(_SURNAMES) >= 12, _SURNAMES


async def _signs_up(t: Talk, said: str) -> str:
    """The name said first, then the rest of a signup; what Knotty said to the name."""
    await t.open()
    first = (await t.say(said)).text
    await t.say("this number")
    await t.say("ana dot lima at gmail dot com")
    await t.say("client")
    await t.say("yes")
    return first


_INTRODUCTIONS = ["hey it's {} here", "hi, this is {}", "it's {}", "this is {} and i'd like to join"]


@pytest.mark.parametrize("k", range(len(_SURNAMES)))
async def test_a_surname_that_looks_like_a_verb_ends_the_introduction(k: int) -> None:
    given, surname = _given_names(k, two=False), _SURNAMES[k]
    said = _INTRODUCTIONS[k % len(_INTRODUCTIONS)].format(f"{given} {surname}".lower())
    t = Talk(Modality.SPOKEN, caller_number="+14155550100")
    reply = await _signs_up(t, said)
    assert "last name" not in reply.lower(), (said, reply)
    assert t.saves and t.saves[-1]["full_name"] == normalize_name(f"{given} {surname}"), said


@pytest.mark.parametrize("k", range(len(_SURNAMES)))
async def test_a_surname_after_two_given_names_before_and_is_kept(k: int) -> None:
    given, surname = _given_names(k, two=True), _SURNAMES[k]
    said = f"hi, this is {given} {surname} and i give massages for a living".lower()
    t = Talk(Modality.SPOKEN, caller_number="+14155550100")
    await _signs_up(t, said)
    assert t.saves and t.saves[-1]["full_name"] == normalize_name(f"{given} {surname}"), said


@pytest.mark.parametrize("k", range(8))
async def test_the_same_name_said_wrong_twice_asks_for_the_last_name_alone(k: int) -> None:
    """The reader still stops before an everyday word before a comma ("marco antonio good, i give ..."):
    said wrong, heard the same again, then "no": the last name is asked on its own."""
    fake = Faker(("en_US", "en_IN")[k % 2])
    fake.seed_instance(k)
    given = _given_names(k, two=True, read_as_full=True)
    surname = next(
        w for w in (fake.last_name() for _ in range(5000)) if folded(w) in ("good", "more", "dash")
    )
    said = f"hi, this is {given} {surname}, i give massages for a living".lower()
    t = Talk(Modality.SPOKEN, caller_number="+14155550100")
    await t.open()
    for line in (said, "this number", "ana dot lima at gmail dot com", "client"):
        r = await t.say(line)
    assert normalize_name(given) in r.text and surname not in r.text, r.text  # the read-back, surname lost
    await t.say("no, the name is wrong")
    r = await t.say(said)
    assert "again" in r.text, r.text  # "I heard ... again, the same as before"
    r = await t.say("no")
    assert "last name" in r.text.lower() and "spell" not in r.text.lower(), r.text
    r = await t.say(" ".join(surname.lower()))  # spelled: "it's good" alone is also a yes
    assert normalize_name(f"{given} {surname}") in r.text, r.text
    r = await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == normalize_name(f"{given} {surname}")
    assert not r.end or "goodbye" not in r.text.lower() or "waitlist" in r.text.lower()
