"""Given names that are words questions start with ("will price", "can smith", "my andersson"), and a topic
typed as one word ("pricing").

Seen on fresh seeds: Will Price and Can Smith typed their names in lower case; "will" and "can" start
questions, so each answer was taken as a question, answered, and the name asked again, three times, then
goodbye. Said again when the name is asked again, with no question mark, such an answer is the name (the
first time it may still be a question). A word typed alone that names a topic ("pricing") is a question,
not the first name "Pricing".
"""

from __future__ import annotations

import pytest

from knotty.fields import normalize_name
from knotty.fields._name_words import NOT_NAMES
from knotty.state import Modality
from tests.corpus.people import ascii_letters
from tests.corpus.strangers import make_strangers
from tests.unit.brains.conftest import Talk

QUESTION_WORD_GIVEN = ("will", "can", "may", "my", "do", "could")
"""Given names (Will, Can in Turkish, May, My in Swedish, Do in Vietnamese) and one that is no name but
starts questions just the same: what matters is the answer's shape, said again."""


def _surnames() -> list[str]:
    found: list[str] = []
    for p in make_strangers(300, 5150):
        last = ascii_letters(p.last).lower()
        if last.isalpha() and 3 <= len(last) <= 12 and last not in NOT_NAMES and last not in found:
            found.append(last)
    return found[:5]


@pytest.mark.parametrize("given", QUESTION_WORD_GIVEN)
@pytest.mark.parametrize("modality", [Modality.WRITTEN, Modality.SPOKEN])
async def test_a_question_word_given_name_said_again_is_the_name(given: str, modality: Modality) -> None:
    for surname in _surnames():
        t = Talk(modality=modality)
        await t.open()
        said = f"{given} {surname}"
        await t.say(said)
        r = await t.say(said)  # the first may be taken as a question; said again, it is the name
        assert "number" in r.text.lower(), f"{said!r} said twice: {r.text}"
        await t.say("+1 201 555 0143")
        await t.say(f"{given}.{surname}@example.com")
        r = await t.say("client")
        assert normalize_name(said) in r.text, (said, r.text)


@pytest.mark.parametrize("question", ["why tho", "who dis", "how come", "are you a robot", "is this free"])
async def test_a_short_question_said_twice_is_no_name(question: str) -> None:
    t = Talk()
    await t.open()
    await t.say(question)
    r = await t.say(question)
    assert "meet you" not in r.text.lower() and "thank you," not in r.text.lower(), r.text
    assert "name" in r.text.lower(), r.text


@pytest.mark.parametrize(
    ("word", "times"), [("pricing", 2), ("Pricing", 2), ("launching", 2), ("privacy", 1)]
)
async def test_a_topic_typed_as_one_word_is_a_question_not_a_first_name(word: str, times: int) -> None:
    """Answered about the topic, never "Nice to meet you, Pricing"; a word naming an activity stays a question
    said again, and any other (below) is the name the second time."""
    t = Talk()
    await t.open()
    for _ in range(times):
        r = await t.say(word)
        assert f", {word.capitalize()}" not in r.text and "your last name" not in r.text.lower(), r.text
        assert "announced" in r.text or "launching" in r.text or "only ask what we need" in r.text, r.text


async def test_a_topic_word_given_name_said_again_is_the_name() -> None:
    """ "ai" alone is a question the first time; said again, it is the first name Ai."""
    for surname in _surnames()[:3]:
        t = Talk()
        await t.open()
        await t.say("ai")
        r = await t.say("ai")
        assert "Ai" in r.text and "last name" in r.text.lower(), r.text
        await t.say(surname.capitalize())
        await t.say("+1 201 555 0143")
        await t.say(f"ai.{surname}@example.com")
        r = await t.say("client")
        assert f"Ai {surname.capitalize()}" in r.text, r.text
