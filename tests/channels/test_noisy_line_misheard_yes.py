"""A yes misheard at the read-back costs one re-ask, never the call (noisy-line seed 141422).

Eleonore Good said "sounds good" to her read-back; the line, which writes her surname "gohod" every
time, handed over "sounds gohod". Knotty asked again ("Is everything I read correct? Just say yes, or
tell me what to change."), and the simulated caller, finding no details in that re-ask, "corrected" a
name that was right: after a second misheard yes the call ended unsaved. A person asked to "just say
yes" about details they heard a moment ago says yes. Played through the real Twilio routes, judged in
the database.
"""

from __future__ import annotations

from tests.channels.conftest import TwilioWorld
from tests.corpus.line_caller import LineCaller
from tests.corpus.line_play import line_for, pick_callers, play_call
from tests.corpus.simulator import Scenario

SEED = 141_422
READ_BACK = (
    "Here's what I have. Your name is Eleonore Good. Your phone number is two zero one, five five five, nine "
    "zero eight eight. Your email is e l e o n o r e, at g o o d t o u c h dot s p a. And you're joining as "
    "a therapist. Did I get that all right?"
)


def _eleonore() -> Scenario:
    [sc] = [sc for sc in pick_callers(380, SEED) if sc.id == "own_number-spoken-0"]
    assert sc.person.full_name == "Eleonore Good"
    return sc


def test_asked_again_to_just_say_yes_the_caller_says_yes_about_the_read_back_they_heard() -> None:
    caller = LineCaller(_eleonore())
    assert caller.act(READ_BACK, keypad=True).text in ("sounds good", "yes")  # what her variant says
    again = caller.act(
        "Sorry, I missed that. Is everything I read correct? Just say yes, or tell me what to change.",
        keypad=True,
    )
    assert again.text == "yes"


async def test_the_caller_whose_yes_the_line_mishears_is_saved(twilio: TwilioWorld) -> None:
    sc = _eleonore()
    verdict = await play_call(twilio, sc, line_for(sc, SEED, 1.0))
    transcript = "\n".join(verdict.transcript)
    assert "'sounds gohod'" in transcript  # the line still mishears her yes
    assert verdict.saved_exact and not verdict.wrong_save, transcript
