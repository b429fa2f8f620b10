"""Names typed in their own script: Devanagari, Bengali, Tamil, Thai, Arabic, Chinese, Korean, Japanese.

People from Faker's locales for these scripts type their name as they write it. Two things had gone
wrong. The vowel signs and viramas of Indic scripts, Thai vowels and tone marks, and Arabic vowel
points are no letters to a regular expression, so the name was cut apart at each of them: "गोविंदा
कुमार" was read back (and, said yes to, saved) as "गवदकमर कम", or refused as a character Knotty cannot
use, and the name asked for until Knotty gave up. And a Chinese or Korean name written together
("张伟", "김민준"), or a Japanese one with a given name of one character ("佐藤 稔"), counted as a first
name alone: the last name was asked for, said, and read back doubled ("张伟 张"), then refused at the
save.
"""

from __future__ import annotations

import unicodedata

import phonenumbers
import pytest
from faker import Faker

from knotty.fields import normalize_name
from tests.unit.brains.conftest import Talk

_MARKED = ("hi_IN", "bn_BD", "ne_NP", "ta_IN", "th_TH", "ar_AA", "fa_IR")
"""Scripts with vowel signs or points written inside a word."""
_TOGETHER = ("zh_CN", "zh_TW", "ko_KR")
"""Family name first, written together with the given name."""


def _written(name: str) -> bool:
    """A name as a person writes it: letters, marks and spaces only (Faker's ta_IN has ";" inside a few)."""
    return all(c.isalpha() or c == " " or unicodedata.category(c).startswith("M") for c in name)


def _people(locales: tuple[str, ...], per: int, together: bool = False) -> list[tuple[str, str]]:
    """(locale, name as typed) for `per` people of each locale."""
    people: list[tuple[str, str]] = []
    for n, locale in enumerate(locales):
        fake = Faker(locale)
        fake.seed_instance(4100 + n)
        found = 0
        while found < per:
            first, last = fake.first_name(), fake.last_name()
            name = f"{last}{first}" if together else f"{first} {last}"
            if _written(name):
                people.append((locale, name))
                found += 1
    return people


def _japanese(per: int) -> list[tuple[str, str]]:
    """Japanese people, family name first with a space, as written; some given names have one character."""
    fake = Faker("ja_JP")
    fake.seed_instance(4200)
    return [("ja_JP", f"{fake.last_name()} {fake.first_name()}") for _ in range(per)]


_NUMBER = phonenumbers.format_number(
    phonenumbers.example_number_for_type("US", phonenumbers.PhoneNumberType.MOBILE),  # type: ignore[arg-type]
    phonenumbers.PhoneNumberFormat.E164,
)


async def _sign_up(name: str, lead: str) -> tuple[Talk, list[str]]:
    t = Talk()
    said = [(await t.open()).text]
    for line in (lead.format(name), _NUMBER, "kw2041@gmail.com", "client"):
        said.append((await t.say(line)).text)
    return t, said


@pytest.mark.parametrize(
    ("locale", "name"),
    [*_people(_MARKED, 4), *_people(_TOGETHER, 4, together=True), *_japanese(6)],
    ids=lambda v: v if "_" in v else None,
)
@pytest.mark.parametrize("lead", ["{}", "my name is {}"])
async def test_a_name_in_its_own_script_is_read_back_and_saved_whole(
    locale: str, name: str, lead: str
) -> None:
    """The name is read back and saved exactly as typed, and no last name is asked of a whole name."""
    t, said = await _sign_up(name, lead)
    written = unicodedata.normalize("NFC", name)
    assert not any("last name" in s.lower() for s in said), said
    assert f"name {written};" in said[-1], said[-1]
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == written
    assert t.state.saved_fields is not None and t.state.saved_fields["full_name"] == written
    assert normalize_name(name) == written


async def test_a_chinese_given_name_alone_still_gets_its_family_name_asked() -> None:
    """One character alone is not a whole name: the family name is still asked for, by that name."""
    fake = Faker("zh_CN")
    fake.seed_instance(4300)
    given = next(g for g in iter(fake.first_name, None) if len(g) == 1)
    t = Talk()
    await t.open()
    r = await t.say(given)
    assert "family name" in r.text.lower()  # written family name first: its family name, not its "last"
