"""A generation after a name: "John Smith, Jr." and "John Smith the third".

"John Smith, Jr." was read as a surname, a comma and a given name ("Smith, John"): "Thanks, Jr.", read
back "Jr John Smith". "John Smith the third" was no name at all. People come from Faker's English locales;
each types or says the suffix the ways people do.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_SAID = [
    (", Jr.", "Jr"), (", Sr.", "Sr"), (", III", "III"), (", jr", "Jr"), (" the third", "III"),
    (" the second", "II"), (" 3rd", "III"), (" Jr.", "Jr"),
]  # fmt: skip


def _people() -> list[tuple[str, str, str, str]]:
    cases: list[tuple[str, str, str, str]] = []
    for n, locale in enumerate(("en_US", "en_GB", "en_AU", "en_CA")):
        fake = Faker(locale)
        fake.seed_instance(303)
        for k, (said, written) in enumerate(_SAID):
            first, last = fake.first_name(), fake.last_name()
            if (n + k) % 3 == 0:
                first, last = first.upper(), last.upper()  # typed in capitals
            cases.append((first, last, said, written))
    return cases


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize(("first", "last", "said", "written"), _people())
async def test_a_generation_stays_after_the_name(
    first: str, last: str, said: str, written: str, spoken: bool
) -> None:
    line = f"{first} {last}{said}"
    t = Talk(Modality.SPOKEN if spoken else Modality.WRITTEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(line.lower() if spoken else line)
    given = first.capitalize() if first.isupper() else first
    assert f"thanks, {given.lower()}" in r.text.lower(), (line, r.text)  # called by the given name
    for answer in ("this number", "dana@example.com", "client", "yes"):
        r = await t.say(answer)
    assert len(t.saves) == 1, (line, r.text)
    saved = t.saves[0]["full_name"]
    assert saved.lower() == f"{first} {last} {written}".lower(), (line, saved)
