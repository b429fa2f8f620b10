"""Titles of other languages before a name, and a nickname in quotes or brackets inside one.

"Sr. José García", "Frau Anna Müller", "Mme Claire Dubois" had been greeted "Nice to meet you, Sr." (the title
taken for the first name, and read back in the name). "Robert "Bob" Smith" was saved as "Robert Bob Smith",
and with curly quotes cut short to "Robert" (the last name asked again). People from Faker's es_ES, es_MX,
de_DE, fr_FR and it_IT, with the titles people of those languages write.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_TITLES = {
    "es_ES": ("Sr.", "Sra.", "Srta.", "Señor", "Señora", "Dra."),
    "es_MX": ("Sr.", "Sra.", "Sr", "Sra"),
    "de_DE": ("Herr", "Frau"),
    "fr_FR": ("Mme", "Mme.", "Mlle", "Monsieur", "Madame"),
    "it_IT": ("Signor", "Signora", "Sig."),
}


def _people() -> list[tuple[str, str]]:
    """(what is typed, the name to be saved): a title, a Faker first and last name."""
    out: list[tuple[str, str]] = []
    for locale, titles in _TITLES.items():
        fake = Faker(locale)
        fake.seed_instance(1020)
        for title in titles:
            name = f"{fake.first_name().split()[0]} {fake.last_name().split()[0]}"
            out.append((f"{title} {name}", name))
    return out


async def _read_back(t: Talk, said: str, *, spoken: bool = False) -> tuple[str, str]:
    await t.open()
    greeted = (await t.say(said)).text
    rest = ("this number", "dana at example dot com") if spoken else ("+1 415 555 0134", "dana@example.com")
    for line in (*rest, "client"):
        read = (await t.say(line)).text
    return greeted, read


async def test_a_title_of_another_language_is_no_part_of_the_name() -> None:
    wrong = []
    for typed, name in _people():
        greeted, read = await _read_back(Talk(), typed)
        if f", {name.split()[0]}." not in greeted or f"name {name};" not in read:
            wrong.append(f"{typed!r}: {greeted[:50]!r} / {read[:60]!r}")
    assert not wrong, "\n".join(wrong)


async def test_a_title_of_another_language_said_on_a_call_is_no_part_of_the_name() -> None:
    wrong = []
    for typed, name in _people():
        greeted, read = await _read_back(
            Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3), typed.lower(), spoken=True
        )
        if f"Your name is {name}." not in read:
            wrong.append(f"{typed.lower()!r}: {greeted[:50]!r} / {read[:70]!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("said", "saved"), [("John Smith Sr.", "John Smith Sr"), ("John Smith Sr", "John Smith Sr")]
)
async def test_sr_after_a_name_is_still_a_generation(said: str, saved: str) -> None:
    _, read = await _read_back(Talk(), said)
    assert f"name {saved};" in read, read


async def test_a_title_and_a_surname_alone_ask_for_the_first_name() -> None:
    t = Talk()
    await t.open()
    r = await t.say("Frau Müller")
    assert "first name" in r.text and "Frau" not in r.text, r.text
    await t.say("Anna")
    for line in ("+1 415 555 0134", "anna@example.com"):
        await t.say(line)
    r = await t.say("client")
    assert "name Anna Müller;" in r.text, r.text


_QUOTES = ('"{}"', "“{}”", "'{}'", "‘{}’", "({})")


def _nicknamed() -> list[tuple[str, str]]:
    fake = Faker("en_US")
    fake.seed_instance(1021)
    out: list[tuple[str, str]] = []
    for quote in _QUOTES:
        for _ in range(2):
            first, nick, last = fake.first_name(), fake.first_name(), fake.last_name()
            out.append((f"{first} {quote.format(nick)} {last}", f"{first} {last}"))
    return out


async def test_a_nickname_in_quotes_is_left_out_of_the_name() -> None:
    wrong = []
    for typed, name in _nicknamed():
        greeted, read = await _read_back(Talk(), typed)
        if f"name {name};" not in read:
            wrong.append(f"{typed!r}: {greeted[:50]!r} / {read[:70]!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("typed", ["Ana d'Souza", "Mary O'Neil", "Ana M. Lima"])
async def test_apostrophes_and_initials_inside_a_name_stay(typed: str) -> None:
    _, read = await _read_back(Talk(), typed)
    assert f"name {typed};" in read, read
