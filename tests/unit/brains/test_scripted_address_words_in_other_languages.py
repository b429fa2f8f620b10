"""An address said with "at" and "dot" in the caller's own language.

People abroad spell their address on an English line with their own words for its marks: "maria lopez arroba
gmail punto com", "jonas punkt weber at gmx punkt de", "marie point dupont arobase orange point fr". Knotty
heard no address in them ("I'm sorry, I didn't get the email address") and asked again the same way until it
gave up. Austria's ending is said "punkt at" ("kabsi punkt at"): an "at" right after a dot, at the end, is
the ending, not a second "@". People come from Faker in many locales.
"""

from __future__ import annotations

import unicodedata

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_WORDS = {  # locale: (its "at", its "dot")
    "es_ES": ("arroba", "punto"), "es_MX": ("arroba", "punto"), "pt_BR": ("arroba", "ponto"),
    "pt_PT": ("arroba", "ponto"), "fr_FR": ("arobase", "point"), "de_DE": ("at", "punkt"),
    "de_AT": ("at", "punkt"), "it_IT": ("chiocciola", "punto"),
}  # fmt: skip
_LOCALES = sorted(_WORDS)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalpha()).lower()


def person(seed: int) -> tuple[str, str, str, str]:
    """A name, its address, how the person says the address, and the locale."""
    locale = _LOCALES[seed % len(_LOCALES)]
    fake = Faker(locale)
    fake.seed_instance(seed)
    first, last = fake.first_name(), fake.last_name().split()[-1]
    a, b = _ascii(first), _ascii(last)
    domain = fake.free_email_domain()
    sep = (".", "")[seed % 2]
    at, dot = _WORDS[locale]
    said_sep = f" {dot} " if sep else " "
    said = f"{a}{said_sep}{b} {at} {domain.replace('.', f' {dot} ')}"
    return f"{first} {last}", f"{a}{sep}{b}@{domain}", said, locale


async def to_read_back(t: Talk, name: str, said_email: str, role: str) -> str:
    await t.open()
    await t.say(name)
    await t.say("this number")
    await t.say(said_email)
    return (await t.say(role)).text


@pytest.mark.parametrize("seed", range(40))
async def test_an_address_said_with_the_callers_own_words_for_at_and_dot(seed: int) -> None:
    name, email, said, _ = person(seed)
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    heard = await to_read_back(t, name, said, "client")
    assert "Is that all correct?" in heard, (said, heard)
    r = await t.say("yes")
    assert [s["email"] for s in t.saves] == [email], (said, r.text)


@pytest.mark.parametrize("seed", range(16))
async def test_such_an_address_answered_to_the_last_name_question_is_no_name(seed: int) -> None:
    # "valentina ponto da arroba gmail ponto com" to "And your last name?" had made the name
    # "Valentina da Valentina Ponto da Arroba".
    name, _, said, _ = person(seed)
    first = name.split()[0]
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    assert "last name" in (await t.say(first)).text
    heard = [(await t.say(line)).text for line in (said, "this number", "client")]
    for word in ("arroba", "arobase", "chiocciola", "punto", "ponto", "punkt"):
        assert word.capitalize() not in " ".join(heard), (said, heard)
