"""A first name put right with the word alone at the read-back, and another person named as wanting to join.

At the read-back of "Ana Lima", a bare "Anna" was "Sorry, I didn't quite catch that", and the "yes" that
followed saved "Ana Lima", the name she had just put right. At the name question, "Mary wants to join too" was
"Nice to meet you, Mary" and saved "Mary Wants"; "Mary, M-A-R-Y, wants to join too" then the caller's own
"Ana Lima" saved "Mary Ana Lima" (people19, round 19). Faker people of locales the corpus does not use.
"""

from __future__ import annotations

import pytest
from faker import Faker

from tests.unit.brains.callers import plain
from tests.unit.brains.conftest import Talk

_LOCALES = ("cs_CZ", "hu_HU", "fi_FI", "da_DK", "no_NO", "sk_SK", "hr_HR", "en_NZ", "es_CL", "et_EE")


def _fake(locale: str, seed: int) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(1919 + seed)
    return fake


def _one_word(make: object, avoid: set[str]) -> str:
    for _ in range(300):
        w = str(make())  # type: ignore[operator]
        if w.isalpha() and len(w) >= 3 and plain(w) not in avoid:
            return w
    raise AssertionError("Faker gave no one-word name")


def _doubled(name: str) -> str:
    """The name with its first single consonant after the first letter doubled: "Ana" is "Anna"."""
    for k in range(1, len(name) - 1):
        c = name[k]
        if c.lower() not in "aeiouyáéíóúöüäåøæõ" and name[k - 1] != c and name[k + 1] != c:
            return name[: k + 1] + c + name[k + 1 :]
    return name + name[-1]


async def _read_back(given: str, surname: str) -> Talk:
    talk = Talk()
    await talk.open()
    for line in [f"{given} {surname}", "+1 415 555 0134", "person@example.com", "client"]:
        await talk.say(line)
    return talk


@pytest.mark.parametrize("locale", _LOCALES)
@pytest.mark.parametrize("mark", ["", "."])
async def test_a_first_name_typed_again_alone_is_read_back_and_saved(locale: str, mark: str) -> None:
    """ "Anna" alone at the read-back of "Ana Lima": read back "Anna Lima", and the yes saves that."""
    fake = _fake(locale, len(mark))
    surname = _one_word(fake.last_name, set())
    given = _one_word(fake.first_name, {plain(surname)})
    new = _doubled(given)
    talk = await _read_back(given, surname)
    reply = await talk.say(new + mark)
    assert f"name {new} {surname};" in reply.text, reply.text
    await talk.say("yes")
    assert [s["full_name"] for s in talk.saves] == [f"{new} {surname}"]


@pytest.mark.parametrize("locale", _LOCALES[:4])
@pytest.mark.parametrize("answer", ["yes", "Yeah", "yep", "Yess", "ok", "Correct", "Perfect", "right"])
async def test_a_yes_alone_at_the_read_back_changes_no_name(locale: str, answer: str) -> None:
    """A yes-like word alone is the yes it says, never a word of the name put right."""
    fake = _fake(locale, 7)
    surname = _one_word(fake.last_name, set())
    given = _one_word(fake.first_name, {plain(surname)})
    talk = await _read_back(given, surname)
    await talk.say(answer)
    assert [s["full_name"] for s in talk.saves] == [f"{given} {surname}"]


@pytest.mark.parametrize("locale", _LOCALES[:5])
async def test_another_surname_alone_is_no_first_name(locale: str) -> None:
    """Another surname alone at the read-back ("Lynn" for "Ana Lima") is never made the first name."""
    fake = _fake(locale, 9)
    surname = _one_word(fake.last_name, set())
    given = _one_word(fake.first_name, {plain(surname)})
    other = _one_word(fake.last_name, {plain(surname), plain(given)})
    talk = await _read_back(given, surname)
    reply = await talk.say(other)
    assert f"name {other} {surname};" not in reply.text, reply.text


_WISHES = [
    "{other} wants to join too",
    "{other}, {spelled}, wants to join too",
    "hi, my friend {other} wants to join",
    "{other} would like to sign up as well",
    "{other} is interested too",
]


@pytest.mark.parametrize("locale", _LOCALES[:6])
@pytest.mark.parametrize(("i", "saying"), list(enumerate(_WISHES)))
async def test_another_person_who_wants_to_join_is_not_the_caller(locale: str, i: int, saying: str) -> None:
    """ "Mary wants to join too", answered to the name question, names Mary as someone else: no "Nice to meet
    you, Mary", and the caller's own name, given next, is saved alone (never "Mary Wants", "Mary Ana Lima")."""
    fake = _fake(locale, 20 + i)
    other = _one_word(fake.first_name, set())
    given = _one_word(fake.first_name, {plain(other)})
    surname = _one_word(fake.last_name, {plain(other), plain(given)})
    talk = Talk()
    await talk.open()
    spelled = "-".join(other.upper())
    reply = await talk.say(saying.format(other=other, spelled=spelled))
    assert f"meet you, {other}" not in reply.text, reply.text
    assert other in reply.text, reply.text  # told how that person can join
    for line in [f"{given} {surname}", "yes", "+1 415 555 0134", "person@example.com", "client"]:
        reply = await talk.say(line)
        if "correct" in reply.text.lower() or "all right" in reply.text.lower():
            break
    await talk.say("yes")
    assert [s["full_name"] for s in talk.saves] == [f"{given} {surname}"], talk.history


_FORMER = [
    "{given} {new} born {old}",
    "{given} {new} (born {old})",
    "{given} {new} nee {old}",
    "{given} {new} geb. {old}",
    "{given} {new} z domu {old}",
    "{given} {old}, married name {new}",
    "{given} {old}, now {new}",
    "{given}, maiden name {old}, married name {new}",
]


@pytest.mark.parametrize("locale", _LOCALES[:6])
@pytest.mark.parametrize(("i", "saying"), list(enumerate(_FORMER)))
async def test_a_name_given_with_the_one_it_replaced_saves_the_current_one(
    locale: str, i: int, saying: str
) -> None:
    """ "Ana Lynn born Lima", "Ana Lima, married name Lynn" answered to the name question: "Ana Lynn" read
    back and saved; they had been read back "Ana Lynn Born Lima" or saved "Ana Lima", her name no longer."""
    fake = _fake(locale, 40 + i)
    given = _one_word(fake.first_name_female, set())
    old = _one_word(fake.last_name, {plain(given)})
    new = _one_word(fake.last_name, {plain(given), plain(old)})
    talk = Talk()
    await talk.open()
    await talk.say(saying.format(given=given, old=old, new=new))
    for line in ["+1 415 555 0134", "person@example.com", "client"]:
        reply = await talk.say(line)
    assert f"name {given} {new};" in reply.text, reply.text
    await talk.say("yes")
    assert [s["full_name"] for s in talk.saves] == [f"{given} {new}"]
