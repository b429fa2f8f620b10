"""Issue 11: classes of input that people from seeds the suite never used revealed (`report --strangers`).

Each test would have failed before its fix: a surname one letter from a field word ("Bell", "cell"),
a surname made of particles and one letter ("de la O") said again, an everyday-word surname confirmed
by its spelling ("neece, that's n i c e"), a letter with no accent to strip ("Glegoła", g l e g o l a),
NATO's "x-ray", a role word in a business domain said with its dot, two given names written surname
first, and a surname spelled after a refused save that must keep both given names.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_WRITTEN_REST = ["415 555 0100", "ana@x.com", "client"]


async def _readback(t: Talk, lines: list[str], rest: list[str] = _WRITTEN_REST) -> str:
    await t.open()
    for line in [*lines, *rest]:
        r = await t.say(line)
    return r.text


@pytest.mark.parametrize(
    ("lines", "name"),
    [
        (["Hi! I'm Erik", "oh sorry, it's Bell"], "Erik Bell"),
        (["Arturo", "oh sorry, it's de la O"], "Arturo de la O"),
        (["Mekhala De", "it's De"], "Mekhala De"),
        (["Marianna Glegoła, that's g l e g o l a"], "Marianna Glegoła"),
        (["Marques, Maria Vitória"], "Maria Vitória Marques"),
        (["van Hoevel en van Zwindrecht, Nova"], "Nova van Hoevel en van Zwindrecht"),
    ],
)
async def test_written_names_from_fresh_seeds(lines: list[str], name: str) -> None:
    t = Talk()
    text = await _readback(t, lines)
    assert f"name {name};" in text
    await t.say("yes")
    assert t.saves[-1]["full_name"] == name


async def test_a_spelling_confirms_an_everyday_word_surname_on_a_call() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    text = await _readback(t, ["thierry neece, that's n i c e"], ["this number", "t at x dot com", "client"])
    assert "Your name is Thierry Nice, spelled n i c e." in text


async def test_x_ray_is_one_letter_in_a_spelled_address() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say("ana lima")
    await t.say("this number")
    await t.say("it's r as in romeo o as in oscar u as in uniform x as in x-ray at proton dot me")
    await t.say("client")
    await t.say("yes")
    assert t.saves[-1]["email"] == "roux@proton.me"


async def test_a_role_word_in_a_spoken_business_domain_is_no_role() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say("miguel mckee")
    await t.say("this number")
    r = await t.say("it's book at therapybymckee.massage")
    assert "therapist or" in r.text.lower() and "read" not in r.text.lower()


async def test_a_surname_spelled_after_a_refused_save_keeps_both_given_names() -> None:
    def refuse_once(args: dict[str, str]) -> dict[str, object] | None:
        if len(t.saves) == 1:
            return {"ok": False, "errors": {"full_name": "the person has not said this name; ask for it"}}
        return None

    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3, save_hook=refuse_once)
    await _readback(
        t, ["maria sophia breeght, that's b r i g h t"], ["this number", "m at x dot com", "client"]
    )
    r = await t.say("yes")
    assert "spell your last name" in r.text
    r = await t.say("b r i g h t")
    assert "Your name is Maria Sophia Bright, spelled b r i g h t." in r.text


async def test_an_everyday_surname_spelled_after_a_filler_is_taken() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say("sosimo")
    r = await t.say("oh sorry, g o o d")
    assert "phone" in r.text.lower()
    for line in ("this number", "s at x dot com", "client"):
        r = await t.say(line)
    assert "Your name is Sosimo Good, spelled g o o d." in r.text


async def test_the_words_of_an_address_answered_to_the_email_question_are_no_name() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say("lars-olof nordstrom")
    await t.say("this number")
    await t.say("it's lars olof three three at orange dot fr")
    r = await t.say("client")
    assert "Your name is Lars-Olof Nordstrom." in r.text


async def test_an_initial_and_an_everyday_word_surname_make_an_address() -> None:
    t = Talk()
    await t.open()
    await t.say("Mevlüdiye Nice")
    await t.say("(201) 555-3590")
    r = await t.say("it's m nice at hotmail dot com")
    assert "therapist" in r.text.lower()
    r = await t.say("client")
    assert "email mnice@hotmail.com;" in r.text


def _surnames(locale: str, seed: int, count: int) -> list[str]:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return [s for s in dict.fromkeys(fake.last_name() for _ in range(count * 3)) if " " not in s][:count]


@pytest.mark.parametrize("modality", [Modality.WRITTEN, Modality.SPOKEN])
@pytest.mark.parametrize("surname", [*_surnames("es_MX", 314160, 3), *_surnames("it_IT", 314161, 3)])
async def test_marco_antonio_is_two_given_names_and_the_last_name_is_asked(
    modality: Modality, surname: str
) -> None:
    """ "marco antonio", asked for the full name (fresh seed 314160, spoken): "Nice to meet you, Marco", the
    phone asked next and "Your name is Marco Antonio" read back, a surname he never gave."""
    t = Talk(modality)
    await t.open()
    r = await t.say("marco antonio")
    assert "last name" in r.text.lower(), r.text
    await t.say(surname)
    for line in _WRITTEN_REST:
        r = await t.say(line)
    assert f"Marco Antonio {surname}" in r.text, r.text


def _first_names(locales: tuple[str, ...], seed: int, count: int) -> list[str]:
    found: list[str] = []
    for i, locale in enumerate(locales):
        fake = Faker(locale)
        fake.seed_instance(seed + i)
        found += [n for n in dict.fromkeys(fake.first_name() for _ in range(count * 3)) if n.isalpha()][
            :count
        ]
    return found


@pytest.mark.parametrize("modality", [Modality.WRITTEN, Modality.SPOKEN])
@pytest.mark.parametrize("surname", ["Good", "Nice", "Young", "Best"])
@pytest.mark.parametrize("first", _first_names(("en_GB", "en_US"), 161804, 3))
async def test_the_whole_name_introduced_again_for_the_last_name_keeps_its_surname(
    modality: Modality, surname: str, first: str
) -> None:
    """ "hi, this is hazel good", said when her last name was asked a third time (fresh seed 161804, spoken):
    "Your name is Hazel Hazel" was read back."""
    t = Talk(modality)
    await t.open()
    r = await t.say(f"hi, this is {first.lower()}")
    assert "last name" in r.text.lower(), r.text
    await t.say("it's good")
    await t.say("it's good")
    await t.say(f"hi, this is {first.lower()} {surname.lower()}")
    for line in _WRITTEN_REST:
        r = await t.say(line)
    assert f"{first} {surname}" in r.text and f"{first} {first}" not in r.text, r.text
