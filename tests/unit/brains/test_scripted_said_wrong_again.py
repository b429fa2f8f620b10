"""A value the person said was wrong, heard the same again, is asked about alone: right after all?

On a line that mishears an address the same way each time, a person who says "the email is wrong"
and repeats it heard the whole read-back again with the same wrong address, and said "no" again.
Knotty now remembers what was said to be wrong: heard again, it asks about that value alone, and a
"no" gets the address asked for spelled, a "yes" (or the same value insisted on) keeps it. People
come from Faker, in several locales.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.fields import normalize_email, speak_email
from knotty.state import Modality
from tests.corpus.line_caller import spell_address
from tests.unit.brains.conftest import Talk

_LOCALES = ["en_US", "pt_BR", "de_DE", "fr_FR", "en_IN"]


def _person(seed: int) -> dict[str, str]:
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    en = Faker("en_US")
    en.seed_instance(seed)
    first, last = en.first_name(), en.last_name()  # said by any line: letters a recogniser writes
    domain = fake.free_email_domain()
    if any(c.isdigit() for c in domain):  # "tele2.fr" said aloud is another question ("tele two")
        domain = "example.org"
    return {
        "full_name": f"{first} {last}",
        "phone": "+1415555" + f"{seed:04d}"[-4:],
        "email": normalize_email(f"{first}.{last}@{domain}".replace(" ", "")),
        "role": "therapist" if seed % 2 else "client",
    }


def _heard(person: dict[str, str], modality: Modality) -> str:
    """The address as the line mishears it, the same way every time: one letter of the name dropped."""
    local, _, domain = person["email"].partition("@")
    wrong = f"{local[:-1]}@{domain}"
    return speak_email(wrong) if modality == Modality.SPOKEN else wrong


async def _read_back_with_a_misheard_address(person: dict[str, str], modality: Modality) -> tuple[Talk, str]:
    t = Talk(modality, silence_limit=3)
    await t.open()
    heard = _heard(person, modality)
    digits = person["phone"][2:]
    for line in (person["full_name"], " ".join(digits), heard, person["role"]):
        r = await t.say(line)
    assert heard in r.text  # the read-back, with the address as the line made it
    r = await t.say("no, the email is wrong")
    assert "email" in r.text.lower()
    return t, heard


@pytest.mark.parametrize("modality", [Modality.WRITTEN, Modality.SPOKEN], ids=["typed", "spoken"])
@pytest.mark.parametrize("seed", [11, 212, 3003])
async def test_the_same_wrong_address_heard_again_is_asked_about_and_then_spelled(
    seed: int, modality: Modality
) -> None:
    person = _person(seed)
    t, heard = await _read_back_with_a_misheard_address(person, modality)
    again = await t.say(heard)  # the person repeats it; the line mishears it the same way
    assert "same as before" in again.text and "right after all" in again.text
    assert person["full_name"] not in again.text  # that value alone, not the whole read-back
    spell = await t.say("no")
    assert "spell" in spell.text.lower() or "exactly" in spell.text.lower()
    spelled = spell_address(person["email"]) if modality == Modality.SPOKEN else person["email"]
    readback = await t.say(spelled)
    assert person["full_name"] in readback.text
    await t.say("yes")
    assert t.saves == [person]


@pytest.mark.parametrize("answer", ["yes, that's right", "same"], ids=["yes", "the same again"])
async def test_a_value_said_wrong_by_mistake_is_kept_when_the_person_says_so(answer: str) -> None:
    person = _person(44)
    t, heard = await _read_back_with_a_misheard_address(person, Modality.WRITTEN)
    again = await t.say(heard)
    assert "right after all" in again.text
    readback = await t.say(heard if answer == "same" else answer)
    assert heard in readback.text and person["full_name"] in readback.text
    await t.say("yes")
    assert t.saves == [{**person, "email": heard}]


async def test_a_new_value_given_instead_is_taken() -> None:
    person = _person(5)
    t, heard = await _read_back_with_a_misheard_address(person, Modality.WRITTEN)
    await t.say(heard)
    readback = await t.say(person["email"])
    assert person["email"] in readback.text
    await t.say("yes")
    assert t.saves == [person]
