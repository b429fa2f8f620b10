"""Typing a listed person's exact signup tells the typist nothing of it.

Before: a web visitor who typed someone's name, phone and email (what an ex, a colleague or a data
broker's file has) heard "Those exact details are already on our waitlist" and was offered no text,
while any other signup hears "you're on the waitlist" and the offer. Trying "client" and then
"therapist" told whether that person is on a massage marketplace's waitlist, and as which. Now the
visitor hears exactly what a signup of an unlisted person hears, up to and with the text offer (the
transcripts are compared, the typed details aside); a "yes" is refused in the words of every other
refusal, the listed entry is left as it was and its holder is not texted. Played over real HTTP
against the real app, with Faker people in several locales, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random

from tests.channels.conftest import TwilioWorld, twilio  # noqa: F401 - fixtures
from tests.channels.people import Person
from tests.security.test_entry_takeover import on_web
from tests.security.test_membership_oracle import fields, listed_person, people, plain, typed

LOCALES = ("en_US", "pt_BR", "de_DE", "fr_FR")


def _masked(said: list[str], person: Person) -> list[str]:
    """What Knotty said, with this person's typed details replaced by placeholders."""
    out = []
    for line in plain(said):
        masked = line
        for part in person.name.split():
            masked = masked.replace(part, "<name>")
        out.append(masked)
    return out


async def test_a_listed_persons_exact_signup_typed_on_the_web_sounds_like_any_signup(
    twilio: TwilioWorld,  # noqa: F811
) -> None:
    used: set[str] = set()
    pick = random.Random(9)  # which role each listed person has
    for n, locale in enumerate(LOCALES):
        crowd = people(locale, 900 + n, used)
        role = pick.choice(("therapist", "client"))
        ana = await listed_person(twilio, crowd, role)
        texts_before = len(twilio.rest.messages_to(ana.phone))
        copy = Person(ana.full_name, ana.email, "", role, phone_said=typed(ana.phone), wants_text=True)
        twin = Person(crowd.name(), crowd.email(), "", role, phone_said=typed(crowd.phone()), wants_text=True)
        heard_copy = await on_web(twilio.base_url, copy, everything=True)
        heard_twin = await on_web(twilio.base_url, twin, everything=True)
        said = " ".join(heard_copy).lower()
        assert "already" not in said and "nothing to change" not in said, (locale, heard_copy)
        # Everything up to the answer to "yes" to the text: the same words.
        assert _masked(heard_copy[:-1], copy) == _masked(heard_twin[:-1], twin), (
            locale,
            heard_copy,
            heard_twin,
        )
        assert "text" in heard_copy[-2].lower(), "offered a text, as every signup is"
        assert "wasn't able to send the text" in heard_copy[-1], (locale, heard_copy[-1])
        await twilio.settle()
        assert len(twilio.rest.messages_to(ana.phone)) == texts_before, "the holder was texted"
        [after] = [e for e in await twilio.store.list_entries() if e.id == ana.id]
        assert fields(after) == fields(ana), "her entry as she left it"
        assert after.confirmation_sms_status == ana.confirmation_sms_status
        linked = await twilio.store.list_conversations(entry_id=ana.id)
        assert linked == [], "the stranger's transcript is not shown as hers"
