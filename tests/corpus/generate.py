"""Generate the corpus: every behaviour on both modalities, crossed with people and ways of speaking.

Styles are cycled (not sampled) so every way of saying every field appears, and the person and the
small choices (which confirmation word, accept the text or not) rotate with them.
"""

from __future__ import annotations

from knotty.state import Modality
from tests.corpus.people import EMAIL_STYLES, NAME_STYLES, PHONE_STYLES, ROLE_STYLES, make_people
from tests.corpus.simulator import Scenario
from tests.corpus.strangers import make_strangers

__all__ = ["BEHAVIOURS", "generate"]

BEHAVIOURS = (
    "stepwise",
    "all_at_once",
    "front_loaded",
    "first_name_only",
    "own_number",
    "correct_email_later",
    "correct_phone_later",
    "readback_fix_phone",
    "readback_digit",
    "readback_email_value",
    "correct_after_save",
    "off_topic",
    "asks_for_a_person",
    "injection",
    "undecided_role",
    "repeat",
    "silence_once",
    "hang_up",
    "silence_out",
)
_WRITTEN_PHONES = ("dashes", "parens", "plain", "plus", "dots")
_SPOKEN_PHONES = tuple(s for s in PHONE_STYLES if s not in _WRITTEN_PHONES or s == "plus")


_STRANGER_NAME_STYLES = (*NAME_STYLES, "surname_first")


def generate(per_behaviour: int = 6, seed: int = 7, *, strangers: bool = False) -> list[Scenario]:
    """`per_behaviour` conversations per behaviour and modality; `seed` picks the people.

    With `strangers`, the people are Faker's (see `strangers.py`) rather than the fixed tables', and
    some give their name surname first ("Smith, John").
    """
    count = len(BEHAVIOURS) * 2 * per_behaviour
    people = make_strangers(count, seed) if strangers else make_people(count, seed)
    name_styles = _STRANGER_NAME_STYLES if strangers else NAME_STYLES
    scenarios: list[Scenario] = []
    k = 0
    for behaviour in BEHAVIOURS:
        for modality in (Modality.WRITTEN, Modality.SPOKEN):
            for i in range(per_behaviour):
                person = people[k]
                phones = _WRITTEN_PHONES if modality == Modality.WRITTEN else _SPOKEN_PHONES
                # Each style list is walked at its own pace, so every style meets every other one.
                scenarios.append(
                    Scenario(
                        id=f"{behaviour}-{modality.value}-{i}",
                        person=person,
                        modality=modality,
                        behaviour=behaviour,
                        phone_style=phones[(k + seed) % len(phones)],
                        email_style=EMAIL_STYLES[(k + k // 6 + seed) % len(EMAIL_STYLES)],
                        name_style=name_styles[(k // 3 + seed) % len(name_styles)],
                        role_style=ROLE_STYLES[(k // 5 + seed) % len(ROLE_STYLES)],
                        accepts_sms=(k // 7) % 2 == 0,
                        variant=k + seed,
                    )
                )
                k += 1
    return scenarios
