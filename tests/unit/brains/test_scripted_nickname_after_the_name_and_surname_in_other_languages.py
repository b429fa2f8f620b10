"""A nickname in brackets or quotes after the name, and a surname corrected in the person's language (round 13).

"Bob Smith (Robert)" had been saved "Bob Smith Robert", and "Smith, Robert "Bob"" greeted "Thanks, Smith." and
asked for the last name: a word in quotes or brackets at the end of a name is what the person is also called,
never part of it (one inside it, "Robert "Bob" Smith", already was not).

At the read-back, "no, mi apellido es Lyma", "non, mon nom de famille est Lyma", "nein, mein Nachname ist Lyma",
"não, meu sobrenome é Lyma" had been "I'm sorry, I didn't get that" (or "which part should I change?"): the
surname's label in Spanish, French, German, Portuguese, Italian, Dutch or Polish now names it, as "my last name
is" does. People from Faker in those locales.
"""

from __future__ import annotations

import pytest
from faker import Faker

from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "es_ES", "fr_FR", "de_DE", "pt_BR", "it_IT", "nl_NL", "pl_PL")


def _person(k: int, locale: str) -> tuple[str, str, str, str]:
    """(first name, surname, another first name, another surname), one word each."""
    fake = Faker(locale)
    fake.seed_instance(1300 + k)
    while True:
        words = (fake.first_name(), fake.last_name(), fake.first_name(), fake.last_name())
        if all(w.isalpha() and len(w) > 2 for w in words) and len({w.lower() for w in words}) == 4:
            return words


async def _saved(t: Talk, said: str, email: str) -> str | None:
    await t.open()
    for answer in (said, "+1 415 555 0134", email, "client", "yes"):
        if t.saves:
            break
        await t.say(answer)
    return t.saves[0]["full_name"] if t.saves else None


_NICKNAMES = (
    "{first} {last} ({nick})",
    '{first} {last} "{nick}"',
    '{last}, {first} "{nick}"',
    "{last}, {first} ({nick})",
    "{first} {last} [{nick}]",
)


@pytest.mark.parametrize("wording", _NICKNAMES)
@pytest.mark.parametrize("k", range(8))
async def test_a_nickname_in_brackets_or_quotes_after_the_name_is_not_part_of_it(
    k: int, wording: str
) -> None:
    first, last, nick, _ = _person(k, _LOCALES[k])
    said = wording.format(first=first, last=last, nick=nick)
    saved = await _saved(Talk(), said, "someone@example.com")
    assert saved == f"{first} {last}", (said, saved)


_SURNAME_SAID = {
    "es_ES": "no, mi apellido es {}",
    "fr_FR": "non, mon nom de famille est {}",
    "de_DE": "nein, mein Nachname ist {}",
    "pt_BR": "não, meu sobrenome é {}",
    "it_IT": "no, il mio cognome è {}",
    "nl_NL": "nee, mijn achternaam is {}",
    "pl_PL": "nie, moje nazwisko to {}",
}


@pytest.mark.parametrize("locale", sorted(_SURNAME_SAID))
@pytest.mark.parametrize("k", range(4))
async def test_a_surname_corrected_in_the_persons_language_at_the_read_back(k: int, locale: str) -> None:
    first, last, _, other = _person(k, locale)
    t = Talk()
    await t.open()
    for answer in (f"{first} {last}", "+1 415 555 0134", "someone@example.com"):
        await t.say(answer)
    r = await t.say("client")
    assert f"{first} {last}" in r.text, r.text
    said = _SURNAME_SAID[locale].format(other)
    r = await t.say(said)
    assert f"name {first} {other};" in r.text, (said, r.text)
    await t.say("yes")
    assert [s["full_name"] for s in t.saves] == [f"{first} {other}"], said
