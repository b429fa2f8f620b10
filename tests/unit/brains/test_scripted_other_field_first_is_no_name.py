"""A caller who gives the email (or phone) first, misheard, is not greeted by the address as a name.

Asked for the name, a caller said "my email is maria at gmail dot com"; the real recogniser (Whisper
tiny.en on the phone line) wrote "My email is, Mariaats email.com." (it writes a comma after "is"
often). The words after the comma were read as a bare answer to the name question: "Thanks,
Mariaats. And your last name, please?", and when the caller then said "maria gomez", "Nice to meet
you, Mariaats." (the signup went on under a name they never gave). Words led by another field's cue
("my email is", "email", "my phone number is") are no bare name: Knotty asks for the name, and the
name then said is the one kept. A name cue after them ("..., and I'm Ana Lima") is still read.
Faker people in many locales; the addresses mangled as the recogniser mangled them.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import caller
from tests.unit.brains.conftest import Talk

LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_MX", "pt_BR", "it_IT", "pl_PL", "nl_NL", "tr_TR")
LEADS = ["My email is, {x}.", "My email is, {x} email.", "Email, {x} email.com.", "My e-mail is, {x}.",
         "My phone number is, {x}.", "My email address is, {x}, dot com."]  # fmt: skip


def _mangled(person: dict[str, str]) -> str:
    """The local part run into "at", as Whisper wrote "maria at" ("Mariaats")."""
    local = "".join(c for c in person["email"].split("@")[0] if c.isalpha()) or "ana"
    return local.capitalize() + "ats"


@pytest.mark.parametrize("seed", range(12))
async def test_the_address_said_first_is_no_name(seed: int) -> None:
    person = caller(seed, LOCALES)
    said = LEADS[seed % len(LEADS)].format(x=_mangled(person))
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()

    r = await t.say(said)
    assert _mangled(person) not in r.text, (said, r.text)
    assert "last name" not in r.text.lower(), (said, r.text)

    r = await t.say(person["full_name"].lower())
    first = person["full_name"].split()[0]
    assert _mangled(person) not in r.text and first.lower() in r.text.lower(), (said, r.text)


async def test_a_name_cue_after_the_address_is_still_read() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say("my email is, ana lima at gmail dot com, and I'm Ana Lima")
    assert "Ana" in r.text and "your name" not in r.text.lower(), r.text
