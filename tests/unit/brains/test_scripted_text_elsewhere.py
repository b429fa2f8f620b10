"""At the confirmation text's offer, "can you text it to a different number?" changed the entry.

"Text my wife's phone instead, 212 ...", "send it to 212 ..." or "can you text it to a different
number?" answered "Would you like me to text you a confirmation?" was read as a correction of the
saved phone: the entry took the other number, was saved again, and the text was offered again, to
the other number. A person asking where the text goes means the text, not their entry: Knotty says
the text goes to the number on their signup and asks again; only a number they say is theirs
("my number is ...", "that's my new number") changes the entry, read back first as before.

People come from Faker in several locales, the other numbers from libphonenumber's examples.
"""

from __future__ import annotations

import phonenumbers
import pytest

from knotty.state import Modality
from tests.unit.brains.callers import caller, said_phone
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "es_MX", "fr_CA", "en_GB", "de_DE", "pt_BR")
_ASKS = (
    "can you text it to a different number?",
    "text my wife's phone instead, {other}",
    "send it to {other}",
    "could you send the confirmation to my husband's number? {other}",
    "can you text it to {other} instead",
    "send it to my other number",
    "no, text it to {other}",
)


def _other(seed: int) -> str:
    """Another person's number: a libphonenumber example of the other North American region."""
    example = phonenumbers.example_number_for_type(
        ("CA", "US")[seed % 2], phonenumbers.PhoneNumberType.FIXED_LINE
    )
    assert example is not None
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)


async def _saved(t: Talk, person: dict[str, str], *, spoken: bool = False) -> None:
    await t.open()
    await t.say(person["full_name"])
    await t.say(said_phone(person["phone"]) if spoken else person["phone"])
    await t.say(person["email"].replace("@", " at ").replace(".", " dot ") if spoken else person["email"])
    await t.say(person["role"])
    r = await t.say("yes")
    assert t.saves and "text" in r.text.lower(), r.text


@pytest.mark.parametrize("ask", _ASKS)
@pytest.mark.parametrize("seed", range(3))
async def test_asking_for_the_text_elsewhere_keeps_the_entry_and_says_where_it_goes(
    seed: int, ask: str
) -> None:
    person = caller(seed, _LOCALES)
    t = Talk()
    await _saved(t, person)
    r = await t.say(ask.format(other=_other(seed)))
    assert len(t.saves) == 1, f"the entry was saved again: {t.saves[-1]}"
    assert t.state.saved_fields and t.state.saved_fields["phone"] == person["phone"]
    national = phonenumbers.format_number(
        phonenumbers.parse(person["phone"]), phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    assert national in r.text, f"the number the text goes to is said: {r.text}"
    assert not r.end and "text" in r.text.lower()
    r = await t.say("yes")
    assert r.called("send_confirmation_sms") is not None, r.text
    assert len(t.saves) == 1 and t.saves[0]["phone"] == person["phone"]


@pytest.mark.parametrize("seed", range(3))
async def test_a_number_said_to_be_theirs_after_that_is_read_back_and_saved(seed: int) -> None:
    person = caller(seed, _LOCALES)
    t = Talk()
    await _saved(t, person)
    await t.say("can you text it to a different number?")
    other = _other(seed)
    r = await t.say(f"actually my number is {other}")
    assert len(t.saves) == 1 and other[-4:] in r.text.replace("-", ""), "read back before it is saved"
    await t.say("yes")
    assert len(t.saves) == 2 and t.saves[-1]["phone"] != person["phone"]


@pytest.mark.parametrize("seed", range(3))
async def test_on_a_call_the_text_elsewhere_keeps_the_entry(seed: int) -> None:
    person = caller(seed, _LOCALES)
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await _saved(t, person, spoken=True)
    r = await t.say("can you text it to my wife's phone instead")
    assert len(t.saves) == 1 and not r.end
    assert said_phone(person["phone"]) in r.text.replace(",", ""), r.text
