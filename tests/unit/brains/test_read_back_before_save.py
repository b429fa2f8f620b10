"""Which conversations may end in a save: the details read back after the last one given, then a yes.

`read_back_refusal` is the core's check on every brain's save. It must pass the offline brain's own
read-backs (spoken and written, every wording) and a reasonable model's (the name in any case, without
its accents, the email said aloud, the phone as "this number"), and refuse a save with no read-back,
one before the person's yes, and one after a field the read-back did not hold. People from Faker.
"""

from __future__ import annotations

import re

import pytest

from knotty.brains.base import BrainContext, ChatLine
from knotty.brains.scripted.replies import Wording
from knotty.fields import extract_role, speak_email
from knotty.fields.role import names_role_plainly
from knotty.state import ConversationState, Modality
from knotty.tool_grounding import NOT_CONFIRMED, NOT_READ_BACK, read_back_refusal
from tests.unit.brains.callers import fake_for, plain, said_email, said_phone

LOCALES = ("es_ES", "fr_FR", "de_DE", "pt_BR", "pl_PL", "tr_TR", "vi_VN", "sv_SE")
SEEDS = range(16)


def person(seed: int) -> dict[str, str]:
    fake = fake_for(seed, LOCALES)
    first, last = fake.first_name(), fake.last_name()
    local = ".".join(re.sub(r"[^a-z]", "", plain(n)) for n in (first, last)) + str(seed * 7 + 11)
    return {
        "full_name": f"{first} {last}",
        "phone": f"+1415555{seed:04d}",
        "email": f"{local}@{fake.free_email_domain()}",
        "role": ("client", "therapist")[seed % 2],
    }


def said(who: dict[str, str]) -> list[ChatLine]:
    """The person giving the four fields, one a line."""
    return [
        ChatLine("user", who["full_name"]),
        ChatLine("user", said_phone(who["phone"])),
        ChatLine("user", said_email(who["email"])),
        ChatLine("user", f"I'm a {who['role']}"),
    ]


def refusal(lines: list[ChatLine], who: dict[str, str], spoken: bool = False) -> str | None:
    state = ConversationState(modality=Modality.SPOKEN if spoken else Modality.WRITTEN)
    return read_back_refusal(BrainContext(lines, "", state), who)


def model_read_backs(who: dict[str, str]) -> list[str]:
    """How a reasonable model reads the details back, on a call or in a chat."""
    name, email, role = who["full_name"], who["email"], who["role"]
    digits = re.search(r"\d+$", email.split("@")[0])
    assert digits is not None
    spoken_email = email.replace(".", " dot ").replace("@", " at ")
    return [
        f"Let me read that back: {name}, {who['phone']}, {email}, {role}. Is that right?",
        f"So that's {plain(name).upper()}, this number, {email.upper()}, and you're a {role}. Correct?",
        f"{plain(name).title()}, email {spoken_email}, phone {said_phone(who['phone'])}, {role}. All good?",
    ]


@pytest.mark.parametrize("spoken", [False, True])
@pytest.mark.parametrize("seed", SEEDS)
def test_the_offline_brains_read_backs_then_a_yes_may_save(seed: int, spoken: bool) -> None:
    who = person(seed)
    for turn in range(6):
        words = Wording(Modality.SPOKEN if spoken else Modality.WRITTEN, seed, turn)
        for updated, saved in ((False, False), (True, False), (True, True)):
            read_back = words.readback(who, updated=updated, saved=saved)
            lines = [*said(who), ChatLine("assistant", read_back), ChatLine("user", "yes, that's right")]
            assert refusal(lines, who, spoken) is None, read_back


@pytest.mark.parametrize("seed", SEEDS)
def test_a_reasonable_models_read_backs_then_a_yes_may_save(seed: int) -> None:
    who = person(seed)
    for read_back in model_read_backs(who):
        lines = [*said(who), ChatLine("assistant", read_back), ChatLine("user", "Yep, all correct.")]
        assert refusal(lines, who) is None, read_back
        assert refusal(lines, who, spoken=True) is None, read_back


@pytest.mark.parametrize("seed", SEEDS)
def test_a_save_with_no_read_back_or_no_yes_is_refused(seed: int) -> None:
    who = person(seed)
    assert refusal(said(who), who) == NOT_READ_BACK
    # Naming only some of the details is no read-back.
    partial = ChatLine("assistant", f"Thanks, {who['full_name']}! Is that right?")
    assert refusal([*said(who), partial, ChatLine("user", "yes")], who) == NOT_READ_BACK
    read_back = ChatLine("assistant", model_read_backs(who)[0])
    assert refusal([*said(who), read_back], who) == NOT_CONFIRMED
    for answer in ("hold on", "no, that's wrong", "what's this for?"):
        assert refusal([*said(who), read_back, ChatLine("user", answer)], who) == NOT_CONFIRMED, answer
    # A "no" after a first yes takes it back.
    lines = [*said(who), read_back, ChatLine("user", "yes"), ChatLine("user", "no wait")]
    assert refusal(lines, who) == NOT_CONFIRMED


@pytest.mark.parametrize("seed", SEEDS)
def test_a_field_given_after_the_read_back_needs_another(seed: int) -> None:
    who, other = person(seed), person(seed + 100)
    read_back = ChatLine("assistant", model_read_backs(who)[1])  # the phone read as "this number"
    changed = {**who, "phone": other["phone"]}
    lines = [
        *said(who),
        read_back,
        ChatLine("user", f"use {said_phone(other['phone'])}"),
        ChatLine("user", "yes"),
    ]
    assert refusal(lines, changed) == NOT_READ_BACK
    # The model saving the old email after the person gave a new one.
    moved = [
        *said(who),
        read_back,
        ChatLine("user", f"my email is {other['email']}"),
        ChatLine("user", "yes"),
    ]
    assert refusal(moved, who) == NOT_READ_BACK
    # Read back again with the new email, then a yes: saved.
    again = ChatLine("assistant", f"{who['full_name']}, {speak_email(other['email'])}, {who['role']}. Right?")
    assert refusal([*moved, again, ChatLine("user", "yes")], {**who, "email": other["email"]}) is None


@pytest.mark.parametrize("seed", SEEDS)
def test_a_role_changed_after_a_read_back_of_the_other_needs_another(seed: int) -> None:
    """The read-back's role is read quickly when it is named plainly; a line naming the other role, or
    the role denied ("you're not a client"), does not count as reading back the role being saved."""
    who = person(seed)
    other = "therapist" if who["role"] == "client" else "client"
    moved = {**who, "role": other}
    for read_back in (
        model_read_backs(who)[0],
        f"{who['full_name']}, {who['email']}, this number, and you're not a {other}. Right?",
    ):
        lines = [
            *said(who),
            ChatLine("assistant", read_back),
            ChatLine("user", f"I'm a {other}"),
            ChatLine("user", "yes"),
        ]
        assert refusal(lines, moved) == NOT_READ_BACK, read_back
    # Read back with the new role, then a yes: saved.
    again = ChatLine("assistant", model_read_backs(moved)[0])
    lines = [*said(who), ChatLine("user", f"I'm a {other}"), again, ChatLine("user", "yes")]
    assert refusal(lines, moved) is None


@pytest.mark.parametrize("seed", SEEDS)
def test_the_quick_reading_of_a_read_backs_role_agrees_with_the_full_one(seed: int) -> None:
    who = person(seed)
    lines = [model_read_backs(who)[0]]
    for turn in range(6):
        for modality in Modality:
            words = Wording(modality, seed, turn)
            lines += [
                words.readback(who, updated=u, saved=s)
                for u, s in ((False, False), (True, False), (True, True))
            ]
    for line in lines:
        assert names_role_plainly(line, who["role"]), line  # the offline brain's own read-backs: quick
        assert extract_role(line, expecting=True).role == who["role"], line
    for line in (
        f"You're not a {who['role']}, right?",
        "Therapist or client?",
        f"{who['full_name']}, {who['email']}.",
    ):
        assert not names_role_plainly(line, who["role"]), line
