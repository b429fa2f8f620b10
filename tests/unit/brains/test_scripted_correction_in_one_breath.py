"""Issue 11: a correction that names its field and gives the value in one breath, on a call.

"Sorry, the email should be book at healing by spring dot massage", said when Knotty asks for the role,
was read as nothing (the address's reader stopped at "should be") and its ".massage" as the role: the
read-back kept the wrong address and said "therapist" for a person who had not said a role. Played for
generated people (Faker, 15 locales) whose first address was misheard.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.corpus.people import Person, say_email
from tests.corpus.strangers import make_strangers
from tests.unit.brains.conftest import Talk

_PEOPLE = [p for p in make_strangers(200, 4242) if p.email.split("@")[0].isalpha()][:16]


@pytest.mark.parametrize("lead", ["sorry, the email should be", "the email should be", "it should be"])
@pytest.mark.parametrize("person", _PEOPLE, ids=lambda p: p.email)
async def test_the_address_given_in_a_correction_replaces_the_misheard_one(lead: str, person: Person) -> None:
    t = Talk(modality=Modality.SPOKEN)
    await t.open()
    await t.say(person.full_name)
    await t.say(" ".join(person.phone))
    local, domain = person.email.split("@")
    misheard = Person(person.first, person.last, f"{local}x@{domain}", person.phone, person.role, False)
    await t.say(say_email(misheard, "spelled", Modality.SPOKEN))
    r = await t.say(f"{lead} {say_email(person, 'words', Modality.SPOKEN)}")
    assert "therapist or" in r.text or "client" in r.text.split(".")[-1], (
        f"the role is still to ask: {r.text}"
    )
    r = await t.say(person.role)
    for _ in range(3):
        if not t.saves:
            r = await t.say("yes")
    assert t.saves, r.text
    assert (t.saves[-1]["email"], t.saves[-1]["role"]) == (person.email, person.role)
