"""Dutch, Flemish and German surname particles as a phone line writes them (strangers seed 9091011).

"angelina the elder" from Angelina The Elder (a Faker nl_NL surname) was read "Angelina de Elder"; told
that was wrong and hearing the same words again, Knotty asked "I heard Angelina de Elder again, is that
right?" until it gave up, nothing saved. And "den Elder" heard as "the elder", then spelled ("that's d e n
e l d e r"), was "Angelina de Denelder". Whatever Knotty reads, nothing is saved but the person's own name.

The callers are Faker's nl_NL, nl_BE, de_DE and de_AT people whose surname has a particle, heard by a
line that writes the particles as English words ("the", "then", "there", "fun", "fan", "zoo", "from").
Each answers a wrong read-back with "no, the name is wrong", and asked to spell it, says the name again
and spells the surname.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_HEARD = {
    "de": "the", "den": "then", "der": "there", "van": "fan", "von": "fun", "zu": "zoo", "vom": "from",
    "ter": "tear", "the": "the",
}  # fmt: skip
"""How a recogniser on a phone line writes each particle (an English word that sounds like it)."""


def _letters(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if c.isascii() and c.isalpha())


def _people() -> list[tuple[str, str]]:
    found: dict[tuple[str, str], None] = {}
    for locale in ("nl_NL", "nl_BE", "de_DE", "de_AT"):
        fake = Faker(locale)
        fake.seed_instance(91)
        for _ in range(4000):
            last = fake.last_name()
            words = last.split()
            if (
                len(words) in (2, 3)
                and all(w.lower() in _HEARD for w in words[:-1])
                and words[-1][:1].isupper()
                and words[-1].isalpha()
                and len(words[-1]) > 2
            ):
                first = fake.first_name()
                if first.isalpha():
                    found[(first, last)] = None
    people = list(found)[:24]
    fake = Faker("nl_NL")
    fake.seed_instance(91)
    person = fake.provider("faker.providers.person")
    catalogue = person.last_names if person is not None else ()
    people += [(fake.first_name(), last) for last in catalogue if last.startswith("The ")]  # "The Elder"
    return people


_PEOPLE = _people()


def test_faker_gives_such_people() -> None:
    assert len(_PEOPLE) >= 12, _PEOPLE
    assert len({last.split()[0].lower() for _, last in _PEOPLE}) >= 4, _PEOPLE  # several particles, and "The"


def _heard(first: str, last: str) -> str:
    words = last.split()
    said = [_HEARD[w.lower()] for w in words[:-1]] + [words[-1]]
    return " ".join([first, *said]).lower()


@pytest.mark.parametrize(("first", "last"), _PEOPLE)
async def test_a_particle_heard_as_a_word_is_never_saved_wrong(first: str, last: str) -> None:
    name = f"{first} {last}"
    heard = _heard(first, last)
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(heard)
    for line in ("this number", "ana at example dot com", "client"):
        r = await t.say(line)
    for _ in range(12):
        if t.saves or r.end:
            break
        low = r.text.lower()
        if ("is that" in low and "right" in low and "name is" not in low) or "again, the same" in low:
            r = await t.say("no")  # "I heard ... again: is that right after all?"
        elif "your name is" in low or ("name " in low and "correct" in low):
            right = re.search(rf"\b{re.escape(name.lower())}\b", low) is not None
            r = await t.say("yes" if right else "no, the name is wrong")
        elif "spell" in low:
            spelled = " ".join(_letters(last))
            r = await t.say(f"{heard}, that's {spelled}")
        elif "last name" in low or "surname" in low:
            r = await t.say(f"it's {heard.split(maxsplit=1)[1]}")
        elif "name" in low:
            r = await t.say(heard)
        else:
            r = await t.say("yes")
    assert all(s["full_name"] == name for s in t.saves), (heard, t.saves)  # never a wrong name saved
    assert t.saves, (heard, r.text)  # and the person is signed up
