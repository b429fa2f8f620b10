"""A domain with the word "dash" (or "hyphen") at a label's start or end: "touch by dash dot co".

Strangers seed 1919031: Chanakya Dash, hello@touchbydash.co, said "hello at touch by dash dot co" five
times and was told each time the address was not caught, then hung up on with nothing saved. "Dash"
was read as "-" wherever it came in a domain, "touchby-.co", which no domain can be. Where no hyphen
can stand, at a label's start or end, the word is the word; between two words it is still a hyphen
("spa dash one dot com" is spa-one.com). Faker surnames of several locales as the domain's words.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import caller, fake_for, said_phone, word
from tests.unit.brains.conftest import Talk

LOCALES = ("en_IN", "en_US", "de_DE", "pt_BR", "pl_PL", "fr_FR")


def _person(seed: int, mark: str) -> tuple[dict[str, str], str]:
    """A caller whose address's domain is a surname beside the word `mark`, and how they say it."""
    person = caller(seed, LOCALES)
    business = word(fake_for(seed + 100, LOCALES).last_name)
    local = person["email"].split("@")[0].split(".")[0]
    if seed % 2:
        person["email"] = f"{local}@{business}{mark}.co"
        said = f"{local} at {business} {mark} dot co"
    else:
        person["email"] = f"{local}@{mark}{business}.com"
        said = f"{local} at {mark} {business} dot com"
    return person, said


@pytest.mark.parametrize("mark", ["dash", "hyphen"])
@pytest.mark.parametrize("seed", range(8))
async def test_a_domain_word_where_no_hyphen_can_be_is_saved(seed: int, mark: str) -> None:
    person, said = _person(seed, mark)
    t = Talk(Modality.SPOKEN, caller_number="+14155550100")
    await t.open()
    r = await t.say(person["full_name"].lower())
    for _ in range(6):
        asked = r.text.lower()
        if "correct" in asked or "right?" in asked:
            break
        if "email" in asked:
            r = await t.say(said)
        elif "phone" in asked or "number" in asked:
            r = await t.say(said_phone(person["phone"]))
        elif "therapist" in asked or "client" in asked:
            r = await t.say(f"I'm a {person['role']}")
        else:
            raise AssertionError(f"{said!r}: Knotty asked {r.text!r}")
    r = await t.say("yes")
    assert [s["email"] for s in t.saves] == [person["email"]], (said, r.text)
