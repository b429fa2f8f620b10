"""Names of two Chinese characters or Korean syllables typed alone, and pleasantries to the last name's question
(round 8 findings).

- A Korean, Japanese or Chinese given name of two characters typed alone ("민준", "花子", "俊傑") was saved as the
  whole name, no family name asked for, where a one-character given name ("伟") was asked. A Japanese family
  name alone ("山田") was saved whole too. Now the family name (or, after "山田", the given name) is asked for,
  and the two are put together family name first (김민준, 山田花子); the family name said again for a name that
  was whole after all ("김구", then "김") keeps it as given.
- Those people were asked "And your last name?": for a name written family name first, its last name is its
  given name. They are asked for their "family name" (and "given name") instead.
- "nice", "thanks", "you too" said back to "Thanks, Ana. And your last name, please?" got "I'll need a last
  name for the waitlist. If you only have one name, just tell me." as if they had declined one. Now the
  question again, plainly ("My pleasure. And what's your last name?").

People come from Faker (ko_KR, ja_JP, zh_TW and zh_CN given and family names; many locales for the rest).
"""

from __future__ import annotations

import unicodedata

import pytest
from faker import Faker

from knotty.grounding import ungrounded_fields
from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_NUMBER = "+14155550100"
_REST = ("this number", "kim.signup@gmail.com", "client")


def _given_names_of_two(count: int) -> list[tuple[str, str, str]]:
    """(locale, given name of two characters, family name) from ko_KR, ja_JP and zh_TW."""
    out: list[tuple[str, str, str]] = []
    for k, locale in enumerate(("ko_KR", "ja_JP", "zh_TW")):
        fake = Faker(locale)
        fake.seed_instance(8800 + k)
        found = 0
        while found < count:
            given, family = fake.first_name(), fake.last_name()
            if len(given) == 2 and all(c.isalpha() for c in given) and (locale, given, family) not in out:
                out.append((locale, given, family))
                found += 1
    return out


def _japanese_family_names(count: int) -> list[tuple[str, str]]:
    """(family name of two kanji, given name) from ja_JP."""
    fake = Faker("ja_JP")
    fake.seed_instance(8810)
    out: list[tuple[str, str]] = []
    while len(out) < count:
        family, given = fake.last_name(), fake.first_name()
        if (
            len(family) == 2
            and family[1] in "田藤川本村木井野原島崎山口橋部谷"
            and (family, given) not in out
        ):
            out.append((family, given))
    return out


def _latin_people(count: int) -> list[tuple[str, str]]:
    """(first, last), one-word names of letters from many locales."""
    out: list[tuple[str, str]] = []
    for k, locale in enumerate(("nl_NL", "fi_FI", "cs_CZ", "uk_UA", "pt_BR", "id_ID", "hr_HR", "da_DK")):
        fake = Faker(locale)
        fake.seed_instance(8820 + k)
        while len(out) < (k + 1) * count:
            first, last = fake.first_name(), fake.last_name()
            if first.isalpha() and last.isalpha() and len(first) > 2 and len(last) > 2:
                out.append((unicodedata.normalize("NFC", first), unicodedata.normalize("NFC", last)))
    return out


GIVEN = _given_names_of_two(4)
FAMILY = _japanese_family_names(4)
LATIN = _latin_people(1)
PLEASANTRIES = [
    "nice",
    "great",
    "cool",
    "perfect",
    "thanks",
    "Thanks!",
    "thank you",
    "nice to meet you",
    "you too",
]


async def _finish(t: Talk) -> str:
    for said in _REST:
        r = await t.say(said)
    return r.text


@pytest.mark.parametrize(("locale", "given", "family"), GIVEN)
async def test_a_given_name_of_two_characters_gets_its_family_name_asked(
    locale: str, given: str, family: str
) -> None:
    t = Talk(caller_number=_NUMBER)
    await t.open()
    r = await t.say(given)
    assert "family name" in r.text and "last name" not in r.text, (locale, given, r.text)
    await t.say(family)
    read_back = await _finish(t)
    assert f"name {family}{given};" in read_back, read_back
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == family + given, t.saves
    said = [given, family, *_REST, "yes"]
    assert "full_name" not in ungrounded_fields({**t.saves[-1]}, said, _NUMBER)


@pytest.mark.parametrize(("locale", "given", "family"), GIVEN[::3])
async def test_a_two_character_name_that_was_whole_is_kept_when_its_family_name_is_given_again(
    locale: str, given: str, family: str
) -> None:
    """ "김구" (family name 김, given name 구), asked for the family name, answers "김": 김구, never 김김구."""
    whole = family + given[0]
    t = Talk(caller_number=_NUMBER)
    await t.open()
    await t.say(whole)
    await t.say(family)
    read_back = await _finish(t)
    assert f"name {whole};" in read_back, read_back
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == whole, t.saves


@pytest.mark.parametrize(("family", "given"), FAMILY)
async def test_a_japanese_family_name_alone_gets_the_given_name_asked(family: str, given: str) -> None:
    t = Talk(caller_number=_NUMBER)
    await t.open()
    r = await t.say(family)
    assert "given name" in r.text and "first name" not in r.text, (family, r.text)
    await t.say(given)
    read_back = await _finish(t)
    assert f"name {family}{given};" in read_back, read_back
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == family + given, t.saves


@pytest.mark.parametrize("pleasantry", PLEASANTRIES)
@pytest.mark.parametrize("modality", [Modality.WRITTEN, Modality.SPOKEN])
async def test_a_pleasantry_to_the_last_name_question_gets_the_question_again_plainly(
    pleasantry: str, modality: Modality
) -> None:
    first, last = LATIN[(PLEASANTRIES.index(pleasantry) + len(modality.value)) % len(LATIN)]
    t = Talk(modality, caller_number=_NUMBER)
    await t.open()
    r = await t.say(first)
    assert "last name" in r.text, r.text
    r = await t.say(pleasantry if modality is Modality.WRITTEN else pleasantry.lower().strip("!"))
    assert "last name?" in r.text and "need" not in r.text and "only have one name" not in r.text, (
        pleasantry,
        r.text,
    )
    assert "sorry" not in r.text.lower() and "catch" not in r.text, (pleasantry, r.text)
    await t.say(last)
    read_back = await _finish(t)
    assert f"{first} {last}" in read_back, read_back
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {last}", t.saves
