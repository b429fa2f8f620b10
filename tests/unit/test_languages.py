"""`knotty.languages.spoken_runs`: a reply cut into runs of one language, for a voice to speak each in its own.

Every Spanish line the offline brain says on a call is found, wherever it sits in the reply (after the
greeting, before the question); a reply with none, or a person's name or words that merely look Spanish, is
all English (`()`); the runs put back together are the reply.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.brains.scripted.replies import Wording
from knotty.languages import SPANISH, spoken_runs
from knotty.state import Modality

_SPOKEN = Wording(Modality.SPOKEN, 0, 0)


@pytest.mark.parametrize("line", [_SPOKEN.spanish(), _SPOKEN.spanish_again(), _SPOKEN.spanish_goodbye()])
@pytest.mark.parametrize("locale", ["es_MX", "en_US", "es_ES"])
def test_each_spanish_line_is_a_run_of_its_own(line: str, locale: str) -> None:
    fake = Faker(locale)
    fake.seed_instance(7)
    before = f"Hello, this is Knotty with {fake.company()}."
    after = f"{fake.first_name()}, what's your full name?"
    for reply in (line, f"{before} {line}", f"{line} {after}", f"{before} {line} {after}"):
        runs = spoken_runs(reply)
        assert [text for language, text in runs if language == SPANISH] == [line], reply
        assert all(language == "en" for language, text in runs if text != line), runs
        assert " ".join(text for _, text in runs) == reply


def test_english_replies_and_spanish_looking_names_are_all_english() -> None:
    fake = Faker("es_MX")
    fake.seed_instance(3)
    for _ in range(20):
        name = fake.name()
        assert (
            spoken_runs(f"Thank you, {name}. Lo siento is a phrase, not a line of ours. Is that right?") == ()
        )
        assert spoken_runs(f"Your name is {name}. Is that all correct?") == ()
