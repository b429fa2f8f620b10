"""A name given after "this is" or a hello of the person's own language (round 15 finding).

"c'est Mme Claire Dubois" was greeted "Thanks, C'Est." and saved "C'Est Mme Claire Dubois"; "sono Marco Rossi",
"jestem Anna Nowak", "hier ist Klaus Schmidt" were greeted "Sono", "Jestem", "Hier", and "Bonjour, c'est Claire
Dubois" "Thanks, Bonjour. And your last name, please?". Faker people of each language, typed as a first answer
and as a first text message: the name alone is greeted and saved.
"""

from __future__ import annotations

import pytest

from knotty.brains.scripted.understanding import understand_first_text
from knotty.fields import normalize_name
from knotty.state import Modality
from tests.unit.brains.callers import fake_for
from tests.unit.brains.conftest import Talk

_SAID = {
    "fr_FR": ("c'est {}", "Bonjour, c'est {}", "ici {}", "Salut ! c'est {}"),
    "fr_CA": ("c'est {}", "Bonjour, c'est Mme {}"),
    "it_IT": ("sono {}", "Ciao, sono {}", "Buongiorno, sono {}"),
    "pl_PL": ("jestem {}", "Dzień dobry, jestem {}", "Cześć, jestem {}"),
    "de_AT": ("hier ist {}", "Servus, ich bin {}", "Grüß Gott. hier spricht {}"),
    "de_CH": ("Grüezi, hier ist {}",),
    "cs_CZ": ("Dobrý den, jsem {}", "Ahoj, jsem {}"),
    "nl_BE": ("hier is {}", "Goedendag, ik ben {}"),
    "es_AR": ("aquí {}", "Buenas tardes, soy {}"),
    "fi_FI": ("olen {}",),
}
_CASES = [(locale, said, seed) for locale, phrases in _SAID.items() for said in phrases for seed in range(2)]


def _person(locale: str, seed: int) -> tuple[str, str]:
    fake = fake_for(seed, (locale,))
    first, last = fake.first_name(), fake.last_name()
    while not (first.isalpha() and last.isalpha()):
        first, last = fake.first_name(), fake.last_name()
    return first, last


@pytest.mark.parametrize(("locale", "said", "seed"), _CASES)
async def test_the_name_after_a_foreign_this_is_is_greeted_and_saved(
    locale: str, said: str, seed: int
) -> None:
    first, last = _person(locale, seed)
    t = Talk(Modality.WRITTEN, caller_number="+14155550100")
    await t.open()
    r = await t.say(said.format(f"{first} {last}"))
    assert f"Thanks, {normalize_name(first)}." in r.text, r.text
    await t.say("this number")
    await t.say("pat.doe@gmail.com")
    await t.say("client")
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == normalize_name(f"{first} {last}")


@pytest.mark.parametrize(("locale", "said", "seed"), _CASES[::2])
def test_the_name_after_a_foreign_this_is_in_a_first_text(locale: str, said: str, seed: int) -> None:
    first, last = _person(locale, seed)
    r = understand_first_text(said.format(f"{first} {last}") + ", therapist", region="US")
    assert r.values.get("full_name") == normalize_name(f"{first} {last}")
