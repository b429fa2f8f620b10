"""A name typed with a decomposed accent or an invisible mark is the name the person sees (issue 11).

Some keyboards and pasted text send "á" as "a" + U+0301, and text copied from a web page or a chat
app brings zero-width spaces and direction marks with it. Found by the second attack round: "Aná
Lima" typed decomposed was confirmed at the read-back and then refused at the save, and a surname
split by a zero-width space was never taken. Each person is signed up twice through the real core
(offline brain, both databases): typed plainly, and typed the odd way; both saves must be the same.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest

from app.runtime import Runtime
from knotty.agent import Inbound
from tests.corpus.strangers import make_strangers

ACCENTED = [p for p in make_strangers(400, 777) if unicodedata.normalize("NFD", p.full_name) != p.full_name][
    :6
]
ODD_FORMS: dict[str, Callable[[str], str]] = {
    "decomposed": lambda name: unicodedata.normalize("NFD", name),
    "zero-width space in the surname": lambda name: name[:-2] + "\u200b" + name[-2:],
    "direction marks around it": lambda name: f"\u2067{name}\u2069\u200e",
}


async def _sign_up(rt: Runtime, who: str, name: str, phone: str, email: str) -> str | None:
    for said in ("hi, I'd like to join the waitlist", name, phone, email, "client", "yes", "no thanks"):
        await rt.agent.turn(Inbound("web", who, said))
    entries = [e for e in await rt.store.list_entries() if e.email == email]
    return entries[0].full_name if entries else None


@pytest.mark.parametrize("form", ODD_FORMS)
async def test_an_oddly_typed_name_is_saved_as_the_same_name(runtime: Runtime, form: str) -> None:
    assert len(ACCENTED) == 6
    for n, person in enumerate(ACCENTED):
        plain = await _sign_up(
            runtime, f"plain{n}", person.full_name, f"+1415555{n:04d}", f"p{n}@example.com"
        )
        odd = await _sign_up(
            runtime, f"odd{n}", ODD_FORMS[form](person.full_name), f"+1415556{n:04d}", f"o{n}@example.com"
        )
        assert plain is not None, person.full_name
        assert odd == plain, (form, person.full_name)
