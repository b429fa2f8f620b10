"""What Knotty says about a signup it did not (yet) write is only what is true.

- "That phone number is already on our waitlist. Would you like to update that signup?" (the number they
  text or call from, which the channel proves theirs) answered "no" (or twice not understood) left the
  person told "you're all set: you're already on the waitlist", untrue for someone who shares the phone
  (Knotty cannot know whose signup it is).
- A change after the save ("actually my email is ...") was read back as "Thanks, I've updated that"
  before anything was saved.
- "ok thanks bye" at that read-back saved the change and then offered the confirmation text to someone
  who had said goodbye: the change is saved (they accepted it) and they get a goodbye, no offer.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR")


@dataclass(frozen=True)
class _Person:
    name: str
    phone: str
    email: str
    other_email: str
    role: str


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _people() -> list[_Person]:
    """Two people per locale, with two addresses each (Faker); US numbers from Faker's numerify."""
    us = Faker("en_US")
    us.seed_instance(4)
    found: list[_Person] = []
    for i, locale in enumerate(_LOCALES):
        fake = Faker(locale)
        fake.seed_instance(40 + i)
        for _ in range(2):
            first, last = _ascii(fake.first_name()), _ascii(fake.last_name())
            found.append(
                _Person(
                    name=f"{first} {last}",
                    phone=us.numerify("415 555 01##"),
                    email=f"{first}.{last}@{fake.free_email_domain()}".lower().replace(" ", ""),
                    other_email=f"{last}{us.numerify('##')}@{fake.free_email_domain()}".lower().replace(
                        " ", ""
                    ),
                    role=("therapist", "client")[len(found) % 2],
                )
            )
    return found


_PEOPLE = _people()


def test_faker_gives_enough_people() -> None:
    assert len({p.name for p in _PEOPLE}) >= 12


async def _at_the_listed_question(p: _Person) -> Talk:
    t = Talk()
    t.state.listed_contacts = ["+1" + "".join(ch for ch in p.phone if ch.isdigit())]
    await t.open()
    await t.say(p.name)
    r = await t.say(p.phone)
    assert "phone number is already on our waitlist" in r.text
    return t


@pytest.mark.parametrize("answers", [("no",), ("nope",), ("hmm what", "banana")])
@pytest.mark.parametrize("p", _PEOPLE, ids=lambda p: p.name)
async def test_no_to_updating_a_listed_number_never_says_whose_signup_it_is(
    p: _Person, answers: tuple[str, ...]
) -> None:
    t = await _at_the_listed_question(p)
    for answer in answers:
        r = await t.say(answer)
    assert r.end and not t.saves and t.state.saved_fields is None
    said = r.text.lower()
    assert "already on the waitlist" not in said and "all set" not in said
    assert "signup" in said and "as it is" in said  # that signup is left alone
    assert "your own" in said and "say so" in said  # someone sharing the phone has a way in


async def _changed_after_the_save(p: _Person, modality: Modality) -> tuple[Talk, str]:
    t = Talk(modality)
    await t.open()
    for line in (p.name, p.phone, p.email, p.role):
        await t.say(line)
    r = await t.say("yes")
    assert t.state.saved_fields and t.state.saved_fields["email"] == p.email
    assert "text" in r.text.lower()  # the confirmation text offered
    r = await t.say(f"actually my email is {p.other_email}")
    return t, r.text


@pytest.mark.parametrize("modality", [Modality.WRITTEN, Modality.SPOKEN])
@pytest.mark.parametrize("p", _PEOPLE, ids=lambda p: p.name)
async def test_a_change_after_the_save_is_not_said_updated_before_it_is_saved(
    p: _Person, modality: Modality
) -> None:
    t, said = await _changed_after_the_save(p, modality)
    assert t.state.saved_fields and t.state.saved_fields["email"] == p.email  # nothing saved yet
    assert "updated" not in said.lower()
    assert "once you confirm" in said.lower()
    r = await t.say("yes")
    assert t.state.saved_fields["email"] == p.other_email
    assert "updated" in r.text.lower()  # now it is true


@pytest.mark.parametrize("goodbye", ["ok thanks bye", "ok thank you, bye", "yes thanks bye"])
@pytest.mark.parametrize("p", _PEOPLE, ids=lambda p: p.name)
async def test_ok_thanks_bye_at_the_read_back_of_a_change_saves_it_and_says_goodbye(
    p: _Person, goodbye: str
) -> None:
    t, _ = await _changed_after_the_save(p, Modality.WRITTEN)
    r = await t.say(goodbye)
    assert t.state.saved_fields and t.state.saved_fields["email"] == p.other_email
    assert r.end
    assert "text" not in r.text.lower() and "?" not in r.text  # no offer to someone who said goodbye
    assert not r.calls or all(c.name != "send_confirmation_sms" for c in r.calls)
