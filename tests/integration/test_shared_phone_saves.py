"""Which saves from a proven number (an SMS sender, a caller ID) update the entry listing it, on both
databases and on both of the store's paths (the driver's and SQLAlchemy Core's).

A number proves the phone, not which of the family sharing it speaks. Its entry is updated in place only
by its person again: the same first name and the same surname or the same email (a married name, a new
address). Anyone else (another first name; the same first name with another surname and another
email, two Alexes; a parent and a child of one name, "Jr") is saved apart for the admin, the listed
entry left exactly as it was. People from Faker in several locales.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from faker import Faker

from knotty.fields._name_reading import folded
from knotty.store import Store, create_engine
from tests.conftest import on_core_path

_LOCALES = ("en_US", "es_MX", "fr_FR", "de_DE", "pt_BR", "en_GB")
_PHONE = "+14155550100"


@pytest.fixture(params=["driver", "core"])
async def store(database_url: str, request: pytest.FixtureRequest) -> AsyncIterator[Store]:
    engine = create_engine(database_url)
    store = Store(engine)
    yield on_core_path(store) if request.param == "core" else store
    await store.aclose()
    await engine.dispose()


def _family(seed: int) -> tuple[str, str, str, str, str]:
    """A first name, a surname, another surname sharing no word with it, and two addresses."""
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    first, last, other = fake.first_name(), fake.last_name(), fake.last_name()
    while not {folded(w) for w in other.replace("-", " ").split()}.isdisjoint(
        folded(w) for w in last.replace("-", " ").split()
    ):
        other = fake.last_name()
    one, two = (f"{fake.user_name()}.{seed}{i}@{fake.free_email_domain()}" for i in range(2))
    return first, last, other, one, two


async def _listed_then_texted(
    store: Store, listed: tuple[str, str], texted: tuple[str, str]
) -> tuple[int, int]:
    """The listed entry's id, and the id the signup from its proven number was written to."""
    first = await store.save_entry(
        full_name=listed[0], phone=_PHONE, email=listed[1], role="client", channel="web"
    )
    again = await store.save_entry(
        full_name=texted[0],
        phone=_PHONE,
        email=texted[1],
        role="therapist",
        channel="sms",
        proven_phone=_PHONE,
    )
    assert first.entry.id is not None and again.entry.id is not None
    return first.entry.id, again.entry.id


@pytest.mark.parametrize("seed", range(3))
async def test_the_same_first_name_with_another_surname_and_email_is_kept_apart(
    store: Store, seed: int
) -> None:
    first, last, other, one, two = _family(seed)
    listed, theirs = await _listed_then_texted(store, (f"{first} {last}", one), (f"{first} {other}", two))
    assert theirs != listed
    kept = await store.get_entry(listed)
    assert kept is not None and (kept.full_name, kept.email, kept.role) == (f"{first} {last}", one, "client")
    apart = await store.get_entry(theirs)
    assert apart is not None and apart.review_reason and f"#{listed}" in apart.review_reason


@pytest.mark.parametrize("seed", range(3))
async def test_a_child_of_the_same_name_with_another_email_is_kept_apart(store: Store, seed: int) -> None:
    first, last, _, one, two = _family(seed + 10)
    listed, theirs = await _listed_then_texted(store, (f"{first} {last}", one), (f"{first} {last} Jr", two))
    assert theirs != listed
    kept = await store.get_entry(listed)
    assert kept is not None and (kept.full_name, kept.email) == (f"{first} {last}", one)


@pytest.mark.parametrize("seed", range(4))
async def test_the_holder_changing_only_the_surname_or_only_the_email_updates_in_place(
    store: Store, seed: int
) -> None:
    first, last, other, one, two = _family(seed + 20)
    changed = (f"{first} {other}", one) if seed % 2 else (f"{first.upper()} {last}", two)
    listed, theirs = await _listed_then_texted(store, (f"{first} {last}", one), changed)
    assert theirs == listed and len(await store.list_entries()) == 1
    entry = await store.get_entry(listed)
    assert entry is not None and (entry.full_name, entry.email, entry.review_reason) == (*changed, None)
