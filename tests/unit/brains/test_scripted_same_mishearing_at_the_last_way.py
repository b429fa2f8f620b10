"""The last way of asking, heard the same wrong way twice, is not asked a third time (real recogniser).

Seen on line report seed 8675309: Whisper tiny writes a spelled "y a h o o" as "why a h b b o" every
time (a domain Knotty can't know, like most small businesses' addresses). The caller said no at the read-back after every way; at the last way (the address in two parts)
Knotty heard the rejected address again, asked "the same as before: is that right after all?", heard
no, and asked for the two parts again, three times in all, each getting the same answer. The last
way's second chance is for a slip; a way that gave the very value said wrong before is not asked a
third time: Knotty ends politely, nothing saved. (The loop showed when the first ask was asked again
after "sorry?", an ask that counts as no failed answer, so the last way came one ask early.)

People come from Faker in several locales; the line always mishears one letter of their domain the
same way, and they say "no" to every read-back with that letter wrong.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.state import Modality
from tests.corpus.runner import repeated_questions
from tests.unit.brains.conftest import Talk

_LOCALES = ["en_US", "en_GB", "de_DE", "pl_PL", "pt_BR", "it_IT", "sv_SE", "nl_NL"]


def _person(seed: int) -> tuple[str, str, str]:
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    ascii_ = Faker("en_US")
    ascii_.seed_instance(seed)
    local = "".join(c for c in ascii_.user_name().lower() if c.isalpha())[:8] or "info"
    domain = "".join(c for c in ascii_.domain_word().lower() if c.isalpha())[:9] or "studio"
    return f"{fake.first_name()} {fake.last_name()}", local, f"{domain}.{ascii_.tld()}"


def _spelled(text: str) -> str:
    return " ".join({".": "dot", "@": "at"}.get(c, c) for c in text)


def _misheard(domain: str) -> str:
    """The domain as the line writes it every time: its second letter heard as a "b"."""
    name, _, tld = domain.partition(".")
    return f"{name[0]}b{name[2:]}.{tld}" if name[1] != "b" else f"{name[0]}d{name[2:]}.{tld}"


@pytest.mark.parametrize("seed", range(16))
async def test_the_last_way_heard_the_same_wrong_value_twice_is_not_asked_a_third_time(seed: int) -> None:
    name, local, domain = _person(seed)
    wrong = _misheard(domain)
    t = Talk(Modality.SPOKEN, caller_number="+48123458102", silence_limit=3)  # abroad: no text offered
    transcript = [f"K: {(await t.open()).text}"]
    r = await t.say(name.lower())
    transcript.append(f"K: {r.text}")
    asked_again = False
    for _ in range(40):
        low = r.text.lower()
        if r.end:
            break
        if "did you mean" in low:
            said = "yes" if f"{_spelled(local)}, at {domain}" in low else "no"
        elif "your name is" in low or "is that right after all" in low:
            said = "no" if "after all" in low else "no, the email is wrong"
        elif "last name" in low:
            said = name.split()[-1]
        elif "number" in low:
            said = "this number"
        elif "therapist" in low:
            said = "client"
        elif "after the at" in low:
            said = "at " + _spelled(wrong)
        elif "before the at" in low:
            said = _spelled(local)
        elif not asked_again:  # "sorry?" to the first ask: asked again, which was no failed answer
            said, asked_again = "sorry?", True
        else:  # the address, spelled, its domain misheard the same way each time
            said = f"{_spelled(local)} at {_spelled(wrong)}"
        r = await t.say(said)
        transcript += [f"P: {said}", f"K: {r.text}"]
    assert r.end, "\n".join(transcript)
    assert not t.saves, t.saves  # nothing the person said was wrong is saved
    assert not repeated_questions(transcript), "\n".join(transcript)
