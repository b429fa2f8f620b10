"""Asked on a call for just the part before the at, a caller spells it, and it ends like a domain: Robin
Church's "r o b i n dot see h you are see h", Anna Li's "a n n a dot l eye". It had been read as a whole
address whose "at" the line lost, so Knotty asked again, then every other way, and gave up (noisy-line
seed 7410852, level 2.5: 339 of 340 saved; 340 of 340 now). Unasked, the same words may still be such an
address ("b o o k w e l l n e s s b y g o o d dot s t u d i o"). People from Faker, in several locales.
"""

from __future__ import annotations

from knotty.brains.scripted.replies import Wording, asks_for_local_part
from knotty.brains.scripted.understanding import understand
from knotty.state import Modality
from tests.corpus.line import LETTER_WORDS
from tests.unit.brains.callers import caller

LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "pt_BR", "it_IT", "es_ES", "nl_NL", "vi_VN")
ENDINGS = ("church", "coach", "care", "one", "li", "lu", "ma", "do", "mo")
"""Surnames that are also domain endings people say."""


def _spelled_as_heard(word: str) -> str:
    return " ".join(LETTER_WORDS.get(c, c) for c in word)


def test_every_way_of_asking_for_the_part_before_the_at_is_known() -> None:
    asked = set()
    for seed in range(40):
        words = Wording(Modality.SPOKEN, seed, seed)
        asked.add(words.where_at())
        assert words.asked == words.where_at(), "the question asked is remembered for the next turn"
    asked |= {w for w in Wording(Modality.SPOKEN, 0, 0).ways("email") if "two parts" in w}
    assert len(asked) >= 3
    assert all(asks_for_local_part(question) for question in asked), asked
    assert not asks_for_local_part(Wording(Modality.SPOKEN, 0, 0).question("email"))


def test_asked_for_it_a_spelled_part_before_the_at_ending_like_a_domain_is_that_part() -> None:
    wrong = []
    for seed in range(18):
        first = caller(seed, LOCALES)["full_name"].lower().split()[0]
        first = "".join(c for c in first if "a" <= c <= "z")
        surname = ENDINGS[seed % len(ENDINGS)]
        said = f"{_spelled_as_heard(first)} dot {_spelled_as_heard(surname)}"
        r = understand(said, "email", region="US", spoken=True, local_part_asked=True)
        if r.email_local != f"{first}.{surname}" or r.email_lost_at:
            wrong.append(f"{said!r} -> {r.email_local!r} (lost at: {r.email_lost_at})")
    assert not wrong, "\n".join(wrong)


def test_unasked_a_spelled_whole_address_without_its_at_is_still_one() -> None:
    said = "b o o k w e l l n e s s b y gee o o d dot s t you d i o"
    r = understand(said, "email", region="US", spoken=True)
    assert r.email_lost_at and not r.email_local
