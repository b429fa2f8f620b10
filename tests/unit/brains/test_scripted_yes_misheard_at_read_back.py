"""A yes to the read-back, misheard by the line, is a yes or one re-ask: never a correction, a name or a number.

Noisy-line seed 141422: Eleonore Good said "sounds good", and the line, which writes her surname
"gohod" every time, handed over "sounds gohod". The same line writes "to", "for" and "one" as "two",
"four" and "won": "yes, good to go" arrived as "yes good two go", and Knotty answered "Okay, 2. And the
rest?", the start of another phone number, to a caller who had just said yes ("yes, all four are right"
and "yes, one hundred percent" did the same without any mishearing).

Here the read-back is reached on a clean line; then yes-like confirmations pass through the line
model (`tests.corpus.line.NoisyLine`, levels 1 and 2.5), for Faker people in several locales whose
surname is a word of their own yes, so the line mishears that word every time. Each is taken as a yes
(saved exactly as read back) or re-asked, and the plain "yes" the re-ask asks for then saves it. Never
a field asked again, never a name or a number taken from it.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.fields import normalize_email, speak_email
from knotty.state import Modality
from tests.corpus.line import NoisyLine
from tests.corpus.simulator import SimulatedPerson
from tests.unit.brains.conftest import Talk

_LOCALES = ["en_US", "de_DE", "pt_BR", "fr_FR", "en_GB", "es_ES", "nl_NL", "it_IT"]
_CONFIRMATIONS = [
    "sounds good",
    "that's right",
    "yep that's the one",
    "correct",
    "all good",
    "perfect",
    "yes, good to go",
    "yes thanks for checking",
    "yes, all four are right",
    "yes, one hundred percent",
    "yeah that's right, thanks",
    "looks good to me",
]
_PEOPLE = 10
_SEEDS = 3


def _person(seed: int, surname: str) -> dict[str, str]:
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    en = Faker("en_US")
    en.seed_instance(seed)
    first = en.first_name()  # a given name any line says; the surname is a word of the yes
    domain = fake.free_email_domain()
    if any(c.isdigit() for c in domain):  # "tele2.fr" said aloud is another question ("tele two")
        domain = "example.org"
    return {
        "full_name": f"{first} {surname.capitalize()}",
        "phone": "+1415555" + f"{seed:04d}"[-4:],
        "email": normalize_email(f"{first}.{surname}@{domain}"),
        "role": "therapist" if seed % 2 else "client",
    }


_SURNAME_WORDS = ("good", "right", "perfect", "correct")
"""Words of a yes that are also surnames (Good, Right, Perfect, Correct), which the line then
mishears every time, in the name and in the yes alike."""


def _surname_for(confirmation: str, seed: int) -> str:
    """The word of the yes that is a surname, else a Faker surname."""
    words = [w for w in confirmation.replace(",", "").split() if w in _SURNAME_WORDS]
    if words:
        return words[seed % len(words)]
    en = Faker("en_US")
    en.seed_instance(seed)
    return "".join(c for c in en.last_name().lower() if c.isalpha())


async def _at_read_back(person: dict[str, str]) -> Talk:
    t = Talk(Modality.SPOKEN, caller_number=person["phone"], silence_limit=3)
    r = await t.open()
    surname = person["full_name"].split()[-1].lower()
    answers = {
        "full_name": person["full_name"].lower(),
        "last_name": f"it's {surname}, that's {' '.join(surname)}",  # "Right" is a surname, spelled
        "phone": " ".join(person["phone"][2:]),
        "email": speak_email(person["email"]),
        "role": person["role"],
        "same_again": "yes",
    }
    for _ in range(8):
        asked = SimulatedPerson.what_is_asked(r.text)
        if asked == "readback":
            return t
        assert asked in answers, r.text
        r = await t.say(answers[asked])
    raise AssertionError(f"no read-back for {person}: {r.text}")


async def _what_happens(person: dict[str, str], heard: str) -> str | None:
    """None if the yes was taken or re-asked and then saved right; else what went wrong."""
    t = await _at_read_back(person)
    r = await t.say(heard)
    if not r.called("save_waitlist_entry"):
        asked = SimulatedPerson.what_is_asked(r.text)
        if asked != "readback" or r.end:
            return f"{heard!r} -> asked {asked}: {r.text[:90]!r}"
        r = await t.say("yes")
    if t.saves != [person]:
        return f"{heard!r} -> saved {t.saves}"
    return None


@pytest.mark.parametrize("confirmation", _CONFIRMATIONS)
async def test_a_misheard_yes_is_a_yes_or_one_re_ask(confirmation: str) -> None:
    problems: list[str] = []
    heard_ways: set[str] = set()
    for n in range(_PEOPLE):
        seed = 1000 * (n + 1) + len(confirmation)
        person = _person(seed, _surname_for(confirmation, seed))
        surname = person["full_name"].split()[-1].lower()
        for level in (1.0, 2.5):
            for k in range(_SEEDS):
                heard = NoisyLine(seed + k, level, surname=surname).hear(confirmation)
                heard_ways.add(heard)
                if (problem := await _what_happens(person, heard)) is not None:
                    problems.append(problem)
    assert len(heard_ways) > 1, "the line never changed the yes: nothing was tested"
    assert not problems, "\n".join(sorted(set(problems)))
