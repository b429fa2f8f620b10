"""Names callers repair or lead with a filler, and roles said for a surname, on a phone line (round 2).

- "client" (or "therapist", "massage therapist", "LMT") answered to "Could I have your last name too?"
  was taken as the surname: "Brandon Client" was read back and saved after a yes. A role is never a
  surname: the role is taken and the last name asked again. Other fields given instead of the last name
  are no failed answers (the fourth ask ended the call).
- "my name is john uh sorry jon smith", "my name is john smith uh no jon", "ana uh i mean anna lima": the
  first version was kept (John Smith, or John alone and the surname asked for). The words after a repair
  marker replace the name words just before it.
- "um hi my name is like sandy baker": "Thanks, Like." The filler "like" after "my name is" is no name.

People come from Faker in several locales (names folded to the letters a recogniser writes), their
numbers from libphonenumber's examples.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import caller, said_email, said_phone
from tests.unit.brains.conftest import Reply, Talk

_LOCALES = ["en_US", "en_GB", "de_DE", "es_ES", "it_IT", "pt_BR", "nl_NL", "pl_PL", "fr_FR"]


def _misheard(first: str) -> str:
    """The first name as said before the repair: one sound off ("john" for "jon", "anna" for "ana")."""
    return first + "h" if not first.endswith("h") else first[:-1]


async def _answer_to_the_end(t: Talk, r: Reply, person: dict[str, str]) -> Reply:
    """Answer what Knotty asks with the person's values, and yes at the read-back, until it saves."""
    last = person["full_name"].split()[1].lower()
    for _ in range(10):
        if t.saves:
            return r
        asked = r.text.lower()
        if "correct" in asked or "right?" in asked:
            said = "yes"
        elif "last name" in asked:
            said = last
        elif "phone" in asked or "number" in asked:
            said = said_phone(person["phone"])
        elif "email" in asked:
            said = said_email(person["email"])
        elif "therapist" in asked or "client" in asked:
            said = person["role"]
        else:
            raise AssertionError(f"unexpected question: {r.text}")
        r = await t.say(said)
    raise AssertionError("never saved")


_REPAIRS = [
    "my name is {wrong} uh sorry {first} {last}",
    "my name is {wrong} {last} uh no {first}",
    "{wrong} uh i mean {first} {last}",
    "it's {wrong} {last} no wait {first} {last}",
    "my name is {wrong} sorry {first} {last}",
    "{wrong} {last} actually {first} {last}",
    "my name is {wrong} uh no wait {first} {last}",
    "my name's {wrong}, uh, sorry, {first} {last}",
]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("said", _REPAIRS)
async def test_a_name_repaired_in_the_same_breath_keeps_the_new_version(seed: int, said: str) -> None:
    person = caller(seed, _LOCALES)
    first, last = person["full_name"].lower().split()
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(said.format(wrong=_misheard(first), first=first, last=last))
    assert "last name" not in r.text.lower(), r.text  # the surname was said: not asked for
    await _answer_to_the_end(t, r, person)
    assert t.saves == [person]


_ROLES_FOR_A_SURNAME = {
    "therapist": ["therapist", "i'm a therapist", "massage therapist", "masseuse", "LMT"],
    "client": ["client", "i'm a client", "customer"],
}


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("k", range(5))
async def test_a_role_said_for_the_last_name_is_the_role_and_the_last_name_is_asked_again(
    seed: int, k: int
) -> None:
    person = caller(seed, _LOCALES)
    said_roles = _ROLES_FOR_A_SURNAME[person["role"]]
    first = person["full_name"].split()[0].lower()
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(first)
    assert "last name" in r.text.lower(), r.text
    r = await t.say(said_roles[k % len(said_roles)])
    assert "last name" in r.text.lower(), r.text  # asked again, not taken as the surname
    await _answer_to_the_end(t, r, person)
    assert t.saves == [person]


@pytest.mark.parametrize("seed", range(12))
async def test_a_role_said_after_the_number_is_no_surname(seed: int) -> None:
    """A first name only, then the number and the role while the last name is still wanted: "John
    Therapist" was read back and saved."""
    person = caller(seed, _LOCALES)
    first = person["full_name"].split()[0].lower()
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say(first)
    await t.say(said_phone(person["phone"]))
    r = await t.say(person["role"])
    assert person["role"].capitalize() not in r.text and "last name" in r.text.lower(), r.text
    r = await _answer_to_the_end(t, r, person)
    assert t.saves == [person]


@pytest.mark.parametrize("seed", range(12))
async def test_other_fields_said_for_the_last_name_do_not_end_the_call(seed: int) -> None:
    """The number, the email and the role said while the last name was wanted: "John Therapist" was
    saved, and, the role no surname, the fourth "last name, please?" ended the call. Other fields given
    instead are no failed answers: the last name is asked again, and saved when said."""
    person = caller(seed, _LOCALES)
    first = person["full_name"].split()[0].lower()
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    for said in (first, said_phone(person["phone"]), said_email(person["email"]), person["role"]):
        r = await t.say(said)
        assert person["role"].capitalize() not in r.text and not r.end, r.text
    assert "last name" in r.text.lower(), r.text
    await _answer_to_the_end(t, r, person)
    assert t.saves == [person]


_LIKE = [
    "um hi my name is like {first} {last}",
    "my name is like {first} {last}",
    "uh yeah my name's like {first} {last}",
]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("said", _LIKE)
async def test_like_before_a_name_is_a_filler(seed: int, said: str) -> None:
    person = caller(seed, _LOCALES)
    first, last = person["full_name"].lower().split()
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(said.format(first=first, last=last))
    assert "Like" not in r.text and "missed" not in r.text.lower(), r.text
    await _answer_to_the_end(t, r, person)
    assert t.saves == [person]


async def test_i_would_like_to_sign_up_is_still_no_name() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say("hi i'd like to sign up")
    assert "full name" in r.text.lower() and "Like" not in r.text, r.text
