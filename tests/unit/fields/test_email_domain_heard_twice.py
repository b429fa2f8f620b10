"""An "at" the line lost before a provider, where what came before is a domain itself: no address.

Whisper tiny.en wrote "at gmail dot com" as "Email dot com, gmail dot com.": Knotty read back "e m a i l, dot,
c o m, at gmail dot com", an address nobody said. What comes before a provider with no "at" said is no local
part when it is the word "email" or ends in a top-level domain; a real local part before a provider with its
"at" lost ("h f o x gmx dot de") is still read. Addresses from Faker in many locales.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.fields import extract_email
from knotty.fields.email_typos import COMMON_DOMAINS

_LOCALES = ["en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "nl_NL", "en_GB"]
_DOUBLED = (
    "Email dot com, {domain}.",
    "email dot com {domain}",
    "mail dot com, {domain}",
    "e-mail dot net {domain}",
)


def _said(domain: str) -> str:
    return domain.replace(".", " dot ")


def _providers() -> list[str]:
    return sorted(d for d in COMMON_DOMAINS if d.count(".") == 1)[:24]


@pytest.mark.parametrize("domain", _providers())
def test_a_domain_heard_twice_is_no_address(domain: str) -> None:
    for shape in _DOUBLED:
        said = shape.format(domain=_said(domain))
        assert extract_email(said) is None, said


@pytest.mark.parametrize("seed", range(16))
def test_a_local_part_before_a_provider_with_its_at_lost_is_still_read(seed: int) -> None:
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    local = "".join(c for c in fake.user_name().lower() if c.isascii() and c.isalpha())[:10] or "ana"
    domain = _providers()[seed % len(_providers())]
    said = f"{' '.join(local)} {_said(domain)}"
    assert extract_email(said) == f"{local}@{domain}", said
