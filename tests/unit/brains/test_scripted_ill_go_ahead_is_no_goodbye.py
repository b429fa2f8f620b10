""" "I'll go ahead and spell it" is no goodbye (real recogniser, line report seed 8675309).

A caller corrected their name at the read-back, "michelotto nitti, that's n i t t i", heard as "Mitch,
I'll go and hear the N-I-D-D-I": Knotty read "I'll go" as leaving and said "You're welcome to come back
anytime. Goodbye!", with nothing saved. "I'll go" is a goodbye; "I'll go ahead and ...", "I'll go and
...", "I'll go with ..." start an answer.

People come from Faker in several locales; the name is said again after the read-back with such an
opening. Knotty keeps the call going, asks about the name, and saves nothing unconfirmed. (How well
such a sentence's name is read is another matter: not every one is, yet; the read-back catches it.)
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_LOCALES = ["en_US", "en_GB", "de_DE", "it_IT", "es_ES", "fr_FR", "nl_NL", "pl_PL", "pt_BR", "sv_SE"]
_OPENINGS = ("i'll go ahead and say it again, it's {name}", "ok i'll go slowly, {name}",
             "i'll go with {name}", "i'll go again, {name}")  # fmt: skip


def _person(seed: int) -> tuple[str, str]:
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    ascii_ = Faker("en_US")  # an ASCII address, as the line would spell it
    ascii_.seed_instance(seed)
    return f"{fake.first_name()} {fake.last_name()}", f"{ascii_.user_name()}@gmail.com".lower()


@pytest.mark.parametrize("seed", range(20))
async def test_a_name_said_again_after_ill_go_ahead_is_no_goodbye(seed: int) -> None:
    name, email = _person(seed)
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    r = await t.open()
    for said in ("mitch hagen", "this number", email.replace("@", " at ").replace(".", " dot "), "client"):
        if "your name is" in r.text.lower():
            break
        r = await t.say("hagen" if "last name" in r.text.lower() else said)
    while "your name is" not in r.text.lower():  # the read-back, with the name the line made
        r = await t.say("hagen" if "last name" in r.text.lower() else "client")
    r = await t.say("no, the name is wrong")
    assert "name" in r.text.lower() and not r.end
    r = await t.say(_OPENINGS[seed % len(_OPENINGS)].format(name=name))
    assert not r.end and "goodbye" not in r.text.lower(), r.text  # the call goes on
    assert "name" in r.text.lower(), r.text  # about the name: asked again, or read back
    assert not t.saves  # and nothing saved that the person did not confirm
