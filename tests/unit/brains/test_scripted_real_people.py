"""Issue 11: people the project's own corpus never produced, through the offline brain's dialogue.

Each test replays a class of input that real people produced and the offline brain got wrong: names
that are everyday words, a surname written first, a question without a question mark, a yes in
another language or with exclamation marks, role words and separators inside an address, and
everything said again at once at the read-back.
"""

from __future__ import annotations

import pytest

from knotty.fields import normalize_name
from knotty.state import Modality
from tests.unit.brains.conftest import Talk


async def _name_then_rest(t: Talk, name_lines: list[str]) -> str:
    await t.open()
    for line in name_lines:
        await t.say(line)
    await t.say("415 555 0100")
    await t.say("ana@x.com")
    r = await t.say("client")
    return r.text


@pytest.mark.parametrize(
    ("lines", "saved"),
    [
        (["Sandy Baker"], "Sandy Baker"),
        (["Will Azevedo"], "Will Azevedo"),
        (["will azevedo"], "Will Azevedo"),
        (["Don Love"], "Don Love"),
        (["Owen Nice"], "Owen Nice"),
        (["Pat Strong"], "Pat Strong"),
        (["Destiny Wise"], "Destiny Wise"),
        (["Don", "it's Love"], "Don Love"),
        (["Owen", "oh sorry, it's Nice"], "Owen Nice"),
        (["Smith, John"], "John Smith"),
        (["da Silva, Ana"], "Ana da Silva"),
    ],
)
async def test_names_that_are_everyday_words_or_written_surname_first(lines: list[str], saved: str) -> None:
    t = Talk()
    readback = await _name_then_rest(t, lines)
    assert f"name {saved};" in readback
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == saved


async def test_the_first_name_said_again_is_never_doubled_into_a_surname() -> None:
    t = Talk()
    await t.open()
    await t.say("Sandy")
    r = await t.say("Sandy")
    assert "Sandy Sandy" not in r.text and "last name" in r.text.lower()
    await t.say("Baker")
    await t.say("415 555 0100")
    await t.say("ana@x.com")
    r = await t.say("client")
    assert "name Sandy Baker;" in r.text


@pytest.mark.parametrize("said", ["hey whats this", "phne", "therapst"])
async def test_a_sentence_or_a_mistyped_field_word_is_not_a_name(said: str) -> None:
    t = Talk()
    await t.open()
    r = await t.say(said)
    assert "name" in r.text.lower()
    low = r.text.lower()
    assert "whats" not in low and "phne" not in low and "therapst" not in low


async def test_a_question_without_a_question_mark_is_answered() -> None:
    t = Talk()
    await t.open()
    r = await t.say("hey whats this")
    assert "marketplace" in r.text and "name" in r.text.lower()


@pytest.mark.parametrize("yes", ["si", "Sí", "yep!!", "yesss!!"])
async def test_everyday_yeses_confirm_the_read_back(yes: str) -> None:
    t = Talk()
    await _name_then_rest(t, ["Ana Lima"])
    await t.say(yes)
    assert t.saves


async def test_an_address_with_a_role_word_in_it_gives_no_role() -> None:
    t = Talk()
    await t.open()
    await t.say("Sante Camiscione")
    await t.say("415 555 0100")
    r = await t.say("hello@relaxbycamiscione.massage")
    assert "therapist or" in r.text.lower() or "client" in r.text.lower()
    assert "Here" not in r.text  # no read-back: the role is still to be asked


async def test_spoken_letters_after_a_dot_and_a_role_word_inside_the_address() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say("sandy baker")
    await t.say("four one five five five five zero one zero zero")
    r = await t.say("s dot b as in bravo underscore lmt at gmail dot com")
    assert "therapist" in r.text.lower()  # the address was taken; the role is asked
    r = await t.say("client")
    await t.say("yes")
    assert t.saves[-1]["email"] == "s.b_lmt@gmail.com"


async def test_everything_said_again_at_the_read_back_keeps_name_and_number_out_of_the_address() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say("ana lima")
    await t.say("four one five five five five zero one zero zero")
    await t.say("ana at y dot com")
    await t.say("therapist")
    await t.say("ana lima four one five five five five zero one zero zero ana at x dot com therapist")
    await t.say("yes")
    assert t.saves[-1] == {
        "full_name": "Ana Lima",
        "phone": "+14155550100",
        "email": "ana@x.com",
        "role": "therapist",
    }


def _long_catalogue_surnames() -> list[str]:
    """Faker's Dutch catalogue surnames of four words or more ("Coreth von und zu Coredo und Starkenberg")."""
    from faker.providers.person.nl_NL import Provider

    return [s for s in Provider.last_names if len(s.split()) >= 4]


@pytest.mark.parametrize("surname", _long_catalogue_surnames())
async def test_a_long_surname_written_first_is_read_in_order(surname: str) -> None:
    """ "Coreth von und zu Coredo und Starkenberg, Tygo": five words at most were read as a surname
    written first, and a seven-word one was read back as the whole name three times, then goodbye."""
    assert _long_catalogue_surnames()
    t = Talk()
    readback = await _name_then_rest(t, [f"{surname}, Tygo"])
    assert f"name {normalize_name(f'Tygo {surname}')};" in readback, readback
