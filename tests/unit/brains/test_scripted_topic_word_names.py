"""A name with a question's word in it ("may price") said again when the name is asked again is a name.

Seen on a fresh seed: May Price typed "may price" three times; each time Knotty answered a question about
prices nobody asked and asked for the name again, then gave up. The first time, a topic word may be a
question ("pricing"); said again, without a question mark, after the question was answered, it is the
person's name. Questions asked twice stay questions.
"""

from __future__ import annotations

import pytest

from knotty.fields import normalize_name
from tests.corpus.strangers import plain_given_names
from tests.unit.brains.conftest import Talk

TOPIC_SURNAMES = ("price", "free", "fee", "charge", "human", "ai", "start", "live", "ready", "open")


@pytest.mark.parametrize("surname", TOPIC_SURNAMES)
async def test_a_name_with_a_topic_word_said_again_is_taken(surname: str) -> None:
    for given in [*plain_given_names(6, 777), "may"]:
        t = Talk()
        await t.open()
        said = f"{given} {surname}"
        await t.say(said)
        r = await t.say(said)  # the first may be taken as a question; said again, it is the name
        if "last name" in r.text.lower():  # "will live": Will, then the surname asked for
            r = await t.say(surname)
        assert "number" in r.text.lower(), f"{said!r} said twice: {r.text}"
        await t.say("+1 201 555 0143")
        await t.say(f"{given}.{surname}@example.com")
        r = await t.say("client")
        assert f"name {normalize_name(said)};" in r.text, (said, r.text)


@pytest.mark.parametrize(
    "question", ["how much does it cost", "is this free", "when do you launch", "are you a robot"]
)
async def test_a_question_asked_twice_is_still_a_question(question: str) -> None:
    t = Talk()
    await t.open()
    await t.say(question)
    r = await t.say(question)
    assert "meet you" not in r.text.lower() and "name" in r.text.lower(), r.text
