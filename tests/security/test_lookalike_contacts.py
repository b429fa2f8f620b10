"""Generated victims, and a stranger typing each one's phone and email in a generated other form.

Each victim (Faker, many locales) signs up by text from their own phone. A stranger then signs up on
the web chat with that phone and email written another way, chosen at random per victim: the number
in national or international form, with dots, no-break or thin spaces, dashes, `00` for `+`, a `tel:`
prefix, in full-width, Arabic-Indic, Devanagari or mathematical digits; the address in capitals, in
full-width letters or with a full-width `＠`, with a plus tag, Gmail's dots moved, `googlemail.com`,
a zero-width space, a `mailto:` prefix or a Cyrillic look-alike letter. Under the stranger's own name,
saying yes to the read-back and to a text. And a stranger texting from their own phone under their own
details who, at the read-back, corrects their email to the victim's (in such a form).

What the victim would mind, checked for every one: their entry changed, anything of it read out to the
stranger (their name, their email's mailbox), or more than the one text a typed number may get
(`KNOTTY_SMS_PER_NUMBER_DAYS`), or one that names them. Through the real app over HTTP, on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import random
import unicodedata

import phonenumbers
import pytest
from faker import Faker

from tests.channels.conftest import TwilioWorld
from tests.channels.people import Person
from tests.security.test_entry_takeover import by_text, on_web
from tests.security.test_strangers_asking import fields
from tests.unit.brains.callers import plain

LOCALES = ("en_US", "es_MX", "fr_FR", "de_DE", "pt_BR", "pl_PL", "it_IT", "nl_NL", "sv_SE", "tr_TR")
DIGITS = {
    "full-width": 0xFF10,
    "arabic-indic": 0x0660,
    "devanagari": 0x0966,
    "mathematical": 0x1D7CE,
}
LOOKALIKES = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "c": "\u0441", "p": "\u0440", "i": "\u0456"}


def _mobile(rng: random.Random) -> str:
    """A valid US or Canadian mobile number, E.164."""
    region = rng.choice(("US", "CA"))
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    national = str(example.national_number)
    for _ in range(100):
        number = phonenumbers.parse(f"+1{national[:6]}{rng.randrange(10_000):04d}")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise AssertionError("no valid number")


def _victim(seed: int) -> tuple[Person, str]:
    fake = Faker(LOCALES[seed % len(LOCALES)])
    fake.seed_instance(seed)
    first, last = fake.first_name(), fake.last_name()
    email = f"{plain(first).replace(' ', '')}.{plain(last).replace(' ', '')}@gmail.com"
    person = Person(
        f"{first} {last}", email, "", fake.random_element(("therapist", "client")), wants_text=False
    )
    return person, _mobile(random.Random(seed))


def _phone_form(e164: str, rng: random.Random) -> str:
    """`e164` written another way."""
    number = phonenumbers.parse(e164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    forms = [
        national,
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        "00" + e164[1:],
        "tel:" + e164,
        national.replace(" ", "\u00a0"),
        e164[:2] + "\u2009" + e164[2:5] + "\u2009" + e164[5:8] + "\u2009" + e164[8:],
        e164[2:5] + "." + e164[5:8] + "." + e164[8:],
        e164[2:5] + "\u2013" + e164[5:8] + "\u2013" + e164[8:],
    ]
    form = rng.choice(forms)
    if rng.random() < 0.5:
        base = DIGITS[rng.choice(sorted(DIGITS))]
        form = "".join(chr(base + int(ch)) if ch.isdigit() else ch for ch in form)
    return form


def _email_form(email: str, rng: random.Random) -> str:
    """`email` written another way (the same mailbox, or a look-alike of it)."""
    local, domain = email.split("@")
    forms = [
        email.upper(),
        f"{local.capitalize()}@{domain.upper()}",
        "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in email),
        f"{local}\uff20{domain}",
        f"{local}+{rng.choice(('waitlist', 'mm', 'x'))}@{domain}",
        f"{local.replace('.', '')}@{domain}",
        f"{local}@googlemail.com",
        f"{local[:2]}\u200b{local[2:]}@{domain}",
        f"mailto:{email}",
    ]
    swappable = [i for i, ch in enumerate(local) if ch in LOOKALIKES]
    if swappable:
        i = rng.choice(swappable)
        forms.append(f"{local[:i]}{LOOKALIKES[local[i]]}{local[i + 1 :]}@{domain}")
    return rng.choice(forms)


@pytest.mark.parametrize("seed", range(1300, 1308))
async def test_a_victims_contacts_in_another_form_change_and_tell_nothing(
    twilio: TwilioWorld, seed: int
) -> None:
    victim, phone = _victim(seed)
    await by_text(twilio, phone, victim)
    [entry] = await twilio.store.list_entries()
    assert entry.phone == phone and entry.review_reason is None, fields(entry)
    before = fields(entry)

    rng = random.Random(seed * 7)
    fake = Faker(LOCALES[(seed + 3) % len(LOCALES)])
    fake.seed_instance(seed + 1)
    typed_phone, typed_email = _phone_form(phone, rng), _email_form(victim.email_typed, rng)
    stranger = Person(
        f"{fake.first_name()} {fake.last_name()}", typed_email, "", "client", phone_said=typed_phone
    )
    heard = await on_web(twilio.base_url, stranger, everything=True)
    await twilio.settle()

    [after] = [e for e in await twilio.store.list_entries() if e.id == entry.id]
    assert fields(after) == before, f"{typed_phone!r} / {typed_email!r} changed the entry"
    typed = unicodedata.normalize("NFKC", f"{stranger.name} {typed_phone} {typed_email}").lower()
    said = "".join(ch for ch in typed if unicodedata.category(ch) != "Cf")  # as the chat reads it
    stored = [plain(part) for part in victim.name.split()] + [victim.email_typed.split("@")[0]]
    for reply in heard:
        for piece in stored:
            if len(piece) > 2 and piece not in said:
                assert piece not in plain(reply), (
                    f"{piece!r} read out to {typed_phone!r}/{typed_email!r}: {reply!r}"
                )
    texts = twilio.rest.messages_to(phone)
    assert len(texts) <= 1, [t.body for t in texts]
    for text in texts:
        for piece in stored:
            if piece not in said:  # the stranger's own name may share a word with the victim's ("Maria")
                assert piece not in plain(text.body), text.body


async def _text_with_a_correction(
    world: TwilioWorld, sender: str, person: Person, correction: str
) -> list[str]:
    """`person` signs up by text from `sender`; at the read-back they say `correction`, then go on."""
    phone = world.sim.texter(sender)
    replies = await phone.send("Hi, I'd like to join the waitlist")
    corrected = False
    for _ in range(16):
        if not replies or "?" not in replies[-1]:
            break
        asked = replies[-1].lower()
        if not corrected and ("right" in asked or "correct" in asked):
            corrected = True
            replies = await phone.send(correction)
            continue
        replies = await phone.send(person.answer(replies[-1], spoken=False))
    assert corrected, phone.replies
    return phone.replies


@pytest.mark.parametrize("seed", range(1350, 1354))
async def test_a_correction_naming_a_victims_email_from_another_phone_changes_and_tells_nothing(
    twilio: TwilioWorld, seed: int
) -> None:
    """The stranger texts from their own phone under their own name and email, then at the read-back
    corrects the email to the victim's (in another form)."""
    victim, phone = _victim(seed)
    await by_text(twilio, phone, victim)
    [entry] = await twilio.store.list_entries()
    before = fields(entry)

    rng = random.Random(seed * 11)
    fake = Faker(LOCALES[(seed + 5) % len(LOCALES)])
    fake.seed_instance(seed + 2)
    typed_email = _email_form(victim.email_typed, rng)
    own = Person(f"{fake.first_name()} {fake.last_name()}", fake.unique.free_email(), "", "therapist")
    stranger_phone = _mobile(random.Random(seed + 99))
    heard = await _text_with_a_correction(twilio, stranger_phone, own, f"no, my email is {typed_email}")
    await twilio.settle()

    entries = await twilio.store.list_entries()
    [after] = [e for e in entries if e.id == entry.id]
    assert fields(after) == before, f"{typed_email!r} in a correction changed the entry"
    typed = unicodedata.normalize("NFKC", f"{own.name} {own.email_typed} {typed_email}").lower()
    said = "".join(ch for ch in typed if unicodedata.category(ch) != "Cf")
    stored = [plain(part) for part in victim.name.split()] + [victim.email_typed.split("@")[0]]
    for reply in heard:
        for piece in stored:
            if len(piece) > 2 and piece not in said:
                assert piece not in plain(reply), f"{piece!r} read out: {reply!r}"
    assert twilio.rest.messages_to(phone) == [], "the victim was texted"
    theirs = [e for e in entries if e.phone == stranger_phone]
    assert theirs, f"the stranger's own signup was lost: {[fields(e) for e in entries]}"
