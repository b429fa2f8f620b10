"""Names said and then spelled on a call, as the real recogniser writes them (round 16, voice).

Faker people say "<first> <last>, that's <l a s t>" as a careful caller does when asked again; espeak-ng
speaks it over the 8 kHz mu-law line and Whisper tiny.en transcribes it with the name question's
`<Gather hints>`. Whisper writes a spelling in capitals, joined by hyphens or commas, with a dot at the end
("Ana Smith, that's S-M-I-T-H."); that dot had been read as an initial ("Ana Smit H."), and a caller who
had said and spelled their name was asked for their last name again. It mishears many letters too (espeak's
"s" written "F", "t" written "D"): only what it wrote is judged here. Whenever it wrote the name and its
spelling right (the "that's" before it may be "at" or "next"), Knotty reads the whole name; whatever it wrote,
the name read never ends in a letter of the spelling taken for an initial.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from channels.voice_questions import listening_for
from knotty.brains.scripted.understanding import understand
from knotty.fields.name import extract_name
from tests.unit.brains.callers import caller

if TYPE_CHECKING:
    from tests.corpus.line_recogniser import Recogniser

pytestmark = [pytest.mark.recogniser, pytest.mark.slow]

LOCALES = ("en_US", "en_GB", "de_DE", "it_IT", "pl_PL", "nl_NL", "es_ES", "fr_FR")
PEOPLE = 24


@pytest.fixture(scope="module")
def recogniser() -> Recogniser:
    from tests.corpus.line_recogniser import Recogniser, missing_reason

    if (reason := missing_reason()) is not None:
        pytest.skip(reason)
    return Recogniser()


@pytest.fixture(scope="module")
async def heard(recogniser: Recogniser) -> list[tuple[str, str]]:
    """(the name, what the recogniser wrote for it said and spelled), for each person."""
    hints = listening_for("full_name").hints
    out = []
    for seed in range(16_300, 16_300 + PEOPLE):
        name = caller(seed, LOCALES)["full_name"]
        last = name.split()[1].lower()
        out.append(
            (name, await recogniser.hear(f"{name}, that's {' '.join(last)}", careful=True, hints=hints))
        )
    return out


def _read(text: str) -> str | None:
    """The name Knotty reads from `text` answered to "What's your full name?" on a call."""
    return understand(text, "full_name", region="US", spoken=True).values.get("full_name")


def _written_right(name: str, text: str) -> bool:
    """Whether the recogniser wrote the name and, after it, every letter of its surname (and nothing more)."""
    at = text.lower().find(name.lower())
    if at < 0:
        return False
    after = text[at + len(name) :]
    letters = re.sub(r"\b(?:that's|thats|that is|so|at|and|next|ask)\b|[^a-z]", "", after.lower())
    return letters == name.split()[1].lower()


async def test_a_name_the_recogniser_wrote_spelled_right_is_read_whole(heard: list[tuple[str, str]]) -> None:
    right = [(name, text) for name, text in heard if _written_right(name, text)]
    assert right, f"the recogniser wrote no spelling right: {heard}"
    misread = [(name, text, _read(text)) for name, text in right]
    assert [m for m in misread if m[2] != m[0]] == [], misread


async def test_no_letter_of_a_spelling_is_read_as_an_initial(heard: list[tuple[str, str]]) -> None:
    """The name reader's own reading ("Lucy Ruige, X-R-U-I-J-S." had been "Lucy Ruige Xruij S.")."""
    read = [(name, text, extract_name(text, expecting=True)) for name, text in heard]
    initials = [r for r in read if r[2] and re.search(r"\b[A-Z]\.$", r[2])]
    assert initials == [], initials
