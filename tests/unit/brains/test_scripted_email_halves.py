"""Issue 11: an address in two halves, or without its "at", in writing as well as on a call."""

from __future__ import annotations

import re
import unicodedata

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk


async def _at_the_email_question(modality: Modality) -> Talk:
    t = Talk(modality, caller_number="+14155550100", silence_limit=3)
    await t.open()
    for said in ("Jane Doe", "this number"):
        await t.say(said)
    return t


async def test_a_typed_address_without_its_at_is_asked_again_with_it_not_spelled() -> None:
    t = await _at_the_email_question(Modality.WRITTEN)
    r = await t.say("jane.doe.relax.studio")
    assert "@" in r.text and "spell" not in r.text.lower()
    r = await t.say("jane.doe@relax.studio")
    assert "therapist" in r.text.lower()


async def test_a_typed_address_in_two_halves_is_put_together() -> None:
    t = await _at_the_email_question(Modality.WRITTEN)
    r = await t.say("jane.doe")
    assert "jane.doe" in r.text and "@" in r.text
    await t.say("gmail.com")
    await t.say("client")
    r = await t.say("yes")
    assert t.saves and t.saves[-1]["email"] == "jane.doe@gmail.com"


def _surnames_that_read_as_a_domain() -> list[str]:
    """Faker surnames (several locales) whose letters end like a domain run together: "c o o k" is
    also co.ok, "c o m a s" com.as, "n e t t e" net.te (line report 301617: Fortunato Comas)."""
    ending = re.compile(r"^(?:co|com|net|org|edu|gov|ac)[a-z]{2}$")
    found: dict[str, None] = {}
    for locale in ("en_US", "es_ES", "it_IT", "de_DE", "pt_BR", "fr_FR", "nl_NL"):
        fake = Faker(locale)
        fake.seed_instance(7)
        for _ in range(2000):
            plain = unicodedata.normalize("NFKD", fake.last_name()).encode("ascii", "ignore").decode().lower()
            if plain.isalpha() and ending.match(plain):
                found[plain] = None
    return list(found)


_SURNAMES = _surnames_that_read_as_a_domain()


def test_faker_gives_such_surnames() -> None:
    assert len(_SURNAMES) >= 6, _SURNAMES


@pytest.mark.parametrize("surname", _SURNAMES)
@pytest.mark.parametrize("separator", ["dot", "underscore"])
async def test_a_spelled_first_half_that_also_reads_as_a_domain_is_kept_as_the_first_half(
    surname: str, separator: str
) -> None:
    """Answered to the email question, "f dot c o o k" was read as the domain f.co.ok, dropped as no
    first half was waiting, and the person heard "Sorry, I didn't catch that" for a clean spelling."""
    local = f"f{'.' if separator == 'dot' else '_'}{surname}"
    t = await _at_the_email_question(Modality.SPOKEN)
    r = await t.say(f"f {separator} {' '.join(surname)}")
    assert "after the at" in r.text.lower(), r.text
    r = await t.say(f"f {separator} {' '.join(surname)}")  # said again: still the first half
    assert "after the at" in r.text.lower(), r.text
    r = await t.say("at gmail dot com")
    assert "therapist" in r.text.lower(), r.text
    await t.say("client")
    await t.say("yes")
    assert t.saves and t.saves[-1]["email"] == f"{local}@gmail.com"
