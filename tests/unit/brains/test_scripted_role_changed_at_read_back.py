"""A role changed at the read-back is the role saved.

"change the role to client", said at the read-back, cleared the role and dropped the new one ("No problem.
Are you a massage therapist, or a client looking to book massages?"), and "yes" to that got "Great!" and the
question again. "I want to be a client instead", "the role should be client", "can you change that to
therapist" alike, and "change the role of the client." (Whisper tiny.en's transcript of "change the role to
client"), and "actually make that a therapist" (people18, round 18). People come from Faker in many locales; "I don't want to be a client" changes nothing.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.conftest import Talk
from tests.unit.brains.test_scripted_address_words_in_other_languages import person, to_read_back

_CHANGES = (
    "change the role to {new}", "change it to {new} please", "I want to be a {new} instead",
    "the role should be {new}", "can you change that to {new}", "change my role to {new}",
    "sorry, switch me to {new}", "no, make it {new}", "change the role of the {new}.",
    "actually make that a {new}", "actualy make it a {new}", "make that a {new} pls",
)  # fmt: skip


@pytest.mark.parametrize("seed", range(36))
async def test_a_role_changed_at_the_read_back_is_the_role_saved(seed: int) -> None:
    name, _, said, _ = person(seed)
    old, new = ("therapist", "client") if seed % 2 else ("client", "therapist")
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await to_read_back(t, name, said.replace(" arroba ", " at ").replace(" arobase ", " at "), old)
    r = await t.say(_CHANGES[seed % len(_CHANGES)].format(new=new))
    assert f"joining as a {new}" in r.text and "Is that all correct?" in r.text, r.text
    await t.say("yes")
    assert [s["role"] for s in t.saves] == [new], t.saves


@pytest.mark.parametrize("seed", range(4))
async def test_a_role_refused_is_no_role_changed(seed: int) -> None:
    name, _, said, _ = person(seed)
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await to_read_back(t, name, said, "therapist")
    r = await t.say("I don't want to be a client")
    assert "joining as a client" not in r.text and not t.saves, r.text
