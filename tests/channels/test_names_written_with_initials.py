"""A Nepali surname written with initials, by text through the real routes (round 13).

"राम के.सी." had lost its "सी" (saved "राम के") and "Ram K.C." had the last name asked for. Saved as written, through
the save tool's validation and grounding (the brain's rules: `tests/unit/brains/test_scripted_two_letter_surnames.py`).
"""

from __future__ import annotations

import pytest
from faker import Faker

from tests.channels.conftest import TwilioWorld


@pytest.mark.parametrize(("locale", "surname"), [("ne_NP", "के.सी."), ("en_IN", "K.C.")])
async def test_a_texted_name_with_the_surname_kc_is_saved_as_written(
    twilio: TwilioWorld, locale: str, surname: str
) -> None:
    fake = Faker(locale)
    fake.seed_instance(1313)
    whole = f"{fake.first_name()} {surname}"
    phone = twilio.sim.texter("+14155550166")
    await phone.send("Hi, I'd like to join the waitlist")
    [asked] = await phone.send(whole)
    assert "last name" not in asked, asked
    for said in ("this number", "ram.kc@example.com", "client"):
        [reply] = await phone.send(said)
    assert whole in reply, reply
    await phone.send("yes")
    [entry] = await twilio.store.list_entries()
    assert entry.full_name == whole
