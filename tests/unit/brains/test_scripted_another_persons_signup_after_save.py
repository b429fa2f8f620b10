"""After the save, "can you also sign up my wife? Maria Ortiz, maria.ortiz@..." at the confirmation text's
offer: her address was taken as a correction of the person's own signup, read back under their name
and saved over it ("I've updated your details"): their email was lost and she was on no list. A
signup asked for another person is not a change of this one: the saved signup stays as it is, the
person hears that each person signs up in a conversation of their own, and the offer is asked again.

The phrasings are the failure's; the people come from Faker in several locales.
"""

from __future__ import annotations

import unicodedata

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "es_MX", "fr_FR", "de_DE", "pt_BR", "en_GB")
_ASKS = (
    "can you also sign up my wife? {name}, {email}",
    "my husband wants to join too, {name} {email}",
    "Could you add my daughter as well? {name}, her email is {email}",
    "sign my son up too please: {name}, {email}",
    "my partner would like to sign up as well, {email}",
    "and my mom too, {name}",
)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _two(seed: int) -> tuple[dict[str, str], tuple[str, str]]:
    """A person (name, email, role) and another of their family (name, email)."""
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    last = _ascii(fake.last_name()).replace(" ", "")
    first, other = _ascii(fake.first_name()), _ascii(fake.first_name())

    def email(given: str) -> str:
        return f"{given}.{last}@{fake.free_email_domain()}".lower().replace(" ", "")

    person = {"name": f"{first} {last}", "email": email(first), "role": ("client", "therapist")[seed % 2]}
    return person, (f"{other} {last}", email(f"{other}{seed}"))


async def _saved_then_offered(talk: Talk, person: dict[str, str]) -> None:
    await talk.open()
    for said in (person["name"], "this number", person["email"], person["role"]):
        await talk.say(said)
    reply = await talk.say("yes")
    assert "text" in reply.text.lower() and len(talk.saves) == 1, reply.text


@pytest.mark.parametrize("spoken", [False, True])
@pytest.mark.parametrize("seed", range(12))
async def test_asking_to_sign_up_another_person_after_the_save_changes_nothing(
    seed: int, spoken: bool
) -> None:
    person, (name, email) = _two(seed)
    talk = Talk(Modality.SPOKEN if spoken else Modality.WRITTEN, caller_number="+14155550100")
    await _saved_then_offered(talk, person)
    asked = _ASKS[seed % len(_ASKS)].format(name=name, email=email)
    reply = await talk.say(asked)
    assert len(talk.saves) == 1 and talk.state.saved_fields is not None, reply.text
    assert talk.state.saved_fields["email"] == person["email"], "their own signup is unchanged"
    assert email not in reply.text and "one person's signup per conversation" in reply.text, reply.text
    assert "text" in reply.text.lower() and not reply.end, "the text's offer is asked again"
    reply = await talk.say("yes")
    assert len(talk.saves) == 1 and reply.called("send_confirmation_sms"), reply.text


@pytest.mark.parametrize("seed", range(6))
async def test_a_correction_naming_a_relative_still_corrects_the_signup(seed: int) -> None:
    """The other side: "use my wife's email instead, <address>, we share it" is their own change."""
    person, (_, email) = _two(seed + 100)
    talk = Talk(caller_number="+14155550100")
    await _saved_then_offered(talk, person)
    reply = await talk.say(f"actually my email should be {email}")
    assert email in reply.text, reply.text
    await talk.say("yes")
    assert len(talk.saves) == 2 and talk.saves[-1]["email"] == email


@pytest.mark.parametrize("seed", range(6))
async def test_no_to_the_text_with_another_persons_signup_ends_with_their_signup_unchanged(seed: int) -> None:
    person, (name, email) = _two(seed + 200)
    talk = Talk(caller_number="+14155550100")
    await _saved_then_offered(talk, person)
    reply = await talk.say(f"no thanks, but my husband wants to join too: {name} {email}")
    assert reply.end and len(talk.saves) == 1 and not reply.called("send_confirmation_sms"), reply.text
    assert "one person's signup per conversation" in reply.text and email not in reply.text


@pytest.mark.parametrize("spoken", [False, True])
@pytest.mark.parametrize("seed", range(6))
async def test_another_persons_signup_asked_at_the_read_back_keeps_the_read_back_theirs(
    seed: int, spoken: bool
) -> None:
    person, (name, email) = _two(seed + 300)
    talk = Talk(Modality.SPOKEN if spoken else Modality.WRITTEN, caller_number="+14155550100")
    await talk.open()
    for said in (person["name"], "this number", person["email"], person["role"]):
        reply = await talk.say(said)
    assert not talk.saves, reply.text
    reply = await talk.say(f"yes, and can you sign up my wife too? {name}, {email}")
    assert not talk.saves and "one person's signup per conversation" in reply.text, reply.text
    reply = await talk.say("yes")
    assert [s["email"] for s in talk.saves] == [person["email"]], reply.text
    assert talk.saves[0]["full_name"] == person["name"]
