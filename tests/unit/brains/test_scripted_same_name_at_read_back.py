"""The name read back right, said again at the read-back: "no, my name is brendan moore", or the name itself
to "Which part should I change?".

A person unsure of what they heard (a read-back on a call) says their name again, the same. Knotty asked
"Which part should I change?", and a name said to that question was not understood ("Sorry, I missed
that") until it gave up and ended the call, nothing saved. Now the name alone is asked about ("I heard
Brendan Moore again, the same as before. Is that right after all?"), and a whole name answers "which part?".
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import caller, said_email, said_phone
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_MX", "pt_BR", "it_IT", "pl_PL", "nl_NL", "tr_TR")


async def _to_read_back(t: Talk, person: dict[str, str], *, spoken: bool) -> str:
    await t.open()
    name = person["full_name"].lower() if spoken else person["full_name"]
    await t.say(name)
    await t.say(said_phone(person["phone"]) if spoken else person["phone"])
    await t.say(said_email(person["email"]) if spoken else person["email"])
    return (await t.say(person["role"])).text


@pytest.mark.parametrize("seed", range(12))
async def test_the_same_name_said_again_on_a_call_is_asked_about_alone(seed: int) -> None:
    person = caller(seed, _LOCALES)
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await _to_read_back(t, person, spoken=True)
    r = await t.say(f"no, my name is {person['full_name'].lower()}")
    assert person["full_name"] in r.text and "right after all" in r.text
    r = await t.say("yes")
    assert f"Your name is {person['full_name']}." in r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == person["full_name"]


@pytest.mark.parametrize("seed", range(12))
async def test_the_same_name_answering_which_part_is_asked_about_alone(seed: int) -> None:
    person = caller(seed + 40, _LOCALES)
    t = Talk()
    await _to_read_back(t, person, spoken=False)
    r = await t.say("no")
    assert "change" in r.text or "correct" in r.text
    r = await t.say(person["full_name"])
    assert person["full_name"] in r.text and "right after all" in r.text
    r = await t.say("yes")
    assert f"name {person['full_name']};" in r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == person["full_name"]


@pytest.mark.parametrize("seed", range(8))
async def test_another_whole_name_answering_which_part_is_taken(seed: int) -> None:
    person, other = caller(seed + 80, _LOCALES), caller(seed + 90, _LOCALES)
    new = f"{person['full_name'].split()[0]} {other['full_name'].split()[-1]}"
    t = Talk()
    await _to_read_back(t, person, spoken=False)
    await t.say("no")
    r = await t.say(new)
    assert f"name {new};" in r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == new
