"""The role said in a language whose sign-up sentences Knotty knows: taken as said, never guessed.

"Mimi ni mteja" ("I am a client") and "Mimi ni mtaalamu wa masaji" ("I'm a massage specialist"), said to
"therapist or client?", were heard as nothing: the question came again until Knotty gave up (people17,
round 17). A negation ("mimi si mteja", "je ne suis pas masseuse") still leaves the role asked again.
"""

from __future__ import annotations

import pytest

from tests.unit.brains.conftest import Talk

_ANSWERS = [
    ("Mimi ni mteja", "client"),
    ("Mimi ni mtaalamu wa masaji", "therapist"),
    ("ich bin Masseurin", "therapist"),
    ("Kunde", "client"),
    ("je suis massothérapeute", "therapist"),
    ("cliente", "client"),
    ("sou massagista", "therapist"),
    ("sono un massaggiatore", "therapist"),
    ("jestem masażystką", "therapist"),
    ("klientka", "client"),
    ("ik ben klant", "client"),
    ("jag är massör", "therapist"),
    ("müşteriyim", None),
    ("masöz", "therapist"),
    ("masaj terapisti", "therapist"),
    ("tôi là khách hàng", "client"),
    ("thợ mát-xa", "therapist"),
    ("saya pelanggan", "client"),
    ("saya terapis pijat", "therapist"),
    ("masahista po ako", "therapist"),
    ("kliyente", "client"),
]


async def _role_answer(said: str) -> tuple[str, list[str]]:
    talk = Talk()
    await talk.open()
    for line in ["Ana Lima", "+1 415 555 0134", "ana@example.com"]:
        await talk.say(line)
    reply = await talk.say(said)
    if "Did I get that all right?" in reply.text:
        await talk.say("yes")
    return reply.text, [s["role"] for s in talk.saves]


@pytest.mark.parametrize(("said", "role"), _ANSWERS)
async def test_the_role_in_another_language_is_read_back_and_saved(said: str, role: str | None) -> None:
    text, saved = await _role_answer(said)
    if role is None:  # a word with a suffix glued on is not one we know: asked again, never guessed
        assert saved == [] and "therapist or as a client" in text, text
    else:
        assert f"joining as a {role}" in text, text
        assert saved == [role]


@pytest.mark.parametrize(
    "said",
    [
        "mimi si mteja",
        "je ne suis pas masseuse",
        "ich bin kein Masseur",
        "hindi ako masahista",
        "masöz değilim",
    ],
)
async def test_a_role_said_with_a_not_is_asked_again(said: str) -> None:
    text, saved = await _role_answer(said)
    assert saved == [] and "therapist or as a client" in text, text


async def test_the_massage_wanted_is_no_therapist() -> None:
    text, saved = await _role_answer("masaj istiyorum")
    assert saved == [] and "joining as a therapist" not in text, text
