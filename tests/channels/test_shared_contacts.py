"""Two people who share a phone or an email: the second is signed up on their own, never told they are
"already on the waitlist", and the first person's entry is left exactly as it was.

A couple sharing a phone, a parent signing up a grown child with the family address: the second
person hears "That phone number is already on our waitlist. Would you like to update that signup?"
(or, texting from the shared phone, "this number is already on our waitlist"). Before, answering
"no, I'm her husband, we share this phone" ended with "Great, then you're all set: you're already on
the waitlist" (they were not), or, by text, was not understood and ended the same way at the next
answer. Now they are signed up on their own: on the web the store keeps their entry apart for the
admin, and by text from the shared number their own signup is not an update of the listed one (the
number proves the phone, not which of the two people it is).

Played over real HTTP (web chat, Twilio-signed SMS) against the real app; people from Faker.
"""

from __future__ import annotations

import phonenumbers
import pytest
from faker import Faker

from knotty.fields._name_reading import folded
from knotty.store.models import WaitlistEntry
from tests.channels.conftest import TwilioWorld
from tests.channels.people import Person
from tests.security.test_entry_takeover import contacts, on_web

_LOCALES = ("en_US", "es_MX", "en_CA", "fr_CA")
_SAYS = (
    "no, I'm her husband, we share this phone. I want to sign up too",
    "No, that's my wife's. I'd like my own signup",
    "no it's not me, it's for my son",
)


def _couple(seed: int) -> tuple[Person, Person, str]:
    """Two people of one family (a shared surname), each with an own address, and their shared number."""
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    last = fake.last_name()
    first, second = fake.first_name(), fake.first_name()
    while second == first:
        second = fake.first_name()
    example = phonenumbers.example_number_for_type("US", phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    shared = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)

    def email(given: str) -> str:
        local = "".join(c for c in f"{given}.{last}".lower() if c.isascii() and (c.isalnum() or c == "."))
        return f"{local}@{fake.free_email_domain()}"

    one = Person(f"{first} {last}", email(first), "", "client", phone_said=national, wants_text=False)
    two = Person(f"{second} {last}", email(second), "", "therapist", phone_said=national, wants_text=False)
    return one, two, shared


async def _the_new_entry_and_the_rest_untouched(
    twilio: TwilioWorld, before: dict[int, tuple[str, str, str, str]]
) -> WaitlistEntry:
    """The one entry written since `before` (`contacts` of the entries then), the others checked to be
    exactly as they were."""
    entries = await twilio.store.list_entries()
    now = contacts(entries)
    assert {i: c for i, c in now.items() if i in before} == before, (
        "the first person's entry is as they left it"
    )
    [theirs] = [e for e in entries if e.id not in before]
    return theirs


@pytest.mark.parametrize("seed", range(len(_SAYS)))
async def test_the_second_person_on_a_shared_phone_gets_their_own_signup_by_web(
    twilio: TwilioWorld, seed: int
) -> None:
    first, second, _ = _couple(seed)
    await on_web(twilio.base_url, first)
    before = contacts(await twilio.store.list_entries())

    class SharesThePhone(Person):
        def answer(self, reply: str, *, spoken: bool) -> str:
            if "already on our waitlist" in reply.lower():
                return _SAYS[seed]
            return super().answer(reply, spoken=spoken)

    said = await on_web(twilio.base_url, SharesThePhone(**second.__dict__), everything=True)
    assert not any("already on the waitlist" in line for line in said), said
    theirs = await _the_new_entry_and_the_rest_untouched(twilio, before)
    assert (theirs.full_name, theirs.email, theirs.role) == (second.name, second.email_typed, "therapist")
    assert theirs.review_reason, "kept apart for the admin: the phone is on another signup"


@pytest.mark.parametrize("seed", range(len(_SAYS)))
async def test_texting_from_a_shared_phone_does_not_overwrite_the_first_persons_entry(
    twilio: TwilioWorld, seed: int
) -> None:
    first, second, shared = _couple(seed + 10)
    await on_web(twilio.base_url, first)
    before = contacts(await twilio.store.list_entries())
    phone = twilio.sim.texter(shared)
    replies = await phone.send("Hi, I'd like to join the waitlist")
    assert "already on our waitlist" in replies[-1]
    replies = await phone.send(_SAYS[seed])
    texted = Person(
        second.name, second.email_typed, "", "therapist", phone_said="this number", wants_text=False
    )
    for _ in range(10):
        if not replies or "?" not in replies[-1]:
            break
        replies = await phone.send(texted.answer(replies[-1], spoken=False))
    assert not any("already on the waitlist" in line for line in phone.replies), phone.replies
    theirs = await _the_new_entry_and_the_rest_untouched(twilio, before)
    assert (theirs.full_name, theirs.phone, theirs.email) == (second.name, shared, second.email_typed)


class _SaysYes(Person):
    """Answers "yes" to "this number is already on our waitlist: change anything?", then their own details."""

    def answer(self, reply: str, *, spoken: bool) -> str:
        if "already on our waitlist" in reply.lower():
            return "yes"
        return super().answer(reply, spoken=spoken)


async def _text_signup(twilio: TwilioWorld, shared: str, person: Person) -> list[str]:
    phone = twilio.sim.texter(shared)
    replies = await phone.send("Hi, I'd like to sign up")
    assert "already on our waitlist" in replies[-1]
    for _ in range(12):
        if not replies or "?" not in replies[-1]:
            break
        replies = await phone.send(person.answer(replies[-1], spoken=False))
    return phone.replies


@pytest.mark.parametrize("seed", range(4))
async def test_a_yes_from_a_shared_phone_under_another_first_name_leaves_the_listed_entry_as_it_is(
    twilio: TwilioWorld, seed: int
) -> None:
    """Texting from the family phone, the second person answers "yes" to "would you like to change
    anything?" (the question invites it) and gives their own name and address: before, the first
    person's entry was overwritten with theirs ("Thanks, your details are updated")."""
    first, second, shared = _couple(seed + 20)
    await on_web(twilio.base_url, first)
    before = contacts(await twilio.store.list_entries())
    texted = _SaysYes(
        second.name, second.email_typed, "", "therapist", phone_said="this number", wants_text=False
    )
    said = await _text_signup(twilio, shared, texted)
    theirs = await _the_new_entry_and_the_rest_untouched(twilio, before)
    assert (theirs.full_name, theirs.phone, theirs.email) == (second.name, shared, second.email_typed)
    assert theirs.review_reason, "kept apart for the admin: the number is on another person's signup"
    assert not any("details are updated" in line for line in said), said
    assert any("the other signup stays as it is" in line for line in said), said
    assert not any("Thanks for joining" in line for line in said), said


def _namesakes(seed: int) -> tuple[Person, Person, str]:
    """Two people of one first name (two Alexes of a family sharing a phone) with their own surnames
    and addresses, and the shared number."""
    one, _, shared = _couple(seed)
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed + 1000)
    first, last = one.name.split()[0], one.name.split()[-1]
    other = fake.last_name()
    while not {folded(w) for w in other.split()}.isdisjoint(folded(w) for w in one.name.split()):
        other = fake.last_name()
    address = f"{fake.user_name()}.{seed}@{fake.free_email_domain()}"
    assert address != one.email_typed and other != last
    two = Person(f"{first} {other}", address, "", "therapist", phone_said="this number", wants_text=False)
    return one, two, shared


@pytest.mark.parametrize("seed", range(4))
async def test_a_yes_from_a_shared_phone_under_the_same_first_name_leaves_the_listed_entry_as_it_is(
    twilio: TwilioWorld, seed: int
) -> None:
    """Two Alexes on the family phone: Alex Smith signed up; Alex Jones texts from the phone, answers
    "yes" to "anything to update?" and gives his own surname and address. Before, Alex Smith's entry
    was overwritten with his ("I've updated your details"): her signup was lost."""
    first, second, shared = _namesakes(seed + 40)
    await on_web(twilio.base_url, first)
    before = contacts(await twilio.store.list_entries())
    said = await _text_signup(twilio, shared, _SaysYes(**second.__dict__))
    theirs = await _the_new_entry_and_the_rest_untouched(twilio, before)
    assert (theirs.full_name, theirs.phone, theirs.email) == (second.name, shared, second.email_typed)
    assert theirs.review_reason and f"entry #{next(iter(before))}" in theirs.review_reason
    assert not any("details are updated" in line or "updated your details" in line for line in said), said
    assert any("the other signup stays as it is" in line for line in said), said


@pytest.mark.parametrize("seed", range(2))
async def test_a_second_person_of_the_same_first_name_calling_from_a_shared_phone_loses_nobody(
    twilio: TwilioWorld, seed: int
) -> None:
    """The same as a call: the caller ID proves the phone, not which Alex is speaking."""
    first, second, shared = _namesakes(seed + 50)
    await on_web(twilio.base_url, first)
    before = contacts(await twilio.store.list_entries())
    caller = _SaysYes(second.name, second.email_typed, second.email_typed, "therapist", wants_text=False)
    call = await twilio.sim.call(shared)
    await call.press("1")
    for _ in range(14):
        if call.ended:
            break
        await call.say(caller.answer(call.last_heard, spoken=True))
    theirs = await _the_new_entry_and_the_rest_untouched(twilio, before)
    assert (theirs.full_name, theirs.phone, theirs.email) == (second.name, shared, second.email_typed)
    assert theirs.review_reason, call.heard
    assert any("the other signup stays as it is" in line for line in call.heard), call.heard


@pytest.mark.parametrize("seed", range(2))
async def test_a_same_first_name_with_another_surname_and_email_by_text_is_kept_apart(
    twilio: TwilioWorld, seed: int
) -> None:
    """The holder changing her surname AND her address at once looks exactly like a second person of
    her first name on the family phone (two Alexes). Before, the entry was updated in place; now, on the
    side of never losing a person, the new signup is kept apart for the admin and the listed entry
    stays as it was (a surname alone, or an address alone, still updates in place: the tests below)."""
    first, _, shared = _couple(seed + 30)
    await on_web(twilio.base_url, first)
    before = contacts(await twilio.store.list_entries())
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    married = f"{first.name.split()[0]} {fake.last_name()}"
    address = f"{fake.user_name()}.{seed}@{fake.free_email_domain()}"
    texted = _SaysYes(married, address, "", "client", phone_said="this number", wants_text=False)
    said = await _text_signup(twilio, shared, texted)
    theirs = await _the_new_entry_and_the_rest_untouched(twilio, before)
    assert (theirs.full_name, theirs.email) == (married, address), said
    assert theirs.review_reason
    assert any("the other signup stays as it is" in line for line in said), said


@pytest.mark.parametrize("seed", range(4))
async def test_the_holder_of_a_number_changing_only_their_surname_or_only_their_email_by_text_updates_their_entry(
    twilio: TwilioWorld, seed: int
) -> None:
    """The same first name from the same number, with the same address (a married name) or the same
    surname (a new address), is the holder: their entry is updated in place, with no second entry."""
    first, _, shared = _couple(seed + 60)
    await on_web(twilio.base_url, first)
    [listed] = await twilio.store.list_entries()
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    if seed % 2:
        name, address = f"{first.name.split()[0]} {fake.last_name()}", first.email_typed
    else:
        name, address = first.name, f"{fake.user_name()}.{seed}@{fake.free_email_domain()}"
    texted = _SaysYes(name, address, "", "client", phone_said="this number", wants_text=False)
    said = await _text_signup(twilio, shared, texted)
    [entry] = await twilio.store.list_entries()
    assert entry.id == listed.id and (entry.full_name, entry.email) == (name, address), said
    assert entry.review_reason is None
    assert not any("the other signup stays as it is" in line for line in said), said


class _TakesTheFamilyAddress(Person):
    """Saved with their own address, then at the confirmation text's offer changes it to the family's."""

    family: str = ""

    def answer(self, reply: str, *, spoken: bool) -> str:
        if "text" in reply.lower() and "?" in reply and self.email_typed != self.family:
            self.email_typed = self.family
            return f"actually use our family email {self.family}"
        return super().answer(reply, spoken=spoken)


@pytest.mark.parametrize("seed", range(2))
async def test_a_change_after_the_save_to_a_shared_address_is_told_as_it_is(
    twilio: TwilioWorld, seed: int
) -> None:
    """The second person, saved on their own, changes their address after the save to the family's,
    which the first person's signup lists. Their signup is changed and kept apart for the admin (the
    first person's stays as it is). Before, they heard "our team will check your update before it
    changes anything": it had changed their signup, and taken it off the list until the team checks it.
    Then they heard "your signup now shares contact details with another signup; the other signup stays
    as it is", which told anyone who typed an address after a save whether it is on the waitlist. The web
    proves no address, so membership is never told (`test_membership_oracle.py`): they hear their change
    is saved, as for any other address."""
    first, second, _ = _couple(seed + 70)
    await on_web(twilio.base_url, first)
    before = contacts(await twilio.store.list_entries())
    own_phone = phonenumbers.format_number(
        phonenumbers.example_number_for_type("CA", phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
        or phonenumbers.parse("+16135550123"),
        phonenumbers.PhoneNumberFormat.NATIONAL,
    )
    changing = _TakesTheFamilyAddress(second.name, second.email_typed, "", "therapist", phone_said=own_phone)
    changing.family = first.email_typed
    said = await on_web(twilio.base_url, changing, everything=True)
    theirs = await _the_new_entry_and_the_rest_untouched(twilio, before)
    assert (theirs.full_name, theirs.email) == (second.name, first.email_typed), said
    assert theirs.review_reason, "kept apart: the address is on the first person's signup"
    assert not any("before it changes anything" in line for line in said), said
    assert not any("another signup" in line or "already" in line for line in said), said
    assert any("updated" in line for line in said[-3:]), said


@pytest.mark.parametrize("seed", range(2))
async def test_asked_after_the_save_to_sign_up_a_wife_by_text_she_signs_up_in_a_conversation_of_her_own(
    twilio: TwilioWorld, seed: int
) -> None:
    """By text, saved, then "can you also sign up my wife? <her name>, <her address>" at the text's offer:
    before, her address replaced his on his signup ("I've updated your details") and she was on no list.
    Now his signup stays as it is, he hears that each person signs up in a conversation of their own, and
    when she then texts from the same phone she gets her own signup (kept apart for the admin)."""
    him, her, shared = _couple(seed + 80)
    phone = twilio.sim.texter(shared)
    replies = await phone.send("Hi, I'd like to join the waitlist")
    texting = Person(him.name, him.email_typed, "", "client", phone_said="this number", wants_text=False)
    for _ in range(10):
        if "confirmation" in replies[-1].lower() or "?" not in replies[-1]:
            break
        replies = await phone.send(texting.answer(replies[-1], spoken=False))
    [listed] = await twilio.store.list_entries()
    replies = await phone.send(f"can you also sign up my wife? {her.name}, {her.email_typed}")
    assert "one person's signup per conversation" in replies[-1], replies
    replies = await phone.send("no thanks")
    assert contacts(await twilio.store.list_entries()) == contacts([listed]), "his signup is as he left it"
    said = await _text_signup(twilio, shared, Person(**{**her.__dict__, "phone_said": "this number"}))
    assert not any("already on the waitlist" in line for line in said), said
    theirs = await _the_new_entry_and_the_rest_untouched(twilio, contacts([listed]))
    assert (theirs.full_name, theirs.email, theirs.review_reason is not None) == (
        her.name,
        her.email_typed,
        True,
    )
