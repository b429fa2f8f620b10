"""At the read-back, a surname that is also an answer word, and "nothing to change" (outside tester's finds).

"my surname is Fine" (Kay Fyne read back) got "You're all set!" and Kay Fyne was saved: the reader of
names refuses "fine" as an answer, and the yes in it won. A name a label gives at the end of a sentence
("my surname is Fine", "last name should be Good", "name should be Dawn Good-Day") is now the name; an
evaluation ("the name is fine", said or typed in lower case) still says the name is right. And "looks
good, nothing to change", "yep, don't change anything" asked which part to change; they are a yes.
First names and the surnames read back come from Faker in several locales.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_ANSWER_SURNAMES = ("Fine", "Good", "Right", "Perfect", "Great", "Sure")
_LABELS = ("my surname is {}", "my last name is {}", "last name should be {}", "the surname is {}.")


def _people(n: int) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for i, locale in enumerate(("en_US", "de_DE", "fr_FR", "es_ES", "pt_BR", "nl_NL")):
        fake = Faker(locale)
        fake.seed_instance(i)
        first, last = fake.first_name(), fake.last_name()
        while not (first.isalpha() and last.isalpha()):  # one word each: "Ravy da Silva" is another test's
            first, last = fake.first_name(), fake.last_name()
        found.append((first, last))
    return found[:n]


async def _at_read_back(name: str, modality: Modality = Modality.WRITTEN) -> Talk:
    t = Talk(modality)
    await t.open()
    for line in (name, "415 555 0134", "someone@example.com", "client"):
        r = await t.say(line)
    assert name in r.text, r.text
    return t


@pytest.mark.parametrize("label", _LABELS)
@pytest.mark.parametrize(
    ("first", "read_back_surname", "surname"),
    [(*person, _ANSWER_SURNAMES[i]) for i, person in enumerate(_people(6))],
)
async def test_a_surname_that_is_an_answer_word_corrects_the_read_back(
    first: str, read_back_surname: str, surname: str, label: str
) -> None:
    t = await _at_read_back(f"{first} {read_back_surname}")
    r = await t.say(label.format(surname))
    assert not t.saves, f"saved the old name: {r.text}"
    assert f"{first} {surname}" in r.text, r.text  # read back again, corrected
    await t.say("yes")
    assert t.saves[-1]["full_name"] == f"{first} {surname}"


@pytest.mark.parametrize(("first", "surname"), _people(3))
async def test_a_whole_name_a_label_gives_replaces_the_read_back(first: str, surname: str) -> None:
    t = await _at_read_back(f"{first} {surname}")
    r = await t.say(f"name should be {first} Good-Day")
    assert f"{first} Good-Day" in r.text, r.text
    await t.say("yes")
    assert t.saves[-1]["full_name"] == f"{first} Good-Day"


@pytest.mark.parametrize("modality", [Modality.WRITTEN, Modality.SPOKEN])
@pytest.mark.parametrize("said", ["the name is fine", "the last name is fine", "name is correct"])
async def test_saying_the_name_is_right_still_confirms(said: str, modality: Modality) -> None:
    first, surname = _people(1)[0]
    t = await _at_read_back(f"{first} {surname}", modality)
    await t.say(said)
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {surname}"


@pytest.mark.parametrize(
    "said",
    [
        "yes, nothing wrong",
        "looks good, nothing to change",
        "yep, don't change anything",
        "yes that's all correct, no changes",
        "no changes needed",
        "nothing needs changing",
    ],
)
async def test_nothing_to_change_is_a_yes(said: str) -> None:
    first, surname = _people(2)[1]
    t = await _at_read_back(f"{first} {surname}")
    r = await t.say(said)
    assert t.saves and t.saves[-1]["full_name"] == f"{first} {surname}", r.text


@pytest.mark.parametrize("said", ["no, change the email", "no, the name needs changing"])
async def test_a_change_asked_for_is_still_one(said: str) -> None:
    first, surname = _people(1)[0]
    t = await _at_read_back(f"{first} {surname}")
    r = await t.say(said)
    assert not t.saves, r.text
