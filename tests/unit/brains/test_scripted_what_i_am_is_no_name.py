""" "I'm autistic", said when the name is asked, is what the person is, not who: never greeted or read back as a name.

"Thank you, Autistic. And your last name, please?", "Thank you, Visually.": asked for their name, people who
first said something about themselves ("I'm dyslexic", "I am visually impaired", "im bipolar") were greeted by
it, and it went into the read-back (people17, round 17). A word with an adjective's ending that is somebody's
name stays a name ("i'm kelly smith", "i'm jamal"): Faker people whose given name ends so are saved as said.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.fields._traits import TRAIT_ENDINGS
from tests.unit.brains.conftest import Talk

_TRAITS = [
    "autistic", "dyslexic", "visually impaired", "nonverbal", "diabetic", "bilingual", "epileptic", "paraplegic",
    "immunocompromised", "neurodivergent", "introverted", "bipolar", "colorblind", "partially sighted",
    "hearing impaired", "legally blind", "claustrophobic", "ticklish", "hypermobile",
]  # fmt: skip
_SAID = ["I'm {}", "i'm {}", "I am {}", "im {}", "hi, I'm {}"]


@pytest.mark.parametrize("trait", _TRAITS)
@pytest.mark.parametrize("said", _SAID)
async def test_what_the_person_is_is_no_name(trait: str, said: str) -> None:
    talk = Talk()
    await talk.open()
    reply = await talk.say(said.format(trait))
    first_word = trait.split(maxsplit=1)[0]
    assert first_word not in reply.text.lower(), reply.text
    assert "name" in reply.text.lower(), reply.text
    for line in ["Ana Lima", "+1 415 555 0134", "ana@example.com", "client", "yes"]:
        reply = await talk.say(line)
    assert [s["full_name"] for s in talk.saves] == ["Ana Lima"]


def _names_ending_like_a_trait() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for locale in ("en_US", "en_GB", "hr_HR", "ar_AA", "en_IN", "de_DE", "es_MX", "tr_TR"):
        fake = Faker(locale)
        fake.seed_instance(1719)
        for _ in range(3000):
            first = fake.first_name()
            if (
                first.isascii()
                and first.isalpha()
                and len(first) >= 5
                and first.lower().endswith(TRAIT_ENDINGS)
            ):
                found.append((first, fake.last_name()))
                break
    return found


_NAMES = _names_ending_like_a_trait()


def test_faker_has_such_names() -> None:
    assert len(_NAMES) >= 6, _NAMES


@pytest.mark.parametrize(("first", "last"), _NAMES)
async def test_a_name_that_ends_like_a_trait_is_still_a_name(first: str, last: str) -> None:
    talk = Talk()
    await talk.open()
    reply = await talk.say(f"i'm {first.lower()}")
    assert f"{first}." in reply.text or f"{first}," in reply.text, reply.text
    for line in [last, "+1 415 555 0134", "ana@example.com", "client", "yes"]:
        await talk.say(line)
    assert [s["full_name"] for s in talk.saves] == [f"{first} {last}"]


def _capitalised(trait: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in trait.split())


@pytest.mark.parametrize("trait", _TRAITS)
@pytest.mark.parametrize("said", ["I'm {}", "I am {}", "Hi, I'm {}", "Hello! I'm {}."])
async def test_what_the_person_is_written_with_a_capital_is_no_name(trait: str, said: str) -> None:
    """ "I'm Autistic", as a phone that capitalises writes it, had been greeted "Nice to meet you, Autistic", and
    "Ana Lima" given next read as the rest of that name (people18, round 18)."""
    word = _capitalised(trait)
    talk = Talk()
    await talk.open()
    reply = await talk.say(said.format(word))
    assert word.split(maxsplit=1)[0] not in reply.text, reply.text
    assert "name" in reply.text.lower(), reply.text
    for line in ["Ana Lima", "+1 415 555 0134", "ana@example.com", "client", "yes"]:
        await talk.say(line)
    assert [s["full_name"] for s in talk.saves] == ["Ana Lima"]


@pytest.mark.parametrize(("first", "last"), _NAMES)
async def test_a_capitalised_name_that_ends_like_a_trait_is_still_a_name(first: str, last: str) -> None:
    talk = Talk()
    await talk.open()
    reply = await talk.say(f"I'm {first}")
    assert f"{first}." in reply.text or f"{first}," in reply.text, reply.text
    for line in [last, "+1 415 555 0134", "ana@example.com", "client", "yes"]:
        await talk.say(line)
    assert [s["full_name"] for s in talk.saves] == [f"{first} {last}"]
