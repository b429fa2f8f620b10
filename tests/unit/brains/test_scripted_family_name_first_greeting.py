"""Names whose first word is no name to greet by, Balinese names, the given name Ai, a surname spelled on a call.

- Balinese names open with I (a man) or Ni (a woman) and a birth-order name: "I Made Wirawan" had been "I'm
  sorry, I missed your name" (the English "I" ended the answer), "Ni Luh Putu Sari" was greeted "Ni".
- A name written family name first ("Nguyen Van An", "Nagy Ferenc", "Wang Wei", "Park Ji Sung") was greeted by
  the family name ("Thanks, Nguyen."): it is greeted whole, and saved exactly as typed.
- "Ai" typed alone for the name had been answered as a question about AI.
- A surname spelled on a call is read back spelled: "Denelder" said by a voice sounds like "den Elder".

The people are made by Faker (id_ID, vi_VN, hu_HU, zh_CN romanized) and from Korean syllables.
"""

from __future__ import annotations

import random

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_MEN = ("I Wayan", "I Made", "I Nyoman", "I Ketut", "I Putu", "I Kadek", "I Komang", "I Gede", "I Gusti")
_WOMEN = ("Ni Luh", "Ni Made", "Ni Wayan", "Ni Nyoman", "Ni Ketut", "Ni Putu", "Ni Kadek", "Ni Komang")


def _balinese() -> list[str]:
    fake, rng = Faker("id_ID"), random.Random(1010)
    fake.seed_instance(1010)
    names: list[str] = []
    for k in range(16):
        given = fake.first_name_male() if k % 2 else fake.first_name_female()
        name = f"{rng.choice(_MEN if k % 2 else _WOMEN)} {given}"
        names.append(f"{name} {fake.last_name()}" if k % 3 == 0 else name)
    return names


_KOREAN_FAMILY = ("Park", "Choi", "Jung", "Kang", "Oh", "Shin", "Kwon", "Hwang", "Kim", "Lee")
_SYLLABLES = (
    "min",
    "jun",
    "su",
    "jin",
    "ji",
    "hye",
    "seo",
    "yeon",
    "ha",
    "eun",
    "woo",
    "hyun",
    "sung",
    "young",
)


def _family_first() -> list[str]:
    names: list[str] = []
    vi, hu, zh, rng = Faker("vi_VN"), Faker("hu_HU"), Faker("zh_CN"), random.Random(1011)
    for fake in (vi, hu, zh):
        fake.seed_instance(1011)
    names += [f"{vi.last_name()} {middle} {vi.first_name()}" for middle in ("Văn", "Thị", "Van", "Thi")]
    names += [f"{hu.last_name()} {hu.first_name()}" for _ in range(6)]
    names += [f"{zh.last_romanized_name()} {zh.first_romanized_name()}" for _ in range(6)]
    for family in _KOREAN_FAMILY:
        first, second = rng.sample(_SYLLABLES, 2)
        names.append(f"{family} {first.capitalize()} {second.capitalize()}")
    return names


async def _sign_up(name: str, *, spoken: bool, said: str | None = None) -> tuple[str, str, list[str]]:
    """(Knotty's answer to the name, its read-back, the names saved) for one person giving ``name``."""
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3) if spoken else Talk()
    await t.open()
    greeted = (await t.say(said or name)).text
    rest = ("this number", "dana at example dot com") if spoken else ("+1 415 555 0134", "dana@example.com")
    for line in (*rest, "client"):
        read = (await t.say(line)).text
    await t.say("yes")
    return greeted, read, [s["full_name"] for s in t.saves]


async def test_a_balinese_name_typed_is_read_and_greeted_whole() -> None:
    wrong = []
    for name in _balinese():
        greeted, read, saved = await _sign_up(name, spoken=False)
        if f", {name}." not in greeted or f"name {name};" not in read or saved != [name]:
            wrong.append(f"{name!r}: {greeted[:60]!r} saved {saved}")
    assert not wrong, "\n".join(wrong)


async def test_a_balinese_name_said_on_a_call_is_read_whole() -> None:
    wrong = []
    for name in _balinese():
        greeted, read, saved = await _sign_up(name, spoken=True, said=name.lower())
        if f", {name}." not in greeted or f"Your name is {name}." not in read or saved != [name]:
            wrong.append(f"{name!r}: {greeted[:60]!r} saved {saved}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("said", ["I made a mistake", "I Ana Lima", "i made it", "I need help"])
async def test_the_english_i_is_still_no_name(said: str) -> None:
    t = Talk()
    await t.open()
    r = await t.say(said)
    assert "Nice to meet you" not in r.text and "Thanks, I" not in r.text, r.text


async def test_a_name_written_family_name_first_is_greeted_whole_and_saved_as_typed() -> None:
    wrong = []
    for name in _family_first():
        greeted, _, saved = await _sign_up(name, spoken=False)
        if f", {name}." not in greeted or saved != [name]:
            wrong.append(f"{name!r}: {greeted[:60]!r} saved {saved}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("name", "called"),
    [("Kim Smith", "Kim"), ("Lee Anne Smith", "Lee"), ("Ana van Dyke", "Ana"), ("Simon Peter", "Simon")],
)
async def test_a_western_name_is_still_greeted_by_its_first_word(name: str, called: str) -> None:
    greeted, _, _ = await _sign_up(name, spoken=False)
    assert f", {called}." in greeted, greeted


@pytest.mark.parametrize("typed", ["Ai", "Ai."])
async def test_ai_typed_alone_is_the_given_name(typed: str) -> None:
    t = Talk()
    await t.open()
    r = await t.say(typed)
    assert "Ai" in r.text and "last name" in r.text.lower() and "virtual assistant" not in r.text, r.text
    for line in ("Tanaka", "+1 415 555 0134", "ai@example.com", "client"):
        r = await t.say(line)
    assert "name Ai Tanaka;" in r.text, r.text


@pytest.mark.parametrize("typed", ["AI", "AI?", "are you an ai?"])
async def test_ai_in_capitals_or_asked_is_still_the_question(typed: str) -> None:
    t = Talk()
    await t.open()
    r = await t.say(typed)
    assert "virtual assistant" in r.text, r.text


def _particle_surnames() -> list[tuple[str, str]]:
    """(given name, surname with a particle) from Dutch, German and Spanish Faker people: "den Elder"."""
    out: list[tuple[str, str]] = []
    for locale, particle in (("nl_NL", "van"), ("nl_NL", "den"), ("de_DE", "von"), ("es_ES", "del")):
        fake = Faker(locale)
        fake.seed_instance(1012)
        for _ in range(3):
            last = fake.last_name().split()[-1]
            if last.isalpha() and last.isascii():
                out.append((fake.first_name().split()[0], f"{particle} {last}"))
    return out


async def test_a_surname_spelled_on_a_call_is_read_back_spelled() -> None:
    """Spelled with its particle run in ("d e n e l d e r"), the surname is read back with its letters, so that
    the caller hears what will be saved, not a word that sounds like "den Elder"."""
    wrong = []
    for given, surname in _particle_surnames():
        letters = surname.replace(" ", "").lower()
        t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
        await t.open()
        await t.say(given.lower())
        await t.say(" ".join(letters))
        for line in ("this number", "dana at example dot com", "client"):
            r = await t.say(line)
        if f", spelled {' '.join(letters)}." not in r.text:
            wrong.append(f"{given} {' '.join(letters)}: {r.text[:110]!r}")
    assert not wrong, "\n".join(wrong)


async def test_a_name_typed_or_not_spelled_is_read_back_as_it_was() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    for line in ("my name is ana lima", "this number", "ana at example dot com"):
        await t.say(line)
    r = await t.say("client")
    assert "Your name is Ana Lima. Your phone" in r.text, r.text
