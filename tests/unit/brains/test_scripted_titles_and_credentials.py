"""Religious and service titles before a name, and a degree or licence after it (round 12 exploration).

"Rev. John Smith", "Fr. John Smith", "Capt. John Smith" were greeted "Thanks, Rev." and asked for a last name;
said, "reverend john smith" and "pastor john smith" were saved with the title as a given name. "Ana Lima, MD",
"Jane Doe, CMT" (a massage therapist's licence), "…, PhD", "…, RN" were read as a surname, a comma and a given
name: "Thanks, MD.", saved "MD Ana Lima". Now the title and the letters after the name are no part of it, as
"Dr." and ", LMT" already were.

People from Faker in several locales, typed and said (lower case, no accents, as a recogniser writes).
"""

from __future__ import annotations

import unicodedata

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "en_GB", "es_MX", "de_DE", "pt_BR", "fr_FR", "it_IT", "nl_NL")
_NUMBER = "+14155550100"
TYPED_TITLES = ("Rev.", "Rev", "Fr.", "Pastor", "Capt.", "Reverend", "Rabbi", "Sgt.")
SAID_TITLES = ("reverend", "pastor", "father", "captain", "rabbi")
TYPED_LETTERS = (
    ", MD",
    ", M.D.",
    " MD",
    ", PhD",
    ", DDS",
    ", RN",
    ", CMT",
    ", CMT, NCTMB",
    ", Esq.",
    ", LMBT",
)
SAID_LETTERS = ("m d", "md", "phd", "c m t")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(reply: str) -> list[str]:
    return reply.replace(",", " ").replace(".", " ").split()


def _person(k: int) -> str:
    fake = Faker(_LOCALES[k % len(_LOCALES)])
    fake.seed_instance(4040 + k)
    while True:
        first, last = fake.first_name(), fake.last_name()
        if first.isalpha() and last.isalpha() and len(first) > 2 and len(last) > 2:
            return f"{first} {last}"


async def _saved(said: str, *, spoken: bool) -> tuple[str, list[str]]:
    """What Knotty first answered, and the names saved, when the rest is given and the read-back confirmed."""
    t = Talk(Modality.SPOKEN if spoken else Modality.WRITTEN, caller_number=_NUMBER, silence_limit=3)
    await t.open()
    first = await t.say(said)
    r = first
    for answer in ("this number", "ana at example dot com" if spoken else "ana@example.com", "client", "yes"):
        if t.saves or r.end:
            break
        r = await t.say(answer)
    return first.text, [s["full_name"] for s in t.saves]


@pytest.mark.parametrize("title", TYPED_TITLES)
@pytest.mark.parametrize("k", range(4))
async def test_a_title_typed_before_a_name_is_no_part_of_it(k: int, title: str) -> None:
    name = _person(k)
    reply, saved = await _saved(f"{title} {name}", spoken=False)
    assert name.split()[0] in reply and title.rstrip(".") not in _words(reply), reply
    assert saved == [name], (title, name, reply)


@pytest.mark.parametrize("title", SAID_TITLES)
@pytest.mark.parametrize("k", range(4))
async def test_a_title_said_before_a_name_is_no_part_of_it(k: int, title: str) -> None:
    name = _plain(_person(k))
    reply, saved = await _saved(f"{title} {name}", spoken=True)
    assert [_plain(s) for s in saved] == [name], (title, name, reply)


@pytest.mark.parametrize("letters", TYPED_LETTERS)
@pytest.mark.parametrize("k", range(4))
async def test_a_degree_or_licence_typed_after_a_name_is_no_part_of_it(k: int, letters: str) -> None:
    name = _person(k)
    reply, saved = await _saved(f"{name}{letters}", spoken=False)
    assert name.split()[0] in reply and letters.rsplit(maxsplit=1)[-1].strip(",.") not in _words(reply), reply
    assert saved == [name], (letters, name, reply)


@pytest.mark.parametrize("letters", SAID_LETTERS)
@pytest.mark.parametrize("k", range(4))
async def test_a_degree_or_licence_said_after_a_name_is_no_part_of_it(k: int, letters: str) -> None:
    name = _plain(_person(k))
    reply, saved = await _saved(f"{name} {letters}", spoken=True)
    assert [_plain(s) for s in saved] == [name], (letters, name, reply)


@pytest.mark.parametrize(
    ("said", "saved"),
    [
        ("Ana Pastor", "Ana Pastor"),
        ("Sean Father", "Sean Father"),
        ("An Rn", "An Rn"),
        ("Ana Lima Md", "Ana Lima Md"),
    ],
)
async def test_the_same_words_elsewhere_in_a_name_stay(said: str, saved: str) -> None:
    _, names = await _saved(said, spoken=False)
    assert names == [saved], names
