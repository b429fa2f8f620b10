"""An address typed on a phone whose keyboard curls its apostrophe (round 15 finding).

"sean.o’brien@gmail.com" (a phone's smart punctuation types ’ for ') was read from after the apostrophe and
brien@gmail.com read back and saved: an address that is not the person's. Faker surnames with an apostrophe (Irish,
Italian, French), typed in an address with the curly one: the address is saved with the apostrophe the person
meant.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import fake_for, plain
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_IE", "it_IT", "fr_FR", "en_US")


def _apostrophe_surname(seed: int) -> str:
    fake = fake_for(seed, _LOCALES)
    for _ in range(300):
        last = fake.last_name()
        if "'" in last and plain(last).replace("'", "").isalpha():
            return plain(last)
    return ("o'brien", "d'angelo", "o'connor", "dell'acqua")[seed % 4]


@pytest.mark.parametrize("how", ["{}", "my email is {}", "it’s {} thanks"])
@pytest.mark.parametrize("seed", range(6))
async def test_a_curly_apostrophe_in_a_typed_address_is_kept(how: str, seed: int) -> None:
    last = _apostrophe_surname(seed)
    local = f"{'sean' if seed % 2 else 'm'}.{last}"
    typed = f"{local}@{('gmail.com', 'eircom.net', 'libero.it')[seed % 3]}"
    t = Talk(Modality.WRITTEN, caller_number="+14155550100")
    await t.open()
    await t.say("Ana Lima")
    await t.say("this number")
    await t.say(how.format(typed.replace("'", "’")))
    r = await t.say("client")
    assert f"email {typed};" in r.text, r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["email"] == typed
