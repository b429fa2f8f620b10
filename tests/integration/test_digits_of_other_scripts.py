"""A phone number typed in the digits of the person's own keyboard.

Arabic and Persian phone keyboards type Arabic-Indic digits (٤١٥, ۴۱۵), Hindi ones Devanagari (४१५),
a Japanese or Chinese input method fullwidth ones (４１５). Knotty read the number and read it back
right ("+1 415-555-0130"), but the check that a saved phone was said compared those digits with ASCII
ones: the person's "yes" was answered "I want to make sure I have your phone number exactly right",
and typing it again went round until Knotty gave up, nothing saved.

People from Faker in the locales that use those digits; the number is phonenumbers' example mobile,
written in each script's digits (Unicode's decimal digits run from each script's zero).
"""

from __future__ import annotations

import phonenumbers
import pytest
from faker import Faker

from app.runtime import Runtime
from knotty import Inbound, Modality
from knotty.phrases import LAST_RESORT_REPLY

SCRIPTS = {
    "ar_EG": 0x0660,  # Arabic-Indic
    "fa_IR": 0x06F0,  # Extended Arabic-Indic (Persian, Urdu)
    "hi_IN": 0x0966,  # Devanagari
    "bn_BD": 0x09E6,  # Bengali
    "ja_JP": 0xFF10,  # fullwidth, from an input method
    "th_TH": 0x0E50,  # Thai
}


def _in_script(text: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) if c.isascii() and c.isdigit() else c for c in text)


@pytest.mark.parametrize("locale", sorted(SCRIPTS))
async def test_a_phone_typed_in_the_digits_of_another_script_is_saved_after_the_read_back(
    runtime: Runtime, locale: str
) -> None:
    fake = Faker(locale)
    fake.seed_instance(1612)
    example = phonenumbers.example_number_for_type("US", phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    number = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
    e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    email = f"dana.rahman{fake.random_int(10, 99)}@{fake.free_email_domain()}"
    said = ["Dana Rahman", _in_script(number, SCRIPTS[locale]), email, "client", "yes"]
    agent, session = runtime.agent, f"digits-{locale}"
    await agent.open(Inbound(channel="web", external_id=session, modality=Modality.WRITTEN))
    replies = []
    for text in said:
        result = await agent.turn(Inbound(channel="web", external_id=session, text=text))
        replies.append(result.reply)
    assert result.entry_id is not None, f"the yes to the read-back saves: {replies[-2:]}"
    [entry] = await runtime.store.list_entries()
    assert (entry.phone, entry.email) == (e164, email)


@pytest.mark.parametrize("said", ["double ²", "four one five ²"])
async def test_digits_int_cannot_read_never_break_the_offline_brain(runtime: Runtime, said: str) -> None:
    """Superscript digits are digits to Python's `isdigit` but not to `int`: "double ²" at the
    phone question raised in the offline brain, and the person was told "Sorry, I didn't quite catch that"."""
    agent, session = runtime.agent, "superscript"
    await agent.open(Inbound(channel="web", external_id=session, modality=Modality.WRITTEN))
    await agent.turn(Inbound(channel="web", external_id=session, text="Dana Rahman"))
    result = await agent.turn(Inbound(channel="web", external_id=session, text=said))
    assert result.reply != LAST_RESORT_REPLY and result.asking == "phone", result.reply
