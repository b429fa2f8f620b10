"""Asked for a moment on a bad line, Knotty gives it: "one sec" is no name, no address, no yes.

"One sec" to "may I have your name?" was the name "One" ("Nice to meet you, One."), to the email
question the part before the @ ("I've got o n e s e c so far"); and the line, which writes "one" as
"won", turned "ok, one sec" at the read-back into "ok won sec": "ok" was a yes, and the signup was
saved while the caller was still looking. Each hold phrase goes through the line model
(`tests.corpus.line.NoisyLine`, levels 1 and 2.5) at every question of a call: Knotty says to take
their time and asks the same question, and the person's answer after it is saved exactly. People
from Faker.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.corpus.line import NoisyLine
from tests.corpus.simulator import SimulatedPerson
from tests.unit.brains.callers import caller, said_email, said_phone
from tests.unit.brains.conftest import Talk

HOLDS = [
    "one sec",
    "ok one sec",
    "one second please",
    "hang on a second",
    "hold on one second",
    "sorry one moment",
    "um hold on let me check",
    "just a second",
    "hang on, two seconds",
    "give me a minute",
]
QUESTIONS = ["full_name", "phone", "email", "role", "readback"]
LOCALES = ("en_US", "pt_BR", "de_DE", "fr_FR", "es_ES")
_SEEDS = 4


def _answers(person: dict[str, str]) -> dict[str, str]:
    return {
        "full_name": person["full_name"].lower(),
        "phone": said_phone(person["phone"]),
        "email": said_email(person["email"]),
        "role": "I'm a massage therapist" if person["role"] == "therapist" else "I'm a client",
    }


async def _hold_at(question: str, person: dict[str, str], heard: str) -> str | None:
    """None if the hold was given and the signup then saved exactly; else what went wrong."""
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    r = await t.open()
    held = False
    for _ in range(12):
        asked = SimulatedPerson.what_is_asked(r.text)
        if asked == question and not held:
            held = True
            r = await t.say(heard)
            again = SimulatedPerson.what_is_asked(r.text)
            if t.saves or again != question or "take your time" not in r.text.lower():
                return f"{question}: {heard!r} -> {again}, saved {t.saves}: {r.text[:90]!r}"
            continue
        if asked == "readback":
            r = await t.say("yes")
            break
        r = await t.say(_answers(person)[asked])
    fields = {k: person[k] for k in ("full_name", "phone", "email", "role")}
    return None if t.saves == [fields] else f"{question}: {heard!r} -> saved {t.saves}, not {fields}"


@pytest.mark.parametrize("question", QUESTIONS)
async def test_a_hold_on_a_bad_line_is_given_time_at_every_question(question: str) -> None:
    problems: list[str] = []
    for n, hold in enumerate(HOLDS):
        person = caller(n, LOCALES)
        person["phone"] = "+14155550100"  # the caller's own number, said digit by digit
        for level in (1.0, 2.5):
            for seed in range(_SEEDS):
                heard = NoisyLine(seed * 31 + n, level).hear(hold)
                if (problem := await _hold_at(question, person, heard)) is not None:
                    problems.append(problem)
    assert not problems, "\n".join(sorted(set(problems)))
